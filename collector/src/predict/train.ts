// Training with a time split. Features are what was known at a cut-off; labels are what happened in
// the horizon after it. The model that is evaluated is trained at one cut-off and judged on the
// customers of the next (later) one, whose horizon has ended; the model that is served is then
// trained the same way on those most recent customers, and carries that evaluation.
//
//   train cut-offs ─ H ─ test cut-offs (a week apart) ─ H ─ now   (H: 14 days for next_stage, 30 for churn)
//
// Each model learns from several cut-offs a week apart, ending at its own (a customer appears
// once per cut-off, as they were then): one cut-off of a small shop holds too few customers to
// learn thirty weights from. It is judged the same way, on several test cut-offs a week apart:
// one cut-off holds a few hundred customers, too few to tell an AUC to ±0.03 or a calibration
// error to 0.05 (with ten bins of some thirty customers each, the noise alone is 0.05). Every
// training cut-off's horizon ends before the first test cut-off, so the evaluation still judges
// only what the model could not have seen.
import { customerFeatures, type JourneyData } from './features.js';
import { markovScore, recencyScore } from './baselines.js';
import { evaluate } from './metrics.js';
import { baselineInput, standardise, trainModel, type ModelEvaluation, type PredictionModel, type Sample } from './model.js';
import { predictLogistic } from './logistic.js';
import { eligibleStage, horizonDays, journeyOutcome, type PredictionKind, type PredictionSettings } from './outcomes.js';

const DAY = 86_400_000;

/** What happened after the cut-off for a customer (1: it did), or null to leave them out. */
export type Labeller = (j: JourneyData, cutoff: number) => 0 | 1 | null;

/** A store's labeller: the customer's own later journey says what happened. */
export const fromJourney = (kind: PredictionKind, s: PredictionSettings): Labeller => (j, cutoff) => journeyOutcome(kind, j, cutoff, s);

/** The customers a prediction of `kind` is made for at `cutoff`, with their features and outcome. */
export function samplesAt(kind: PredictionKind, journeys: Iterable<JourneyData>, cutoff: number, s: PredictionSettings, label: Labeller): Sample[] {
  const out: Sample[] = [];
  for (const j of journeys) {
    const stage = eligibleStage(kind, j, cutoff, s);
    if (!stage) continue;
    const features = customerFeatures(j, cutoff);
    const y = features && label(j, cutoff);
    if (!features || y === null) continue;
    out.push({ customerId: j.customerId, cutoff, stage, features, label: y });
  }
  return out;
}

export const modelProbability = (m: PredictionModel, raw: readonly number[]) => predictLogistic(m, standardise(m, raw));

/** The model and both baselines on customers none of them was fitted on. */
export function evaluateOn(m: PredictionModel, test: readonly Sample[], cutoff: number): ModelEvaluation {
  const scored = (score: (s: Sample) => number) => test.map((s) => ({ probability: score(s), label: s.label }));
  return {
    cutoff,
    model: evaluate(scored((s) => modelProbability(m, s.features))),
    markov: evaluate(scored((s) => markovScore(m.baselines, baselineInput(s)))),
    recency: evaluate(scored((s) => recencyScore(m.baselines, baselineInput(s)))),
  };
}

export class NotEnoughHistory extends Error {}

export interface TrainRun {
  /** The model to serve: trained at the most recent cut-offs whose horizons have ended, with the evaluation below. */
  model: PredictionModel;
  /** The model trained one horizon earlier, the one the evaluation judged. */
  evaluated: PredictionModel;
  train: Sample[];
  test: Sample[];
}

export interface TrainRunOptions {
  now: number;
  settings: PredictionSettings;
  /** Who says what happened (default: the journeys themselves). */
  label?: Labeller;
  lambda?: number;
  maxCustomers?: number;
  seed?: number;
  /** Cut-offs a week apart each model learns from (4 by default). */
  cutoffs?: number;
  /** Cut-offs a week apart the evaluation judges on (4 by default). */
  testCutoffs?: number;
}

/** Trains and evaluates one kind over customers' journeys (each known up to `now`). */
export function trainAndEvaluate(kind: PredictionKind, journeys: readonly JourneyData[], o: TrainRunOptions): TrainRun {
  const h = horizonDays(kind, o.settings);
  const testCutoff = o.now - h * DAY;
  const testWeeks = o.testCutoffs ?? 4;
  const trainCutoff = testCutoff - (testWeeks - 1) * 7 * DAY - h * DAY;
  const label = o.label ?? fromJourney(kind, o.settings);
  const stacked = (cutoff: number, weeks: number) => Array.from({ length: weeks }, (_, k) => samplesAt(kind, journeys, cutoff - k * 7 * DAY, o.settings, label)).flat();
  const train = stacked(trainCutoff, o.cutoffs ?? 4);
  const test = stacked(testCutoff, testWeeks);
  const positives = (xs: Sample[]) => xs.filter((s) => s.label).length;
  for (const [name, xs] of [['training', train], ['evaluation', test]] as const) {
    if (positives(xs) < 2 || xs.length - positives(xs) < 2) {
      throw new NotEnoughHistory(`${kind}: the ${name} cut-off (${new Date(name === 'training' ? trainCutoff : testCutoff).toISOString().slice(0, 10)}) has ${xs.length} customers, ${positives(xs)} of them positive; a model needs at least 2 of each and ${2 * h + (testWeeks - 1) * 7} days of history`);
    }
  }
  const common = { trainedAt: o.now, horizonDays: h, lambda: o.lambda, maxCustomers: o.maxCustomers, seed: o.seed };
  const evaluated = trainModel(kind, train, { ...common, cutoff: trainCutoff });
  const evaluation = evaluateOn(evaluated, test, testCutoff);
  evaluated.evaluation = evaluation;
  const model = { ...trainModel(kind, stacked(testCutoff, o.cutoffs ?? 4), { ...common, cutoff: testCutoff }), evaluation };
  return { model, evaluated, train, test };
}

