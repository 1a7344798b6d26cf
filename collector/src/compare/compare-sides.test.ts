import { describe, expect, it } from 'vitest';
import { reconstruct } from '../evaluate/journeys.js';
import { journeyState } from '../journey/journey-state.js';
import type { Journey } from '../journey/types.js';
import { arrivalOrder, simulate } from '../simulate/index.js';
import { compareStages } from './compare.js';
import { compareSides, filtersSide } from './compare-sides.js';
import { sampleStages } from './stage-sample.js';
import { createStateSampler } from './state-sample.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');

function journeys(seed: number, people: number): Journey[] {
  const emitted = [...simulate({ people, seed, now: NOW, days: 60 })].flatMap((p) => p.events);
  return reconstruct(arrivalOrder(emitted, seed), NOW);
}

describe('comparing from journey states', () => {
  const all = journeys(7, 300);
  const states = all.map((j) => journeyState(j, {}));

  it('samples a state exactly as the journey it was built from', () => {
    const fromStates = createStateSampler(NOW);
    for (const s of states) fromStates.add(s);
    const fromJourneys = sampleStages(all);
    const rounded = (xs: readonly (readonly [number, number])[]) => xs.map(([s, c]) => [Math.round(s * 1e6), c]);
    fromStates.result().forEach((s, i) => {
      const j = fromJourneys[i];
      expect([s.stage, s.customers, s.converted, s.timesToNext]).toEqual([j.stage, j.customers, j.converted, j.timesToNext]);
      expect(rounded(s.explicit)).toEqual(rounded(j.explicit));
      expect(rounded(s.inferred)).toEqual(rounded(j.inferred));
      expect(Object.fromEntries(s.painPoints)).toEqual(Object.fromEntries(j.painPoints));
    });
    expect(fromJourneys.some((s) => s.painPoints.size > 0 && s.inferred.length > 0)).toBe(true); // the check has something to compare
  });

  it('compares two predicates over states as compareStages compares the two groups of journeys', () => {
    const even = (id: string) => [...id].reduce((h, ch) => h + ch.charCodeAt(0), 0) % 2 === 0;
    const c = compareSides(states, (s) => even(s.customerId), (s) => !even(s.customerId), { asOf: NOW, seed: 3 });
    const expected = compareStages(sampleStages(all.filter((j) => even(j.customerId))), sampleStages(all.filter((j) => !even(j.customerId))), { seed: 3 });
    expect(c.stages.map((s) => [s.stage, s.customers, s.conversion?.a, s.conversion?.b, s.conversion?.low])).toEqual(
      expected.stages.map((s) => [s.stage, s.customers, s.conversion?.a, s.conversion?.b, s.conversion?.low]));
    expect(c.cells).toBe(expected.cells);
  });

  it('puts a customer active in both periods on both sides', () => {
    const day = 86_400_000;
    const c = compareSides(states, filtersSide({ from: NOW - 60 * day, to: NOW }).test, filtersSide({}).test, { asOf: NOW });
    expect(c.stages[0].customers.a).toBe(c.stages[0].customers.b);
  });

  it('refuses a period that does not fall on whole days: states keep days, not times', () => {
    expect(() => filtersSide({ from: NOW + 1 })).toThrow(/must be dates/);
  });
});

describe('small groups', () => {
  it('never flags a cell with fewer than 10 customers behind it in either group, however large the difference', () => {
    const all = journeys(11, 120);
    const states = all.map((j) => journeyState(j, {}));
    const buyers = states.filter((s) => s.stages.some((e) => e.stage === 'purchase'));
    const nine = new Set(buyers.slice(0, 9).map((s) => s.customerId));
    const none = new Set(states.filter((s) => !buyers.includes(s)).map((s) => s.customerId));
    // 9 buyers against customers who never bought: the stages before purchase convert far better.
    const few = compareSides(states, (s) => nine.has(s.customerId), (s) => none.has(s.customerId), { asOf: NOW });
    expect(few.stages.find((s) => s.stage === 'purchase')!.customers.a).toBe(9);
    expect(few.stages.flatMap((s) => [s.conversion, s.medianTime, ...s.painPoints]).some((x) => x?.flagged)).toBe(false);
    const ten = new Set(buyers.slice(0, 30).map((s) => s.customerId));
    const enough = compareSides(states, (s) => ten.has(s.customerId), (s) => none.has(s.customerId), { asOf: NOW });
    expect(enough.stages.some((s) => s.conversion?.flagged)).toBe(true);
  });
});
