// `npm run evaluate -- prediction`: how well the churn and next-stage models predict, beside the
// two baselines, on simulated populations whose people have real propensities (simulate/
// propensity.ts): frustration and a bad mood make them less likely to buy and go on and more
// likely to leave; support contacts and a good mood the opposite. Each population is reconstructed
// by the collector's own pipeline; features are read from the reconstructed journeys at the
// cut-offs (predict/train.ts), and what happened after each cut-off comes from the agents' own
// record of what they did — never from the collector's rules or the model.
//
// A population with no signal (outcomes drawn at random, whatever people did) shows that the
// model invents nothing: its AUC must stay near 0.5.
//
// Beside the model and the baselines, an oracle: the same time split, but a logistic regression
// over what only the simulator knows of each person at the cut-off (their hidden engagement, the
// frustrations of their last visit, when they were truly last active and their true stage). It is
// not a budget; it says how much of the simulated truth any features could reach.
import { isBot } from '../journey/bots.js';
import type { Journey } from '../journey/types.js';
import { customerFeatures, type JourneyData } from '../predict/features.js';
import { predict, type PredictionModel } from '../predict/model.js';
import type { Evaluation } from '../predict/metrics.js';
import { DEFAULT_PREDICTION_SETTINGS, horizonDays, PREDICTION_KINDS, type PredictionKind, type PredictionSettings } from '../predict/outcomes.js';
import { evaluate as evaluateScores } from '../predict/metrics.js';
import { fitLogistic, predictLogistic } from '../predict/logistic.js';
import type { Sample } from '../predict/model.js';
import { trainAndEvaluate, type Labeller, type TrainRun } from '../predict/train.js';
import { seededRandom } from '../seed/random.js';
import { trueStages } from '../simulate/lifecycle.js';
import { arrivalOrder, simulate, type Emitted } from '../simulate/index.js';
import { STAGES, type Stage } from '../../../wire/schema.js';
import { reconstruct } from './journeys.js';

const DAY = 86_400_000;

/** One person's life as the agent lived it: the time, true stage, visit and felt frustration of everything they did, arrived or not, and their hidden engagement. */
export interface Life { at: number[]; stage: Stage[]; session: number[]; felt: boolean[]; engagement: number }

function life(events: Emitted[], engagement: number): Life {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  return {
    at: ordered.map((e) => e.at), stage: trueStages(ordered), session: ordered.map((e) => e.session),
    // What the agent counts against going on after a visit (simulate/agent.ts).
    felt: ordered.map((e) => !!e.pain && e.pain !== 'loop' && e.pain !== 'slow_page'), engagement,
  };
}

/** What only the simulator knows of a person at a cut-off: the oracle's inputs. */
export function truthAt(l: Life, cutoff: number): number[] | null {
  let i = 0;
  while (i < l.at.length && l.at[i] < cutoff) i++;
  if (--i < 0) return null;
  let pains = 0;
  for (let k = i; k >= 0 && l.session[k] === l.session[i]; k--) if (l.felt[k]) pains++;
  const days = (cutoff - l.at[i]) / DAY;
  return [l.engagement, pains, Math.log1p(days), ...[1, 3, 7, 14, 21].map((b) => (days < b ? 1 : 0)), ...STAGES.map((s) => (l.stage[i] === s ? 1 : 0))];
}

/** The oracle's evaluation: fitted on the training customers' truth, judged on the test customers'. */
export function oracleEvaluation(train: readonly Sample[], test: readonly Sample[], truth: (s: Sample) => number[] | null): Evaluation | null {
  const rows = (xs: readonly Sample[]) => xs.flatMap((s) => { const t = truth(s); return t ? [{ t, label: s.label }] : []; });
  const tr = rows(train);
  const te = rows(test);
  if (!tr.length || !te.length) return null;
  const d = tr[0].t.length;
  const mean = Array.from({ length: d }, (_, j) => tr.reduce((a, r) => a + r.t[j], 0) / tr.length);
  const sd = mean.map((m, j) => Math.sqrt(tr.reduce((a, r) => a + (r.t[j] - m) ** 2, 0) / tr.length) || 1);
  const z = (t: number[]) => t.map((v, j) => (v - mean[j]) / sd[j]);
  const fit = fitLogistic(Float64Array.from(tr.flatMap((r) => z(r.t))), Uint8Array.from(tr.map((r) => r.label)), d, { lambda: 1 });
  return evaluateScores(te.map((r) => ({ probability: predictLogistic(fit, z(r.t)), label: r.label })));
}

