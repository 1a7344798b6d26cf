import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seed/random.js';
import { fitLogistic, predictLogistic } from './logistic.js';

function data(n: number, seed: number, make: (x: number[], r: ReturnType<typeof seededRandom>) => 0 | 1) {
  const r = seededRandom(seed);
  const rows = new Float64Array(n * 2);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = [r.next() * 4 - 2, r.next() * 4 - 2];
    rows.set(x, i * 2);
    labels[i] = make(x, r);
  }
  return { rows, labels };
}

describe('logistic regression (Newton, L2)', () => {
  it('separates a separable case with finite weights of the right signs', () => {
    // y = 1 exactly when x0 − x1 > 0.5
    const { rows, labels } = data(400, 7, (x) => (x[0] - x[1] > 0.5 ? 1 : 0));
    const fit = fitLogistic(rows, labels, 2, { lambda: 0.1 });
    expect(fit.weights[0]).toBeGreaterThan(2);
    expect(fit.weights[1]).toBeLessThan(-2);
    expect(Number.isFinite(fit.weights[0]) && Number.isFinite(fit.intercept)).toBe(true);
    let right = 0;
    for (let i = 0; i < 400; i++) right += Number((predictLogistic(fit, rows.subarray(i * 2, i * 2 + 2)) > 0.5) === (labels[i] === 1));
    expect(right / 400).toBeGreaterThan(0.98);
    // the boundary it found is the true one: w0·x0 + w1·x1 + b = 0 along x0 − x1 = 0.5
    expect(-fit.weights[1] / fit.weights[0]).toBeCloseTo(1, 0);
  });

  it('recovers known coefficients from noisy data', () => {
    const truth = { b: -0.5, w: [1.5, -0.8] };
    const { rows, labels } = data(20_000, 3, (x, r) => (r.next() < 1 / (1 + Math.exp(-(truth.b + truth.w[0] * x[0] + truth.w[1] * x[1]))) ? 1 : 0));
    const fit = fitLogistic(rows, labels, 2, { lambda: 1 });
    expect(fit.weights[0]).toBeCloseTo(1.5, 1);
    expect(fit.weights[1]).toBeCloseTo(-0.8, 1);
    expect(fit.intercept).toBeCloseTo(-0.5, 1);
  });

  it('is deterministic: the same rows give the same weights to the last bit', () => {
    const { rows, labels } = data(2000, 11, (x, r) => (r.next() < 1 / (1 + Math.exp(-x[0])) ? 1 : 0));
    expect(fitLogistic(rows, labels, 2)).toEqual(fitLogistic(rows.slice(), labels.slice(), 2));
  });

  it('shrinks weights as the penalty grows, and says when rows and labels disagree', () => {
    const { rows, labels } = data(300, 5, (x) => (x[0] > 0 ? 1 : 0));
    expect(Math.abs(fitLogistic(rows, labels, 2, { lambda: 100 }).weights[0])).toBeLessThan(Math.abs(fitLogistic(rows, labels, 2, { lambda: 1 }).weights[0]));
    expect(() => fitLogistic(rows, labels.subarray(1), 2)).toThrow(/rows of 2/);
  });
});
