// The prediction evaluation on a small simulated population: the model beats the baselines
// (the truth is the simulator's record of what people did), recovers the signs the simulator's
// propensities fix, trains deterministically, and finds nothing where there is nothing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREDICTION_SETTINGS as S } from '../predict/outcomes.js';
import { trainAndEvaluate } from '../predict/train.js';
import { driverSigns, noSignal, runKind, simulatedPopulation } from './prediction.js';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');

describe('npm run evaluate -- prediction, small', () => {
  const pop = simulatedPopulation({ seed: 5, people: 5000, now: NOW, settings: S });

  it('next_stage: the model beats both baselines on customers it never saw', () => {
    const e = runKind('next_stage', pop.journeys, pop.truth('next_stage'), NOW).run.model.evaluation!;
    expect(e.model.auc!).toBeGreaterThan(e.recency.auc!);
    expect(e.model.auc!).toBeGreaterThan(e.markov.auc!);
    expect(e.model.brier!).toBeLessThan(e.markov.brier!);
  }, 120_000);

  // The simulated churn truth holds little beyond recency (the evaluation's oracle, over the hidden
  // truth itself, is only some 0.03 above the recency rule), so on some 600 held-out customers the
  // model matches that rule within sampling noise (±0.02) rather than beating it every time.
  it('churn: the model matches the recency rule and beats the stage-transition rate', () => {
    const e = runKind('churn', pop.journeys, pop.truth('churn'), NOW).run.model.evaluation!;
    expect(e.model.auc!).toBeGreaterThan(e.recency.auc! - 0.03);
    expect(e.model.auc!).toBeGreaterThan(e.markov.auc! + 0.1);
    expect(e.model.brier!).toBeLessThan(e.markov.brier!);
  }, 120_000);

  it('churn: recovers the signs of the simulated propensities', () => {
    const { evaluated } = runKind('churn', pop.journeys, pop.truth('churn'), NOW).run;
    const signs = driverSigns(evaluated);
    expect(signs.filter((s) => s.pass).length, JSON.stringify(signs)).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('trains deterministically', () => {
    const a = trainAndEvaluate('churn', pop.journeys, { now: NOW, settings: S, label: pop.truth('churn') });
    const b = trainAndEvaluate('churn', pop.journeys, { now: NOW, settings: S, label: pop.truth('churn') });
    expect(b.model.weights).toEqual(a.model.weights);
    expect(b.model.evaluation).toEqual(a.model.evaluation);
  }, 120_000);

  it('outcomes unrelated to what people did give an AUC near 0.5', () => {
    const e = runKind('next_stage', pop.journeys, noSignal(5, 0.3), NOW).run.model.evaluation!;
    expect(Math.abs(e.model.auc! - 0.5)).toBeLessThan(0.08);
  }, 120_000);
});
