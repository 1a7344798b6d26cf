// Confidence intervals for the difference between two groups of customers (a − b).
//
// Rates (conversion, a pain point's share of a stage's customers) use Wilson's score interval per
// group and Newcombe's hybrid score interval for the difference (Newcombe 1998, method 10): it
// keeps its coverage near the nominal level at small counts and at rates near 0 or 1, where the
// textbook Wald interval does not. Medians and means have no such formula, so they use the
// bootstrap: customers are resampled with replacement within each group, and the interval is the
// difference ± z × the bootstrap's standard error. The normal form, rather than percentiles, keeps
// the far tails a multiple-comparison correction asks for stable with a thousand resamples.
import { seededRandom } from '../seed/random.js';

export interface Interval { low: number; high: number }
export interface Difference extends Interval { difference: number }

/**
 * The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9),
 * e.g. zFor(0.975) = 1.96.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** The two-sided z for a confidence level: 0.95 → 1.96. */
export const zFor = (level: number): number => normalQuantile(1 - (1 - level) / 2);

/** Wilson's score interval for k successes in n trials. */
export function wilson(k: number, n: number, z: number): Interval {
  if (n <= 0) throw new RangeError('wilson: n must be positive');
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe's hybrid score interval for the difference of two proportions, kA/nA − kB/nB. */
export function newcombe(kA: number, nA: number, kB: number, nB: number, z: number): Difference {
  const pA = kA / nA;
  const pB = kB / nB;
  const a = wilson(kA, nA, z);
  const b = wilson(kB, nB, z);
  const difference = pA - pB;
  return {
    difference,
    low: difference - Math.sqrt((pA - a.low) ** 2 + (b.high - pB) ** 2),
    high: difference + Math.sqrt((a.high - pA) ** 2 + (pB - b.low) ** 2),
  };
}

export interface BootstrapOptions {
  /** Resamples; 1000 by default. */
  samples?: number;
  seed?: number;
}

/**
 * stat(a) − stat(b) with a bootstrap interval. Each group is a list of units (customers); `stat`
 * turns a resampled list into a number (a median of durations, a mean of per-customer sums).
 * Returns null when either group is empty or the statistic is undefined on it.
 */
export function bootstrapDifference<T>(a: readonly T[], b: readonly T[], stat: (units: readonly T[]) => number | null, z: number, o: BootstrapOptions = {}): Difference | null {
  const sa = a.length ? stat(a) : null;
  const sb = b.length ? stat(b) : null;
  if (sa === null || sb === null) return null;
  const r = seededRandom(o.seed ?? 1);
  const samples = o.samples ?? 1000;
  const resample = (units: readonly T[]): T[] => {
    const out = new Array<T>(units.length);
    for (let i = 0; i < units.length; i++) out[i] = units[Math.floor(r.next() * units.length)];
    return out;
  };
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let i = 0; i < samples; i++) {
    const ra = stat(resample(a));
    const rb = stat(resample(b));
    if (ra === null || rb === null) continue;
    const d = ra - rb;
    sum += d; sumSq += d * d; n++;
  }
  const difference = sa - sb;
  const se = n > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1))) : 0;
  return { difference, low: difference - z * se, high: difference + z * se };
}

/** The bootstrap standard error of `stat` over one group of units (0 when it cannot be told). */
export function bootstrapSe<T>(units: readonly T[], stat: (units: readonly T[]) => number | null, o: BootstrapOptions = {}): number {
  if (units.length === 0) return 0;
  const r = seededRandom(o.seed ?? 1);
  const samples = o.samples ?? 1000;
  const out = new Array<T>(units.length);
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let i = 0; i < samples; i++) {
    for (let k = 0; k < units.length; k++) out[k] = units[Math.floor(r.next() * units.length)];
    const v = stat(out);
    if (v === null) continue;
    sum += v; sumSq += v * v; n++;
  }
  return n > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1))) : 0;
}

/**
 * bootstrapSe(values, median), without a sort per resample: the values are sorted once, and a
 * resample is counted per position, so its median is found by one walk over the counts.
 */
export function bootstrapMedianSe(values: readonly number[], o: BootstrapOptions = {}): number {
  const n = values.length;
  if (n < 2) return 0;
  const sorted = Float64Array.from(values).sort();
  const counts = new Uint32Array(n);
  const r = seededRandom(o.seed ?? 1);
  const samples = o.samples ?? 1000;
  const lo = (n - 1) >> 1, hi = n >> 1; // the middle ranks (one when n is odd)
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < samples; i++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[Math.floor(r.next() * n)]++;
    let seen = 0;
    let low = NaN;
    let v = NaN;
    for (let k = 0; k < n; k++) {
      seen += counts[k];
      if (Number.isNaN(low) && seen > lo) low = sorted[k];
      if (seen > hi) { v = (low + sorted[k]) / 2; break; }
    }
    sum += v; sumSq += v * v;
  }
  return samples > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / samples) / (samples - 1))) : 0;
}

/** bootstrapSe of Σ sums / Σ counts over units (a mean of points grouped by customer), over typed arrays. */
export function bootstrapRatioSe(sums: Float64Array, counts: Float64Array, o: BootstrapOptions = {}): number {
  const n = sums.length;
  if (n < 2) return 0;
  const r = seededRandom(o.seed ?? 1);
  const samples = o.samples ?? 1000;
  let sum = 0;
  let sumSq = 0;
  let m = 0;
  for (let i = 0; i < samples; i++) {
    let s = 0;
    let c = 0;
    for (let k = 0; k < n; k++) { const j = Math.floor(r.next() * n); s += sums[j]; c += counts[j]; }
    if (c === 0) continue;
    const v = s / c;
    sum += v; sumSq += v * v; m++;
  }
  return m > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / m) / (m - 1))) : 0;
}

/**
 * The standard error of a large group's median from the order statistics around it: the ranks
 * n/2 ± 1.96·√n/2 bracket a 95 % interval for the median (the binomial, distribution-free one),
 * which is what the bootstrap of a median tends to as n grows, at the cost of one sort.
 */
export function orderStatisticMedianSe(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const sorted = Float64Array.from(values).sort();
  const z = 1.959963984540054;
  const half = (z * Math.sqrt(n)) / 2;
  const low = sorted[Math.max(0, Math.floor(n / 2 - half))];
  const high = sorted[Math.min(n - 1, Math.ceil(n / 2 + half))];
  return (high - low) / (2 * z);
}
