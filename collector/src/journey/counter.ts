// Small counting helpers the aggregates share.
import type { Count } from './types.js';

export function bump(m: Map<string, number>, key: string, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/** Counts `by` more (or fewer) customers seeing `key` under `title`; a count that reaches zero goes. */
export function bumpTitle(m: Map<string, Map<string, number>>, key: string, title: string, by = 1): void {
  let titles = m.get(key);
  if (!titles) m.set(key, (titles = new Map()));
  const n = (titles.get(title) ?? 0) + by;
  if (n) titles.set(title, n); else titles.delete(title);
  if (!titles.size) m.delete(key);
}

/** The key with the largest count, the smallest key among ties. */
export function topKey(m: Map<string, number>): string | undefined {
  let best: string | undefined, most = -Infinity;
  for (const [k, n] of m) if (n > most || (n === most && k < best!)) { best = k; most = n; }
  return best;
}

/** Adds every count of `from` into `into`. */
export function mergeCounts(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, n] of from) bump(into, k, n);
}

/** The `n` largest counts, ties broken by key so results are stable. */
export function top(m: Map<string, number>, n: number): Count[] {
  return [...m].map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, n);
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const mean = (sum: number, count: number): number | null => (count ? Math.round((sum / count) * 1000) / 1000 : null);
