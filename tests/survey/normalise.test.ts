// Every survey answer is kept raw and read as −1..+1 through the one normaliseScore (wire/index.ts),
// which the journey's emotion curve and the analyst UI both use.
import { describe, expect, it } from 'vitest';
import { normaliseScore } from '../../wire/index.js';

describe('normaliseScore', () => {
  it.each([
    ['emotion5', 1, -1], ['emotion5', 3, 0], ['emotion5', 5, 1], ['emotion5', 4, 0.5],
    ['csat', 2, -0.5], ['ces', 1, -1], ['ces', 7, 1], ['ces', 5, 0.333],
    ['nps', 0, -1], ['nps', 10, 1], ['nps', 9, 0.8], ['nps', 12, 1],
    ['text', 3, null], ['csat', null, null],
  ] as const)('%s %s → %s', (instrument, score, expected) => {
    expect(normaliseScore(instrument, score)).toBe(expected);
  });
});
