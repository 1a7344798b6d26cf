// Credit per touchpoint for one transition under each model, with how many journeys stand behind
// each figure and a bootstrap interval.
//
// Credit is a share of the moves: for the rule-based models, the share of all moves on they give
// the touchpoint (the credits sum to 1); for markov, the moves the chain loses without the
// touchpoint per visit that holds it (its removal effect given per visit, see markov.ts): how much
// more likely a visit with it leads to the move than one where the alternatives take its place,
// near 0 for a touchpoint no different from its alternatives and negative for one that puts people off.
import { percentileIntervals, resampleCounts } from './bootstrap.js';
import { encodePaths, type EncodedPaths } from './encode.js';
import { pathShares, type HeuristicModel, type HeuristicOptions } from './heuristic-models.js';
import { removalEffects, type Removal } from './markov.js';
import type { TransitionPath } from './paths.js';
import { keyLabel } from './touchpoint-keys.js';

export const MODELS = ['markov', 'first', 'last', 'linear', 'time_decay', 'position'] as const;
export type Model = (typeof MODELS)[number];

export interface TouchpointCredit {
  key: string;
  label: string;
  credit: number;
  low: number;
  high: number;
  /** Journeys through the transition that hold this touchpoint. */
  journeys: number;
}

export interface Attribution {
  /** Journeys that entered the transition's first stage. */
  journeys: number;
  /** Of those, how many moved on. */
  moved: number;
  models: Record<Model, TouchpointCredit[]>;
}

export interface AttributeOptions extends HeuristicOptions {
  models?: readonly Model[];
  /** Bootstrap resamples; 100 by default (0: no intervals, low = high = credit). */
  resamples?: number;
  seed?: number;
  /** 0.95 by default. */
  level?: number;
  /** Keys beyond the most common ones share `(other)`; 40 by default. */
  maxKeys?: number;
  removal?: Removal;
}

/** Credits per key under one model, for one weighting of the journeys (a bootstrap resample). */
function credits(e: EncodedPaths, model: Model, shares: Map<HeuristicModel, [number, number][][]>, o: AttributeOptions, weights?: ArrayLike<number>): number[] {
  const k = e.keys.length;
  if (model === 'markov') return removalEffects(e.paths, k, { removal: o.removal, weights }).perVisit;
  const out = new Array<number>(k).fill(0);
  const perPath = shares.get(model)!;
  let moves = 0;
  e.paths.forEach((p, i) => {
    const w = weights ? weights[i] : 1;
    if (!p.moved || w === 0) return;
    moves += w;
    for (const [key, s] of perPath[i]) out[key] += w * s;
  });
  return moves > 0 ? out.map((c) => c / moves) : out;
}

export function attribute(paths: readonly TransitionPath[], o: AttributeOptions = {}): Attribution {
  const e = encodePaths(paths, o.maxKeys ?? 40);
  const models = o.models ?? MODELS;
  const shares = new Map<HeuristicModel, [number, number][][]>();
  for (const m of models) if (m !== 'markov') shares.set(m, e.paths.map((p) => pathShares(p, m, o)));
  const resamples = resampleCounts(e.paths.length, o.resamples ?? 100, o.seed ?? 1);
  const out = {} as Record<Model, TouchpointCredit[]>;
  for (const m of models) {
    const point = credits(e, m, shares, o);
    const intervals = resamples.length
      ? percentileIntervals(resamples.map((w) => credits(e, m, shares, o, w)), e.keys.length, o.level ?? 0.95)
      : point.map((c) => ({ low: c, high: c }));
    out[m] = e.keys
      .map((key, i) => ({ key, label: keyLabel(key), credit: point[i], low: Math.min(intervals[i].low, point[i]), high: Math.max(intervals[i].high, point[i]), journeys: e.journeys[i] }))
      .sort((a, b) => b.credit - a.credit || (a.key < b.key ? -1 : 1));
  }
  return { journeys: paths.length, moved: paths.filter((p) => p.moved).length, models: out };
}
