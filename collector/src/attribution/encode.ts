// Paths as small integers, for the models and the bootstrap's many passes: the most common keys
// keep their own index, the long tail shares one `(other)` key so the Markov chain stays small.
import type { TransitionPath } from './paths.js';

export const OTHER_KEY = '(other)';

export interface EncodedPath {
  seq: number[];
  times: number[];
  /** The visit step of each touch in `seq` (non-decreasing, from 0). */
  visits: number[];
  moved: boolean;
  endAt: number;
  struggleAt: number | null;
}
export interface EncodedPaths {
  keys: string[];
  paths: EncodedPath[];
  /** Per key, how many paths hold it at least once. */
  journeys: number[];
}

/** `maxKeys`: keys beyond the most common ones (by journeys holding them) become `(other)`. */
export function encodePaths(paths: readonly TransitionPath[], maxKeys = 40): EncodedPaths {
  const holding = new Map<string, number>();
  for (const p of paths) for (const k of new Set(p.touches.map((t) => t.key))) holding.set(k, (holding.get(k) ?? 0) + 1);
  const ranked = [...holding].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const keys = ranked.slice(0, maxKeys).map(([k]) => k);
  if (ranked.length > maxKeys) keys.push(OTHER_KEY);
  const index = new Map(keys.map((k, i) => [k, i]));
  const other = index.get(OTHER_KEY) ?? -1;
  const journeys = new Array<number>(keys.length).fill(0);
  const encoded = paths.map((p) => {
    const seq: number[] = [];
    const times: number[] = [];
    const visits: number[] = [];
    for (const t of p.touches) {
      const i = index.get(t.key) ?? other;
      if (seq.length && seq[seq.length - 1] === i && visits[visits.length - 1] === t.visit) continue;
      seq.push(i);
      times.push(t.at);
      visits.push(t.visit);
    }
    for (const i of new Set(seq)) journeys[i]++;
    return { seq, times, visits, moved: p.moved, endAt: p.endAt, struggleAt: p.struggleAt };
  });
  return { keys, paths: encoded, journeys };
}