/** What truly happened after a cut-off, from the agent's record. */
export function trueOutcome(kind: PredictionKind, l: Life, cutoff: number, s: PredictionSettings): 0 | 1 {
  const end = cutoff + horizonDays(kind, s) * DAY;
  let i = 0;
  while (i < l.at.length && l.at[i] < cutoff) i++;
  if (kind === 'churn') return i < l.at.length && l.at[i] < end ? 0 : 1;
  const from = i > 0 ? STAGES.indexOf(l.stage[i - 1]) : 0;
  for (; i < l.at.length && l.at[i] < end; i++) if (STAGES.indexOf(l.stage[i]) > from) return 1;
  return 0;
}

export interface Population {
  seed: number;
  people: number;
  journeys: Journey[];
  /** The labeller of each kind: the truth of the person a journey is mostly made of. */
  truth: (kind: PredictionKind) => Labeller;
  /** That person's hidden state at a cut-off (the oracle's inputs), null when unknown. */
  hidden: (s: Sample) => number[] | null;
}

export function simulatedPopulation(o: { seed: number; people: number; now: number; settings: PredictionSettings; strength?: number }): Population {
  const emitted: Emitted[] = [];
  const lives: Life[] = [];
  const owner = new Map<string, number>();
  for (const p of simulate({ people: o.people, seed: o.seed, now: o.now, propensity: { strength: o.strength ?? 1 } })) {
    if (p.truth.bot) continue;
    for (const e of p.events) owner.set(e.event.id, lives.length);
    lives.push(life([...p.events, ...p.lost], p.propensity?.engagement ?? 0));
    emitted.push(...p.events);
  }
  const arrived = arrivalOrder(emitted, o.seed).filter((e) => !isBot(e.context?.userAgent));
  const journeys = reconstruct(arrived, o.now);
  // A journey is judged by the person most of its touchpoints belong to.
  const personOf = new Map<string, number>();
  for (const j of journeys) {
    const votes = new Map<number, number>();
    for (const t of j.touchpoints) { const p = owner.get(t.id); if (p !== undefined) votes.set(p, (votes.get(p) ?? 0) + 1); }
    const best = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) personOf.set(j.customerId, best[0]);
  }
  return {
    seed: o.seed, people: o.people, journeys,
    truth: (kind) => (j, cutoff) => { const p = personOf.get(j.customerId); return p === undefined ? null : trueOutcome(kind, lives[p], cutoff, o.settings); },
    hidden: (s) => { const p = personOf.get(s.customerId); return p === undefined ? null : truthAt(lives[p], s.cutoff); },
  };
}

/** Outcomes with no relation to anything people did: each a coin with the given chance, seeded. */
export function noSignal(seed: number, chance: number): Labeller {
  const r = seededRandom(seed ^ 0x5eed);
  return () => (r.chance(chance) ? 1 : 0);
}

export interface KindResult { kind: PredictionKind; run: TrainRun; trainSeconds: number; scoreMs: number; oracle: Evaluation | null }

export function runKind(kind: PredictionKind, journeys: JourneyData[], label: Labeller, now: number, settings = DEFAULT_PREDICTION_SETTINGS, hidden?: Population['hidden']): KindResult {
  const started = performance.now();
  const run = trainAndEvaluate(kind, journeys, { now, settings, label });
  const trainSeconds = (performance.now() - started) / 1000;
  // Scoring as the route does it: features from the journey, then probability and drivers.
  const sample = journeys.slice(0, 500);
  const t0 = performance.now();
  for (const j of sample) { const f = customerFeatures(j, now); if (f) predict(run.model, f); }
  const scoreMs = (performance.now() - t0) / sample.length;
  return { kind, run, trainSeconds, scoreMs, oracle: hidden ? oracleEvaluation(run.train, run.test, hidden) : null };
}

// ---- the report ----

const f2 = (v: number | null) => (v === null ? '  —  ' : v.toFixed(3));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function evaluationTable(e: { model: Evaluation; markov: Evaluation; recency: Evaluation }, oracle: Evaluation | null = null): string[] {
  const row = (name: string, x: Evaluation) => `    ${name.padEnd(22)} ${f2(x.auc)}  ${f2(x.brier)}  ${f2(x.ece)}  ${x.lift === null ? '  —  ' : `${x.lift.toFixed(2)}×`}`;
  return [
    `    ${''.padEnd(22)} AUC    Brier  ECE    top-decile lift`,
    row('model', e.model),
    row('stage-transition rate', e.markov),
    row('recency rule', e.recency),
    ...(oracle ? [row('oracle (hidden truth)', oracle)] : []),
  ];
}

