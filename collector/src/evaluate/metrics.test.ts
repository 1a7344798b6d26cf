import { describe, expect, it } from 'vitest';
import { exactSets, matchByKey, matchEntries, precision, recall, stageAccuracy } from './metrics.js';

describe('stageAccuracy', () => {
  it.each([
    ['all right', [['a', 'awareness'], ['b', 'purchase']], [['a', 'awareness'], ['b', 'purchase']], { awareness: [1, 1], purchase: [1, 1] }],
    ['one wrong', [['a', 'awareness'], ['b', 'purchase'], ['c', 'purchase']], [['a', 'awareness'], ['b', 'consideration'], ['c', 'purchase']], { awareness: [1, 1], purchase: [1, 2] }],
    ['a dropped event is a miss', [['a', 'retention']], [], { retention: [0, 1] }],
    ['extra predicted events do not count', [['a', 'advocacy']], [['a', 'advocacy'], ['z', 'awareness']], { advocacy: [1, 1] }],
  ] as const)('%s', (_n, truth, predicted, want) => {
    const got = stageAccuracy(truth.map(([id, stage]) => ({ id, stage })), new Map(predicted as any));
    expect(Object.fromEntries([...got].map(([s, v]) => [s, [v.hits, v.total]]))).toEqual(want);
  });
});

describe('matchEntries', () => {
  const e = (stage: any, at: number) => ({ stage, at });
  it.each([
    ['identical', [e('awareness', 0), e('purchase', 5000)], [e('awareness', 0), e('purchase', 5000)], { awareness: [1, 0, 0], purchase: [1, 0, 0] }],
    ['within 1 s matches', [e('purchase', 5000)], [e('purchase', 5999)], { purchase: [1, 0, 0] }],
    ['over 1 s is a false and a missed entry', [e('purchase', 5000)], [e('purchase', 6001)], { purchase: [0, 1, 1] }],
    ['another stage at the same time does not match', [e('purchase', 5000)], [e('onboarding', 5000)], { purchase: [0, 0, 1], onboarding: [0, 1, 0] }],
    ['one true entry matches one predicted entry only', [e('retention', 0)], [e('retention', 0), e('retention', 500)], { retention: [1, 1, 0] }],
    ['nothing predicted', [e('awareness', 0)], [], { awareness: [0, 0, 1] }],
  ] as const)('%s', (_n, truth, predicted, want) => {
    const got = matchEntries(truth, predicted);
    expect(Object.fromEntries([...got].map(([s, c]) => [s, [c.tp, c.fp, c.fn]]))).toEqual(want);
  });
});

describe('matchByKey', () => {
  const k = (kind: string, key: string) => ({ kind, key });
  it.each([
    ['same kind and event', [k('rage_click', 'e1')], [k('rage_click', 'e1')], { rage_click: [1, 0, 0] }],
    ['same event, other kind', [k('rage_click', 'e1')], [k('dead_click', 'e1')], { rage_click: [0, 0, 1], dead_click: [0, 1, 0] }],
    ['a dead click absorbed in a rage burst reported anyway', [k('rage_click', 'e1')], [k('rage_click', 'e1'), k('dead_click', 'e2'), k('dead_click', 'e3')], { rage_click: [1, 0, 0], dead_click: [0, 2, 0] }],
    ['two of one kind on one event count twice', [k('slow_page', 'e1'), k('slow_page', 'e1')], [k('slow_page', 'e1')], { slow_page: [1, 0, 1] }],
    ['drop-off keyed by person', [k('drop_off', 'p1'), k('drop_off', 'p2')], [k('drop_off', 'p2'), k('drop_off', 'p3')], { drop_off: [1, 1, 1] }],
  ] as const)('%s', (_n, truth, predicted, want) => {
    const got = matchByKey(truth, predicted);
    expect(Object.fromEntries([...got].map(([s, c]) => [s, [c.tp, c.fp, c.fn]]))).toEqual(want);
  });
});

describe('exactSets', () => {
  it.each([
    ['order does not matter', [['a', 'b'], ['c']], [['b', 'a'], ['c']], [2, 2]],
    ['a split session is not reproduced', [['a', 'b', 'c']], [['a', 'b'], ['c']], [0, 1]],
    ['a merged session reproduces neither', [['a'], ['b']], [['a', 'b']], [0, 2]],
    ['an extra event breaks it', [['a', 'b']], [['a', 'b', 'x']], [0, 1]],
  ] as const)('%s', (_n, truth, predicted, [hits, total]) => {
    expect(exactSets(truth, predicted)).toEqual({ hits, total });
  });
});

describe('precision and recall', () => {
  it.each([
    [{ tp: 9, fp: 1, fn: 0 }, 0.9, 1],
    [{ tp: 3, fp: 0, fn: 1 }, 1, 0.75],
    [{ tp: 0, fp: 0, fn: 0 }, null, null],
  ])('%j → %s / %s', (c, p, r) => {
    expect(precision(c)).toBe(p);
    expect(recall(c)).toBe(r);
  });
});
