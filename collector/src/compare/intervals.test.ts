import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seed/random.js';
import { median } from '../journey/counter.js';
import { bootstrapDifference, bootstrapMedianSe, bootstrapRatioSe, bootstrapSe, orderStatisticMedianSe, newcombe, normalQuantile, wilson, zFor } from './intervals.js';

const Z95 = zFor(0.95);

describe('normalQuantile', () => {
  it.each([
    [0.5, 0], [0.975, 1.959964], [0.025, -1.959964], [0.995, 2.575829], [0.9995, 3.290527], [0.00001, -4.264891],
  ])('Φ⁻¹(%s) = %s', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 5));
  it('refuses probabilities outside (0, 1)', () => expect(() => normalQuantile(1)).toThrow(/\(0, 1\)/));
});

// Known values: Newcombe (1998), Statistics in Medicine 17, tables I (score method) and II (method 10).
describe('wilson', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %s to %s', (k, n, low, high) => {
    const i = wilson(k, n, Z95);
    expect(i.low).toBeCloseTo(low, 4);
    expect(i.high).toBeCloseTo(high, 4);
  });
});

describe('newcombe', () => {
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
  ])('%i/%i − %i/%i → %s to %s', (ka, na, kb, nb, low, high) => {
    const d = newcombe(ka, na, kb, nb, Z95);
    expect(d.difference).toBeCloseTo(ka / na - kb / nb, 10);
    expect(d.low).toBeCloseTo(low, 4);
    expect(d.high).toBeCloseTo(high, 4);
  });
  it('is symmetric: swapping the groups negates the interval', () => {
    const ab = newcombe(30, 90, 12, 70, Z95);
    const ba = newcombe(12, 70, 30, 90, Z95);
    expect(ba.low).toBeCloseTo(-ab.high, 10);
    expect(ba.high).toBeCloseTo(-ab.low, 10);
  });
});

describe('bootstrapDifference', () => {
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const normal = (seed: number, n: number, mu: number) => {
    const r = seededRandom(seed);
    return Array.from({ length: n }, () => mu + Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next()));
  };

  it('gives the observed difference and a standard error close to the analytic one', () => {
    const a = normal(1, 400, 1);
    const b = normal(2, 400, 0);
    const d = bootstrapDifference(a, b, mean, Z95, { seed: 3, samples: 2000 })!;
    expect(d.difference).toBeCloseTo(mean(a) - mean(b), 10);
    const analytic = Math.sqrt(2 / 400); // two unit-variance groups
    expect((d.high - d.low) / (2 * Z95)).toBeGreaterThan(analytic * 0.9);
    expect((d.high - d.low) / (2 * Z95)).toBeLessThan(analytic * 1.1);
    expect(d.low).toBeGreaterThan(0); // a one-sd shift with 400 each is unmistakable
  });

  it('covers zero when both groups come from one distribution', () => {
    const d = bootstrapDifference(normal(4, 300, 5), normal(5, 300, 5), mean, Z95, { seed: 1 })!;
    expect(d.low).toBeLessThan(0);
    expect(d.high).toBeGreaterThan(0);
  });

  it('is deterministic given a seed', () => {
    const a = normal(6, 50, 0);
    const b = normal(7, 50, 0);
    expect(bootstrapDifference(a, b, mean, Z95, { seed: 9 })).toEqual(bootstrapDifference(a, b, mean, Z95, { seed: 9 }));
  });

  it('says nothing for an empty group', () => {
    expect(bootstrapDifference([], [1, 2], mean, Z95)).toBeNull();
  });
});

describe('bootstrap shortcuts', () => {
  const r = seededRandom(9);
  const values = Array.from({ length: 301 }, () => -Math.log(1 - r.next()) * 100);
  const units = Array.from({ length: 300 }, () => [r.next() * 4 - 2, 1 + Math.floor(r.next() * 3)] as const);
  const ratio = (u: readonly (readonly [number, number])[]) => { let s = 0, c = 0; for (const [a, b] of u) { s += a; c += b; } return c ? s / c : null; };

  it.each([
    ['the median, by counting instead of sorting', () => bootstrapMedianSe(values, { samples: 4000 }), () => bootstrapSe(values, median, { samples: 4000 })],
    ['the even-sized median', () => bootstrapMedianSe(values.slice(1), { samples: 4000 }), () => bootstrapSe(values.slice(1), median, { samples: 4000 })],
    ['a mean of per-customer sums', () => bootstrapRatioSe(Float64Array.from(units, (u) => u[0]), Float64Array.from(units, (u) => u[1]), { samples: 4000 }), () => bootstrapSe(units, ratio, { samples: 4000 })],
  ])('gives the standard error of %s that the plain bootstrap gives', (_what, fast, plain) => {
    const ratioOf = fast() / plain();
    expect(ratioOf).toBeGreaterThan(0.93);
    expect(ratioOf).toBeLessThan(1.07);
  });

  // Exponential times of mean 100: the median's density is 1/200, so its standard error is 1 / (2 · (1/200) · √n) = 100/√n.
  it.each([2000, 5000, 20000])('gives a median of %s values, from its order statistics, its true standard error on average over samples', (n) => {
    let total = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rr = seededRandom(seed * 7919 + n);
      const xs = Array.from({ length: n }, () => -Math.log(1 - rr.next()) * 100);
      total += orderStatisticMedianSe(xs) / (100 / Math.sqrt(n));
    }
    expect(total / 12).toBeGreaterThan(0.93);
    expect(total / 12).toBeLessThan(1.07);
  });

  it('has nothing to resample in fewer than two values', () => {
    expect([bootstrapMedianSe([]), bootstrapMedianSe([5]), bootstrapRatioSe(new Float64Array([1]), new Float64Array([1]))]).toEqual([0, 0, 0]);
  });
});
