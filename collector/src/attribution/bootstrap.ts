// Seeded bootstrap over journeys: each resample draws as many journeys as there are, with
// replacement, as a count per journey, so every model reads the same resamples and the same seed
// gives the same intervals.
import { seededRandom } from '../seed/random.js';

export function resampleCounts(n: number, resamples: number, seed: number): Uint32Array[] {
  const r = seededRandom(seed);
  return Array.from({ length: resamples }, () => {
    const w = new Uint32Array(n);
    for (let i = 0; i < n; i++) w[Math.floor(r.next() * n)]++;
    return w;
  });
}

/** The q-quantile (0..1) of `values`, interpolated between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

/** The central `level` percentile interval of each column of `draws` (rows: resamples). */
export function percentileIntervals(draws: readonly number[][], columns: number, level: number): { low: number; high: number }[] {
  const tail = (1 - level) / 2;
  return Array.from({ length: columns }, (_, k) => {
    const column = draws.map((d) => d[k]).filter((x) => Number.isFinite(x));
    return { low: quantile(column, tail), high: quantile(column, 1 - tail) };
  });
}
