import { describe, expect, it } from 'vitest';
import type { Journey } from '../journey/types.js';
import type { Stage } from '../../../wire/schema.js';
import { seededRandom } from '../seed/random.js';
import { BOOTSTRAP_UNITS, compareStages } from './compare.js';
import { bootstrapMedianSe } from './intervals.js';
import { sampleStages, type StageSample } from './stage-sample.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const MIN = 60_000;

/**
 * A hand-made journey: `stages` as [stage, minute entered]; `emotion` as [stage, source, score]
 * points on touchpoints of that stage; `pain` as [stage, kind].
 */
function journey(id: string, stages: [Stage, number][], emotion: [Stage, 'explicit' | 'inferred', number][] = [], pain: [Stage, string][] = []): Journey {
  const touchpoints = emotion.map(([stage], i) => ({ id: `${id}-t${i}`, stage }));
  return {
    customerId: id, anonymousIds: [id], userIds: [], currentStage: stages[stages.length - 1][0], furthestStage: stages[stages.length - 1][0],
    stages: stages.map(([stage, m]) => ({ stage, enteredAt: new Date(T0 + m * MIN).toISOString() })),
    sessions: [], touchpoints,
    emotion: emotion.map(([, source, score], i) => ({ touchpointId: `${id}-t${i}`, source, score })),
    painPoints: pain.map(([stage, kind]) => ({ stage, kind })),
  } as unknown as Journey;
}

const many = (n: number, make: (i: number) => Journey) => Array.from({ length: n }, (_, i) => make(i));

describe('sampleStages', () => {
  it('keeps one unit per customer: conversions, times to next, emotion sums and pain kinds met', () => {
    const [awareness, consideration, purchase] = sampleStages([
      journey('ann', [['awareness', 0], ['consideration', 5], ['purchase', 25]], [['consideration', 'explicit', 1], ['consideration', 'explicit', 0], ['consideration', 'inferred', -0.5]], [['consideration', 'rage_click'], ['consideration', 'rage_click']]),
      journey('ben', [['awareness', 0], ['consideration', 10]], [['consideration', 'explicit', -1]], [['consideration', 'drop_off']]),
      journey('cat', [['awareness', 0]]),
    ]);
    expect([awareness.customers, awareness.converted, awareness.timesToNext.map((t) => t / MIN)]).toEqual([3, 2, [5, 10]]);
    expect([consideration.customers, consideration.converted, consideration.timesToNext.map((t) => t / MIN)]).toEqual([2, 1, [20]]);
    expect(consideration.explicit).toEqual([[1, 2], [-1, 1]]); // ann's two points are one customer
    expect(consideration.inferred).toEqual([[-0.5, 1]]);
    expect(Object.fromEntries(consideration.painPoints)).toEqual({ rage_click: 1, drop_off: 1 }); // customers, not occurrences
    expect([purchase.customers, purchase.converted]).toEqual([1, 0]);
  });
});

describe('compareStages', () => {
  // 200 customers per group; in `a` 120 of them move from consideration to purchase, in `b` 60.
  const group = (converting: number, prefix: string) => many(200, (i) => journey(`${prefix}${i}`,
    i < converting ? [['awareness', 0], ['consideration', 10], ['purchase', 70]] : [['awareness', 0], ['consideration', 10]],
    [['consideration', 'inferred', i % 2 ? 0.5 : -0.5]], i % 10 === 0 ? [['consideration', 'loop']] : []));

  it('flags a real difference in conversion with a Newcombe interval, and nothing that is the same', () => {
    const c = compareStages(sampleStages(group(120, 'a')), sampleStages(group(60, 'b')));
    const consideration = c.stages[1];
    expect(consideration.customers).toEqual({ a: 200, b: 200 });
    expect(consideration.conversion).toMatchObject({ a: 0.6, b: 0.3, flagged: true });
    expect(consideration.conversion!.difference).toBeCloseTo(0.3, 10);
    expect(consideration.conversion!.low).toBeGreaterThan(0.19);
    expect(consideration.conversion!.high).toBeLessThan(0.4);
    // Every other cell holds equal values in both groups.
    expect(c.stages[0].conversion).toMatchObject({ a: 1, b: 1, difference: 0, flagged: false });
    expect(consideration.emotion.inferred).toMatchObject({ difference: 0, flagged: false });
    expect(consideration.painPoints).toEqual([expect.objectContaining({ kind: 'loop', a: 0.1, b: 0.1, flagged: false })]);
    expect(c.stages[2].medianTime).toBeNull(); // nobody moves on from purchase
  });

  it('corrects for the number of cells: a difference significant alone is not flagged among many', () => {
    // 112/200 vs 90/200: the plain 95 % interval excludes zero, the corrected one does not.
    const c = compareStages(sampleStages(group(112, 'a')), sampleStages(group(90, 'b')));
    const conversion = c.stages[1].conversion!;
    expect(conversion.low).toBeGreaterThan(0);
    expect(conversion.flagged).toBe(false);
    expect(c.correction).toBe('bonferroni');
  });

  it('counts only cells with data in both groups, and judges flags at 1 − 0.05 / cells', () => {
    const c = compareStages(sampleStages(group(120, 'a')), sampleStages(group(60, 'b')));
    // awareness: conversion, time; consideration: conversion, time, inferred emotion, loop rate;
    // purchase: conversion (time has no converters).
    expect(c.cells).toBe(7);
    expect(c.flagLevel).toBeCloseTo(1 - 0.05 / 7, 12);
  });

  it('gives the same answer for the same seed', () => {
    const a = sampleStages(group(120, 'a'));
    const b = sampleStages(group(60, 'b'));
    expect(compareStages(a, b, { seed: 4 })).toEqual(compareStages(a, b, { seed: 4 }));
  });
});

describe('large groups', () => {
  it('gives a large group about the standard error a full bootstrap of it gives, without one', () => {
    const r = seededRandom(5);
    const n = BOOTSTRAP_UNITS * 8;
    const times = (scale: number) => Array.from({ length: n }, () => -Math.log(1 - r.next()) * scale);
    const sample = (t: number[]): StageSample[] => [{ stage: 'awareness', customers: n, converted: n, timesToNext: t, explicit: [], inferred: [], painPoints: new Map() },
      ...Array.from({ length: 5 }, () => ({ stage: 'advocacy' as Stage, customers: 0, converted: 0, timesToNext: [], explicit: [], inferred: [], painPoints: new Map() }))];
    const [ta, tb] = [times(60), times(60)];
    const c = compareStages(sample(ta), sample(tb), { samples: 300 });
    const shown = c.stages[0].medianTime!;
    const se = (shown.high - shown.low) / (2 * 1.959963984540054);
    const whole = Math.hypot(bootstrapMedianSe(ta, { samples: 300, seed: 1 }), bootstrapMedianSe(tb, { samples: 300, seed: 2 }));
    expect(se / whole).toBeGreaterThan(0.9);
    expect(se / whole).toBeLessThan(1.1);
  });
});
