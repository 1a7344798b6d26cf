// L2-regularised logistic regression, fitted by Newton's method (iteratively reweighted least
// squares). Written here rather than taken from npm: the few well-kept libraries either fit by
// stochastic gradient descent (weights that depend on the order rows are visited, so a seed, and
// still a small drift between runs) or bring a linear-algebra stack far larger than this file.
// The objective is strictly convex, so Newton's method reaches its one minimum in a dozen steps and
// the same rows give the same weights to the last bit: training is deterministic. The only random
// choice, which rows to keep when there are more than a model needs, takes a seed (model.ts).
// Explainable by construction: each weight is the change in log-odds per standard deviation of
// its feature, so a customer's drivers are weight × standardised value.

export interface LogisticFit {
  intercept: number;
  weights: number[];
  /** Newton steps taken. */
  steps: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the intercept), on the scale of the summed log-loss. */
  lambda?: number;
  maxSteps?: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves the symmetric positive definite system A x = b in place by Cholesky (A is n×n, row-major). */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * n + j] = s / l[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/**
 * Fits log-odds = intercept + weights · x. `rows`: n feature vectors of d numbers each, laid out
 * one after another (row-major), best already standardised; `labels`: 0 or 1 per row.
 */
export function fitLogistic(rows: Float64Array, labels: Uint8Array, d: number, o: LogisticOptions = {}): LogisticFit {
  const n = labels.length;
  if (rows.length !== n * d) throw new Error(`fitLogistic: ${rows.length} numbers are not ${n} rows of ${d}`);
  const lambda = o.lambda ?? 1;
  const p = d + 1; // the intercept is the last parameter
  let beta = new Float64Array(p);
  const loss = (b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let z = b[d];
      for (let j = 0; j < d; j++) z += b[j] * rows[i * d + j];
      // log(1 + e^z) − y z, computed without overflow
      s += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - labels[i] * z;
    }
    for (let j = 0; j < d; j++) s += 0.5 * lambda * b[j] * b[j];
    return s;
  };
  let current = loss(beta);
  let steps = 0;
  const maxSteps = o.maxSteps ?? 50;
  const x = new Float64Array(p);
  while (steps < maxSteps) {
    steps++;
    const h = new Float64Array(p * p);
    const g = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) x[j] = rows[i * d + j];
      x[d] = 1;
      let z = 0;
      for (let j = 0; j < p; j++) z += beta[j] * x[j];
      const mu = sigmoid(z);
      const w = Math.max(mu * (1 - mu), 1e-10);
      const r = mu - labels[i];
      for (let j = 0; j < p; j++) {
        const xj = x[j];
        if (xj === 0) continue;
        g[j] += r * xj;
        const wx = w * xj;
        for (let k = 0; k <= j; k++) h[j * p + k] += wx * x[k];
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) h[k * p + j] = h[j * p + k];
    for (let j = 0; j < d; j++) { g[j] += lambda * beta[j]; h[j * p + j] += lambda; }
    h[d * p + d] += 1e-9;
    const delta = solveSpd(h, g, p);
    // Halve the step until the loss falls: Newton's full step can overshoot far from the minimum.
    let t = 1;
    let next = beta;
    let value = current;
    for (let tries = 0; tries < 30; tries++, t /= 2) {
      const candidate = beta.map((b, j) => b - t * delta[j]);
      const v = loss(candidate);
      if (v <= current) { next = candidate; value = v; break; }
    }
    const moved = Math.max(...delta.map((v) => Math.abs(v * t)));
    beta = next;
    const improvement = current - value;
    current = value;
    if (moved < 1e-9 || improvement <= 1e-12 * Math.max(1, Math.abs(current))) break;
  }
  return { intercept: beta[d], weights: [...beta.subarray(0, d)], steps };
}

/** The fitted probability for one (standardised) feature vector. */
export function predictLogistic(fit: Pick<LogisticFit, 'intercept' | 'weights'>, x: ArrayLike<number>): number {
  let z = fit.intercept;
  for (let j = 0; j < fit.weights.length; j++) z += fit.weights[j] * x[j];
  return sigmoid(z);
}
