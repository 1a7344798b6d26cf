// Pure scoring of a reconstruction against the simulator's truth. Every function takes plain
// lists, so each is table-tested with small known inputs.
import type { Stage } from '../../../wire/schema.js';

export interface Counts { tp: number; fp: number; fn: number }
export interface Share { hits: number; total: number }

/** hits / total, or null when there is nothing to judge. */
export const rate = (hits: number, total: number): number | null => (total === 0 ? null : hits / total);
export const precision = (c: Counts) => rate(c.tp, c.tp + c.fp);
export const recall = (c: Counts) => rate(c.tp, c.tp + c.fn);

export const addCounts = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
export const addShares = (a: Share, b: Share): Share => ({ hits: a.hits + b.hits, total: a.total + b.total });

/**
 * Per-touchpoint accuracy by true stage: each true event is a hit when the reconstruction gave it
 * the same stage; an event the reconstruction does not have (dropped) is a miss.
 */
export function stageAccuracy(truth: Iterable<{ id: string; stage: Stage }>, predicted: ReadonlyMap<string, Stage>): Map<Stage, Share> {
  const out = new Map<Stage, Share>();
  for (const t of truth) {
    const s = out.get(t.stage) ?? { hits: 0, total: 0 };
    s.total++;
    if (predicted.get(t.id) === t.stage) s.hits++;
    out.set(t.stage, s);
  }
  return out;
}

export interface Entry { stage: Stage; at: number }

/**
 * Stage entries of one person against those of the reconstruction: an entry matches a true entry
 * of the same stage within `toleranceMs`, each true entry matched at most once (nearest first).
 * Counts are per stage.
 */
export function matchEntries(truth: readonly Entry[], predicted: readonly Entry[], toleranceMs = 1000): Map<Stage, Counts> {
  const out = new Map<Stage, Counts>();
  const counts = (s: Stage) => { let c = out.get(s); if (!c) out.set(s, (c = { tp: 0, fp: 0, fn: 0 })); return c; };
  const used = new Set<number>();
  for (const p of predicted) {
    let best = -1;
    truth.forEach((t, i) => {
      if (used.has(i) || t.stage !== p.stage || Math.abs(t.at - p.at) > toleranceMs) return;
      if (best < 0 || Math.abs(t.at - p.at) < Math.abs(truth[best].at - p.at)) best = i;
    });
    if (best >= 0) { used.add(best); counts(p.stage).tp++; } else counts(p.stage).fp++;
  }
  truth.forEach((t, i) => { if (!used.has(i)) counts(t.stage).fn++; });
  return out;
}

export interface Keyed { kind: string; key: string }

/** Pain points matched by kind and key (the carrying event id; for drop-off, the person). */
export function matchByKey(truth: readonly Keyed[], predicted: readonly Keyed[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  const counts = (k: string) => { let c = out.get(k); if (!c) out.set(k, (c = { tp: 0, fp: 0, fn: 0 })); return c; };
  const want = new Map<string, number>();
  for (const t of truth) want.set(`${t.kind}\u0000${t.key}`, (want.get(`${t.kind}\u0000${t.key}`) ?? 0) + 1);
  for (const p of predicted) {
    const k = `${p.kind}\u0000${p.key}`;
    const left = want.get(k) ?? 0;
    if (left > 0) { want.set(k, left - 1); counts(p.kind).tp++; } else counts(p.kind).fp++;
  }
  for (const [k, left] of want) if (left > 0) counts(k.split('\u0000')[0]).fn += left;
  return out;
}

/** Share of true sets reproduced exactly (same members, order ignored) among the predicted sets. */
export function exactSets(truth: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): Share {
  const key = (s: readonly string[]) => [...s].sort().join('\u0000');
  const have = new Set(predicted.map(key));
  return { hits: truth.filter((s) => have.has(key(s))).length, total: truth.length };
}
