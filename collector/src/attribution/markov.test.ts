import { describe, expect, it } from 'vitest';
import { encodePaths } from './encode.js';
import { removalEffects } from './markov.js';
import { path } from './test-paths.js';

function effects(paths: [string, boolean][], removal: 'drop' | 'redistribute') {
  const e = encodePaths(paths.map(([k, m]) => path(k, m)));
  const r = removalEffects(e.paths, e.keys.length, { removal });
  return { conversion: r.conversion, ...Object.fromEntries(e.keys.map((k, i) => [k, r.effects[i]])) };
}

describe('Markov removal effect', () => {
  it.each([
    {
      name: 'textbook example (C1 > C2 > C3 converts; C1 does not; C2 > C3 does not): C1 ½, C2 and C3 1',
      paths: [['C1 C2 C3', true], ['C1', false], ['C2 C3', false]] as [string, boolean][],
      removal: 'drop' as const,
      want: { conversion: 1 / 3, C1: 0.5, C2: 1, C3: 1 },
    },
    {
      name: 'textbook, dropping: A reached by two thirds, B the only way to convert',
      paths: [['A B', true], ['A', false], ['B', true]] as [string, boolean][],
      removal: 'drop' as const,
      want: { conversion: 2 / 3, A: 0.5, B: 1 },
    },
    {
      name: 'redistributing: without A everyone goes straight to B and converts, so A costs moves; without B, visitors of A end as the journeys ending at A did',
      paths: [['A B', true], ['A', false], ['B', true]] as [string, boolean][],
      removal: 'redistribute' as const,
      want: { conversion: 2 / 3, A: -0.5, B: 1 },
    },
    {
      name: 'redistributing: X inserted at random before A changes nothing, so it gets 0 (and A, which everyone passes, is skipped: 0 too)',
      paths: [['X A', true], ['X A', false], ['A', true], ['A', false]] as [string, boolean][],
      removal: 'redistribute' as const,
      want: { conversion: 0.5, X: 0, A: 0 },
    },
    {
      name: 'dropping the same X credits its reach: half the moves pass through it',
      paths: [['X A', true], ['X A', false], ['A', true], ['A', false]] as [string, boolean][],
      removal: 'drop' as const,
      want: { conversion: 0.5, X: 0.5, A: 1 },
    },
    {
      name: 'nothing converts: every effect is 0',
      paths: [['A B', false], ['B', false]] as [string, boolean][],
      removal: 'redistribute' as const,
      want: { conversion: 0, A: 0, B: 0 },
    },
  ])('$name', ({ paths, removal, want }) => {
    const got = effects(paths, removal) as Record<string, number>;
    for (const [k, v] of Object.entries(want)) expect(got[k], k).toBeCloseTo(v, 10);
  });

  it('the textbook example normalised gives the published shares 0.2, 0.4, 0.4', () => {
    const r = effects([['C1 C2 C3', true], ['C1', false], ['C2 C3', false]], 'drop') as Record<string, number>;
    const sum = r.C1 + r.C2 + r.C3;
    expect([r.C1 / sum, r.C2 / sum, r.C3 / sum]).toEqual([0.2, 0.4, 0.4].map((x) => expect.closeTo(x, 10)));
  });

  it('redistributing: the only first step (the channel of the visit) is skipped, not lost: 0', () => {
    const r = effects([['ch X', true], ['ch Y', false], ['ch X', false], ['ch Y', false]], 'redistribute') as Record<string, number>;
    expect(r.ch).toBeCloseTo(0, 10);
    expect(r.X).toBeCloseTo(1 - 0 / 0.25, 10); // without X everyone takes Y, which never converts
  });

  it('a loop back to an earlier touch still converges', () => {
    const r = effects([['A B A B', true], ['A', false], ['B A', true]], 'drop') as Record<string, number>;
    expect(r.conversion).toBeGreaterThan(0);
    expect(r.conversion).toBeLessThanOrEqual(1);
  });
});
