import { describe, expect, it } from 'vitest';
import { attribute } from './attribute.js';
import { friction } from './friction.js';
import { seededRandom } from '../seed/random.js';
import { path, times } from './test-paths.js';
import type { TransitionPath } from './paths.js';

/**
 * A population with a known answer: a customer browses B, and with chance ½ then sees P, which
 * persuades: moving on right after it is 50 % likely, against 20 % without it. Half the customers
 * land on A first, which does nothing: they go on to B all the same.
 */
function population(n: number, seed: number): TransitionPath[] {
  const r = seededRandom(seed);
  return times(n, () => {
    const seen = r.chance(0.5) ? ['B', 'P'] : ['B'];
    const moved = r.chance(seen.includes('P') ? 0.5 : 0.2);
    if (r.chance(0.5)) seen.unshift('A');
    return path(seen.join(' '), moved);
  });
}

const byKey = <T extends { key: string }>(list: T[]) => Object.fromEntries(list.map((t) => [t.key, t]));

describe('attribute', () => {
  const paths = population(4000, 7);
  const a = attribute(paths, { seed: 3 });

  it('markov: a touchpoint with no effect gets credit within its interval of zero; the persuading one clearly above', () => {
    const m = byKey(a.models.markov);
    expect(m.A.low).toBeLessThanOrEqual(0);
    expect(m.A.high).toBeGreaterThanOrEqual(0);
    expect(Math.abs(m.A.credit)).toBeLessThan(0.05);
    expect(m.P.low).toBeGreaterThan(0.2);
    expect(m.P.credit).toBeGreaterThan(m.P.low);
    expect(m.P.credit).toBeLessThan(m.P.high);
  });

  it('the rule-based models give the do-nothing touchpoint credit all the same (it is on converting paths)', () => {
    expect(byKey(a.models.linear).A.low).toBeGreaterThan(0.05);
    expect(byKey(a.models.first).A.credit).toBeGreaterThan(0.3);
    for (const m of ['first', 'last', 'linear', 'time_decay', 'position'] as const) {
      expect(a.models[m].reduce((s, t) => s + t.credit, 0)).toBeCloseTo(1, 10);
    }
  });

  it('counts the journeys behind each figure', () => {
    expect(a.journeys).toBe(4000);
    expect(a.moved).toBe(paths.filter((p) => p.moved).length);
    expect(byKey(a.models.markov).B.journeys).toBe(4000);
    expect(byKey(a.models.markov).P.journeys).toBe(paths.filter((p) => p.touches.some((t) => t.key === 'P')).length);
  });

  it('the same seed gives the same intervals; another seed other ones', () => {
    expect(attribute(paths, { seed: 3 })).toEqual(a);
    expect(attribute(paths, { seed: 4 }).models.markov).not.toEqual(a.models.markov);
  });

  it('rare keys beyond maxKeys share "(other)"', () => {
    const few = attribute([path('A B C', true), path('A', false), path('D', true)], { maxKeys: 2, resamples: 0 });
    expect(few.models.first.map((t) => t.key).sort()).toEqual(['(other)', 'A', 'B']);
  });
});

describe('friction', () => {
  /** F (an error page) comes before 40 % of drop-offs and 5 % of moves; A and B before either alike. */
  function struggling(n: number, seed: number): TransitionPath[] {
    const r = seededRandom(seed);
    return times(n, () => {
      const moved = r.chance(0.5);
      const seen = [r.chance(0.5) ? 'A' : '', 'B', r.chance(moved ? 0.05 : 0.4) ? 'F' : ''].filter(Boolean);
      return path(seen.join(' '), moved, { struggle: !moved });
    });
  }

  it('ranks the touchpoint seen before trouble first, with an interval above 1; the others near 1', () => {
    const f = friction(struggling(2000, 9), { seed: 1 });
    const k = byKey(f.touchpoints);
    expect(f.touchpoints[0].key).toBe('F');
    expect(k.F.lift).toBeGreaterThan(4);
    expect(k.F.low).toBeGreaterThan(1);
    for (const key of ['A', 'B']) {
      expect(k[key].low).toBeLessThanOrEqual(1);
      expect(k[key].high).toBeGreaterThanOrEqual(1);
    }
    expect(f.struggled + f.movedOn).toBe(2000);
  });

  it('only the last few touches before the moment count', () => {
    const f = friction([...times(20, () => path('F A B C', false, { struggle: true })), ...times(20, () => path('A B C', true))], { resamples: 0 });
    expect(byKey(f.touchpoints).F).toBeUndefined();
  });
});
