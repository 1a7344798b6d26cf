// The two baselines every model is printed beside, both fitted on the same training customers:
// - the stage-transition (Markov) rate: how often customers in the same stage went on to it;
// - a recency-only rule: how often customers last seen as long ago went on to it.
// A model that cannot beat these has learnt nothing worth its drivers.
import { STAGES, type Stage } from '../../../wire/schema.js';

export interface BaselineSample { stage: Stage; daysSinceLast: number; label: 0 | 1 }

/** Days-since-last-seen buckets' upper bounds; the last bucket is open. */
export const RECENCY_BOUNDS = [1, 3, 7, 14, 21];

export interface Baselines {
  /** Rate per stage (stages nobody was in get the overall rate). */
  markov: Record<Stage, number>;
  /** Rate per recency bucket (RECENCY_BOUNDS). */
  recency: number[];
}

/** Rates with one pseudo-customer at the overall rate, so a stage seen twice does not say 0 or 1. */
function rate(hits: number, count: number, prior: number) {
  return (hits + prior) / (count + 1);
}

export const recencyBucket = (days: number) => { const i = RECENCY_BOUNDS.findIndex((b) => days < b); return i < 0 ? RECENCY_BOUNDS.length : i; };

export function fitBaselines(samples: readonly BaselineSample[]): Baselines {
  const overall = samples.length ? samples.reduce((s, x) => s + x.label, 0) / samples.length : 0;
  const byStage = new Map<Stage, [number, number]>();
  const byRecency = RECENCY_BOUNDS.map(() => [0, 0]).concat([[0, 0]]);
  for (const x of samples) {
    const s = byStage.get(x.stage) ?? [0, 0];
    s[0] += x.label; s[1]++;
    byStage.set(x.stage, s);
    const r = byRecency[recencyBucket(x.daysSinceLast)];
    r[0] += x.label; r[1]++;
  }
  return {
    markov: Object.fromEntries(STAGES.map((st) => { const [h, n] = byStage.get(st) ?? [0, 0]; return [st, rate(h, n, overall)]; })) as Record<Stage, number>,
    recency: byRecency.map(([h, n]) => rate(h, n, overall)),
  };
}

export const markovScore = (b: Baselines, x: Pick<BaselineSample, 'stage'>) => b.markov[x.stage];
export const recencyScore = (b: Baselines, x: Pick<BaselineSample, 'daysSinceLast'>) => b.recency[recencyBucket(x.daysSinceLast)];
