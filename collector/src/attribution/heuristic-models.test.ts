import { describe, expect, it } from 'vitest';
import { encodePaths } from './encode.js';
import { pathShares, type HeuristicModel } from './heuristic-models.js';
import { path } from './test-paths.js';

/** Shares of one path under a model, by key name. */
function shares(keys: string, model: HeuristicModel, gapsDays?: number[]): Record<string, number> {
  const e = encodePaths([path(keys, true, { gapsDays })]);
  return Object.fromEntries(pathShares(e.paths[0], model, { halfLifeMs: 86_400_000 }).map(([k, s]) => [e.keys[k], s]));
}

describe('rule-based models share one move among the touches', () => {
  it.each([
    { model: 'first', keys: 'A B C', want: { A: 1 } },
    { model: 'last', keys: 'A B C', want: { C: 1 } },
    { model: 'linear', keys: 'A B C D', want: { A: 0.25, B: 0.25, C: 0.25, D: 0.25 } },
    { model: 'linear', keys: 'A B A', want: { A: 2 / 3, B: 1 / 3 } },
    { model: 'position', keys: 'A B C D', want: { A: 0.4, B: 0.1, C: 0.1, D: 0.4 } },
    { model: 'position', keys: 'A B C D E', want: { A: 0.4, B: 0.2 / 3, C: 0.2 / 3, D: 0.2 / 3, E: 0.4 } },
    { model: 'position', keys: 'A B', want: { A: 0.5, B: 0.5 } },
    { model: 'position', keys: 'A', want: { A: 1 } },
    // One-day half-life; B a day before the move, A two days: weights ½ and ¼, so ⅓ and ⅔.
    { model: 'time_decay', keys: 'A B', want: { A: 1 / 3, B: 2 / 3 } },
  ] as { model: HeuristicModel; keys: string; want: Record<string, number> }[])('$model over "$keys"', ({ model, keys, want }) => {
    const got = shares(keys, model);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expect(got[k], k).toBeCloseTo(v, 10);
  });

  it('time_decay halves a touch for every half-life before the move', () => {
    const got = shares('A B', 'time_decay', [1, 2]); // A three days before the move, B one day
    expect(got.B / got.A).toBeCloseTo(4, 10);
  });

  it('a key repeated back to back within one visit is one step; in two visits, two', () => {
    expect(shares('A+A B', 'first')).toEqual({ A: 1 });
    expect(shares('A+A B', 'linear')).toEqual({ A: 0.5, B: 0.5 });
    expect(shares('A A B', 'linear')).toEqual({ A: 2 / 3, B: 1 / 3 });
  });

  it('an empty path shares nothing', () => {
    expect(shares('', 'linear')).toEqual({});
  });
});