export function calibrationTable(e: Evaluation): string[] {
  return [
    '    calibration  customers  predicted  observed',
    ...e.calibration.map((b) => `    ${b.from.toFixed(1)}–${b.to.toFixed(1)}    ${String(b.count).padStart(9)}  ${b.predicted === null ? '     —   ' : b.predicted.toFixed(3).padStart(9)}  ${b.observed === null ? '    —   ' : b.observed.toFixed(3).padStart(8)}`),
  ];
}

/** The weights of the features whose sign the simulator's propensities fix, with the sign they should have. */
export function driverSigns(m: PredictionModel): { feature: string; weight: number; expected: 1 | -1; pass: boolean }[] {
  // Churn is leaving, next stage going on: the propensities push them opposite ways.
  // Counts of rage clicks also grow with time on the site (more pages, more chances), so a model
  // holding both reads disposition from the rate per session.
  const expected: [string, 1 | -1][] = m.kind === 'churn'
    ? [['pains_last_session', 1], ['explicit_emotion', -1], ['support_last_14d', -1]]
    : [['frustration_per_session', -1], ['explicit_emotion', 1]];
  return expected.map(([feature, sign]) => {
    const weight = m.weights[m.features.indexOf(feature)];
    return { feature, weight, expected: sign, pass: Math.sign(weight) === sign };
  });
}

export function kindReport(r: KindResult, title: string): string[] {
  const { model, evaluated, train, test } = r.run;
  const e = model.evaluation!;
  const rate = (xs: { label: number }[]) => `${((xs.filter((x) => x.label).length / xs.length) * 100).toFixed(1)}%`;
  return [
    `  ${title} ${r.kind}: trained on ${train.length} customer-cut-offs up to ${day(evaluated.cutoff)} (${rate(train)} positive), judged on ${test.length} in the weeks up to ${day(e.cutoff)} (${rate(test)}); trained in ${r.trainSeconds.toFixed(1)} s, ${r.scoreMs.toFixed(3)} ms to score one customer`,
    ...evaluationTable(e, r.oracle),
  ];
}


export interface PredictionBudgetCheck { name: string; pass: boolean; detail: string }

const BEST = (e: { markov: Evaluation; recency: Evaluation }) => Math.max(e.markov.auc ?? 0, e.recency.auc ?? 0);

/** The budgets one population's result must meet. */
export function budgetChecks(label: string, r: KindResult): PredictionBudgetCheck[] {
  const e = r.run.model.evaluation!;
  const auc = e.model.auc ?? 0;
  const brier = e.model.brier ?? 1;
  return [
    { name: `${label} ${r.kind} AUC ≥ 0.80`, pass: auc >= 0.8, detail: auc.toFixed(3) },
    { name: `${label} ${r.kind} AUC ≥ best baseline + 0.05`, pass: auc >= BEST(e) + 0.05, detail: `${auc.toFixed(3)} vs ${BEST(e).toFixed(3)}` },
    { name: `${label} ${r.kind} Brier below both baselines`, pass: brier < (e.markov.brier ?? 0) && brier < (e.recency.brier ?? 0), detail: `${brier.toFixed(3)} vs ${f2(e.markov.brier)}, ${f2(e.recency.brier)}` },
    { name: `${label} ${r.kind} calibration error ≤ 0.05`, pass: (e.model.ece ?? 1) <= 0.05, detail: f2(e.model.ece) },
    { name: `${label} ${r.kind} scoring one customer ≤ 1 ms`, pass: r.scoreMs <= 1, detail: `${r.scoreMs.toFixed(3)} ms` },
  ];
}

export function noSignalCheck(r: KindResult): PredictionBudgetCheck {
  const auc = r.run.model.evaluation!.model.auc ?? 0;
  return { name: `no signal ${r.kind} AUC within 0.5 ± 0.03`, pass: Math.abs(auc - 0.5) <= 0.03, detail: auc.toFixed(3) };
}

/** `churn AUC 0.NN (best baseline 0.NN); next-stage AUC 0.NN (best baseline 0.NN)`: means over the populations. */
export function predictionClosingLine(results: KindResult[]): string {
  const of = (kind: PredictionKind) => {
    const es = results.filter((r) => r.kind === kind).map((r) => r.run.model.evaluation!);
    const mean = (f: (e: (typeof es)[number]) => number) => es.reduce((s, e) => s + f(e), 0) / es.length;
    return `AUC ${mean((e) => e.model.auc ?? 0).toFixed(2)} (best baseline ${Math.max(mean((e) => e.markov.auc ?? 0), mean((e) => e.recency.auc ?? 0)).toFixed(2)})`;
  };
  return `churn ${of('churn')}; next-stage ${of('next_stage')}`;
}
