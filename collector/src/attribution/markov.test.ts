import { describe, expect, it } from 'vitest';
import { encodePaths } from './encode.js';
import { removalEffects } from './markov.js';
import { path, times } from './test-paths.js';

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
      name: 'visit steps: P read in the visit that moved on (B too) counts as near the move as B, whatever the order; without P its visitors take B, which moves a third on',
      paths: [['P+B', true], ['B', false]] as [string, boolean][],
      removal: 'redistribute' as const,
      // start → P ¼, B ¾ (the first visit's weight shared by its two keys); P → moved 1; B → moved ⅓, not ⅔.
      want: { conversion: 0.5, P: 1 - (1 / 3) / 0.5, B: 1 - 1 / 0.5 },
    },
    {
      name: 'visit steps: the same visit with its pages in the other order gives the same effects',
      paths: [['B+P', true], ['B', false]] as [string, boolean][],
      removal: 'redistribute' as const,
      want: { conversion: 0.5, P: 1 / 3, B: -1 },
    },
    {
      name: 'visit steps: a key repeated within one visit counts once (P+B+P is the visit P+B)',
      paths: [['P+B+P', true], ['B', false]] as [string, boolean][],
      removal: 'redistribute' as const,
      want: { conversion: 0.5, P: 1 / 3, B: -1 },
    },
    {
      name: 'visit steps, dropping: the textbook removal over visits (A+B then C moves on; C alone does not)',
      paths: [['A+B C', true], ['C', false]] as [string, boolean][],
      removal: 'drop' as const,
      // start → A ¼, B ¼, C ½; A → C, B → C; C → moved ½, not ½: without A or B a quarter of the walkers are lost.
      want: { conversion: 0.5, A: 0.25, B: 0.25, C: 1 },
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

  it('per visit: the moves lost without a key over the weight of the visits holding it, the difference between its chance and its alternatives\'', () => {
    // P+B moved on, B did not: P holds half of one visit (¼ of the start), B one and a half.
    // Without P its walkers take B (⅓ move on) instead of P (all do): ⅔ more per visit with P.
    const e = encodePaths([path('P+B', true), path('B', false)]);
    const r = removalEffects(e.paths, e.keys.length);
    const got = Object.fromEntries(e.keys.map((k, i) => [k, r.perVisit[i]]));
    expect(got.P).toBeCloseTo(1 - 1 / 3, 10);
    expect(got.B).toBeCloseTo(-2 / 3, 10); // without B all its walkers take P
  });

  it('per visit: a page that persuades as much as another but is read three times as often gets about the same credit (its removal effect is about three times as large)', () => {
    // Visits with R or F move on twice as often as visits with only N; R is read three times as often as F.
    const paths = [
      ...times(30, () => path('N+R', true)), ...times(30, () => path('N+R', false)),
      ...times(10, () => path('N+F', true)), ...times(10, () => path('N+F', false)),
      ...times(40, () => path('N', true)), ...times(120, () => path('N', false)),
    ];
    const e = encodePaths(paths);
    const r = removalEffects(e.paths, e.keys.length);
    const at = (k: string) => e.keys.indexOf(k);
    // Not exactly: without R some of its walkers take F, which persuades too, so R loses a little less.
    expect(Math.abs(r.perVisit[at('R')] - r.perVisit[at('F')])).toBeLessThan(0.02);
    expect(r.effects[at('R')] / r.effects[at('F')]).toBeGreaterThan(2.5);
    expect(r.perVisit[at('R')]).toBeGreaterThan(0.15); // 0.5 against 0.25 for visits with N alone, less what N's own rate owes to R and F
  });

  it('a loop back to an earlier touch still converges', () => {
    const r = effects([['A B A B', true], ['A', false], ['B A', true]], 'drop') as Record<string, number>;
    expect(r.conversion).toBeGreaterThan(0);
    expect(r.conversion).toBeLessThanOrEqual(1);
  });
});
