// A prediction model: standardised features, a regularised logistic regression over them
// (logistic.ts), the two baselines fitted on the same customers, and — once evaluated — how it
// fared on customers it never saw. Plain JSON, so the store keeps every version as it was.
import { seededRandom } from '../seed/random.js';
import type { Stage } from '../../../wire/schema.js';
import { fitBaselines, type Baselines } from './baselines.js';
import { FEATURE_NAMES, FEATURES, type Transform } from './features.js';
import { fitLogistic, predictLogistic } from './logistic.js';
import type { CalibrationBin, Evaluation } from './metrics.js';
import type { PredictionKind } from './outcomes.js';

/** One customer at a cut-off: raw features (FEATURES order), their stage there, and what happened after. */
export interface Sample {
  customerId: string;
  /** The cut-off the customer was seen at (ms). */
  cutoff: number;
  stage: Stage;
  features: number[];
  label: 0 | 1;
}

export interface ModelEvaluation {
  /** The last of the held-out customers' cut-offs (ms, a week apart); the model evaluated was trained at earlier ones. */
  cutoff: number;
  model: Evaluation;
  markov: Evaluation;
  recency: Evaluation;
}

export interface PredictionModel {
  kind: PredictionKind;
  /** When it was trained (ms) and the cut-off of its training customers (ms). */
  trainedAt: number;
  cutoff: number;
  horizonDays: number;
  /** Training customers and how many of them it happened to. */
  customers: number;
  positives: number;
  features: string[];
  transforms: Transform[];
  means: number[];
  scales: number[];
  intercept: number;
  weights: number[];
  baselines: Baselines;
  evaluation: ModelEvaluation | null;
}

export interface TrainOptions {
  trainedAt: number;
  cutoff: number;
  horizonDays: number;
  /** L2 penalty (logistic.ts); 30 by default: on the summed loss of a few thousand customers, enough to keep some forty weights from chasing noise. */
  lambda?: number;
  /** More training customers than this are sampled down to it, with `seed` choosing which. */
  maxCustomers?: number;
  seed?: number;
}

const DAYS_SINCE_LAST = FEATURE_NAMES.indexOf('days_since_last');
const transformOf = (t: Transform, v: number) => (t === 'log' ? Math.log1p(Math.max(0, v)) : v);

/** The features of a sample as the regression sees them: transformed, then centred and scaled. */
export function standardise(m: Pick<PredictionModel, 'transforms' | 'means' | 'scales'>, raw: readonly number[], out = new Float64Array(raw.length)): Float64Array {
  for (let j = 0; j < raw.length; j++) out[j] = (transformOf(m.transforms[j], raw[j]) - m.means[j]) / m.scales[j];
  return out;
}

export const baselineInput = (s: Pick<Sample, 'stage' | 'features' | 'label'>) => ({ stage: s.stage, daysSinceLast: s.features[DAYS_SINCE_LAST], label: s.label });

export function trainModel(kind: PredictionKind, all: readonly Sample[], o: TrainOptions): PredictionModel {
  if (!all.length) throw new Error(`train ${kind}: no customers to learn from at the cut-off`);
  let samples = all;
  if (o.maxCustomers && all.length > o.maxCustomers) {
    const r = seededRandom(o.seed ?? 1);
    const picked = all.map((s, i) => [r.next(), i] as const).sort((a, b) => a[0] - b[0]).slice(0, o.maxCustomers).map(([, i]) => all[i]);
    samples = picked;
  }
  const d = FEATURES.length;
  const n = samples.length;
  const transforms = FEATURES.map((f) => f.transform);
  const means = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (const s of samples) for (let j = 0; j < d; j++) { const v = transformOf(transforms[j], s.features[j]); means[j] += v; sq[j] += v * v; }
  for (let j = 0; j < d; j++) means[j] /= n;
  // A feature that never varies gets scale 1 (its standardised value is always 0, its weight 0).
  const scales = sq.map((s, j) => { const v = s / n - means[j] ** 2; return v > 1e-12 ? Math.sqrt(v) : 1; });
  const rows = new Float64Array(n * d);
  const labels = new Uint8Array(n);
  samples.forEach((s, i) => { standardise({ transforms, means, scales }, s.features, rows.subarray(i * d, (i + 1) * d)); labels[i] = s.label; });
  const fit = fitLogistic(rows, labels, d, { lambda: o.lambda ?? 30 });
  return {
    kind, trainedAt: o.trainedAt, cutoff: o.cutoff, horizonDays: o.horizonDays,
    customers: n, positives: labels.reduce((a, b) => a + b, 0),
    features: FEATURE_NAMES, transforms, means, scales, intercept: fit.intercept, weights: fit.weights,
    baselines: fitBaselines(samples.map(baselineInput)),
    evaluation: null,
  };
}

export interface Driver {
  feature: string;
  /** e.g. "3 rage clicks, −0.3": the customer's value in words and its push on the log-odds. */
  text: string;
  /** Change in log-odds against a customer with average features. */
  contribution: number;
}

export interface Prediction {
  probability: number;
  drivers: Driver[];
}

const signed = (v: number) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(1)}`;

/** Probability and the top `top` drivers (largest pushes, either way) for one customer's raw features. */
export function predict(m: PredictionModel, raw: readonly number[], top = 3): Prediction {
  const z = standardise(m, raw);
  const probability = predictLogistic(m, z);
  const drivers: Driver[] = [];
  for (let j = 0; j < m.weights.length; j++) {
    const contribution = m.weights[j] * z[j];
    // "not in retention" explains nothing to an analyst: a stage speaks only for the customer's own.
    // Indicators and per-stage features speak only for what the customer is: "not in retention"
    // or another stage's zero explains nothing to an analyst.
    if (/^(stage_|last_seen_)|_in_[a-z]+$/.test(m.features[j]) && raw[j] === 0) continue;
    if (Math.abs(contribution) < 0.05) continue;
    drivers.push({ feature: m.features[j], text: `${FEATURES[j].words(raw[j])}, ${signed(contribution)}`, contribution });
  }
  drivers.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
  return { probability, drivers: drivers.slice(0, top) };
}

export interface Band {
  /** The calibration bin the probability falls in. */
  from: number;
  to: number;
  /** Of held-out customers given a probability in it, how many and the share it happened to. */
  customers: number;
  observed: number | null;
}

/** The calibrated band of a probability: its bin in the model's held-out calibration table (null before an evaluation). */
export function band(m: Pick<PredictionModel, 'evaluation'>, probability: number): Band | null {
  const bins: CalibrationBin[] | undefined = m.evaluation?.model.calibration;
  if (!bins?.length) return null;
  const b = bins[Math.min(bins.length - 1, Math.floor(probability * bins.length))];
  return { from: b.from, to: b.to, customers: b.count, observed: b.observed };
}
