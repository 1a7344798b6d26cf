// The oracle's inputs: what the simulator knows of a person at a cut-off, and nothing after it.
import { describe, expect, it } from 'vitest';
import type { Sample } from '../predict/model.js';
import { oracleEvaluation, truthAt, type Life } from './prediction.js';

const DAY = 86_400_000;
const T = Date.parse('2026-11-01T00:00:00.000Z');

// Visit 0: a page (day 0). Visit 1: two rage clicks, a slow page, then the cancellation (day 10).
const life: Life = {
  at: [T, T + 10 * DAY, T + 10 * DAY + 1, T + 10 * DAY + 2, T + 10 * DAY + 3, T + 40 * DAY],
  stage: ['awareness', 'retention', 'retention', 'retention', 'consideration', 'consideration'],
  session: [0, 1, 1, 1, 1, 2],
  felt: [false, true, true, false, false, true],
  engagement: -1.5,
};

describe('truthAt', () => {
  it.each([
    ['before anything', T, null],
    ['after the first visit', T + 2 * DAY, [-1.5, 0, Math.log1p(2), 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]],
    // Felt frustrations of the last visit count; the slow page does not; day 40 is not yet seen.
    ['after the second visit', T + 20 * DAY, [-1.5, 2, Math.log1p(10 - 3 / DAY), 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0]],
  ])('%s', (_, cutoff, expected) => {
    const got = truthAt(life, cutoff);
    if (expected === null) return expect(got).toBeNull();
    expect(got!.length).toBe(expected.length);
    got!.forEach((v, j) => expect(v).toBeCloseTo(expected[j] as number, 9));
  });
});

describe('oracleEvaluation', () => {
  it('fits on the training customers and scores the test customers from their hidden state', () => {
    const sample = (i: number, label: 0 | 1): Sample => ({ customerId: `c${i}`, cutoff: 0, stage: 'retention', features: [], label });
    const hidden = new Map<string, number[]>();
    const make = (from: number, n: number) => Array.from({ length: n }, (_, k) => {
      const i = from + k;
      const engagement = ((i * 37) % 100) / 25 - 2;
      hidden.set(`c${i}`, [engagement, (i * 13) % 3]);
      return sample(i, engagement < 0 ? 1 : 0);
    });
    const e = oracleEvaluation(make(0, 200), make(1000, 100), (s) => hidden.get(s.customerId) ?? null)!;
    expect(e.customers).toBe(100);
    expect(e.auc).toBe(1);
  });
});
