// What is predicted, for whom, and what counts as having happened.
// - next_stage: the customer reaches a later lifecycle stage within `nextStageDays` of the cut-off;
// - churn: a customer in onboarding, retention or advocacy shows no activity for `churnDays` after it.
// Predictions are made for customers seen within `churnDays` before the cut-off: one silent for
// longer has already churned or dropped off, and needs no forecast.
import { STAGES, type Stage } from '../../../wire/schema.js';
import { journeyAt, lastSeen, type JourneyData } from './features.js';

export const PREDICTION_KINDS = ['next_stage', 'churn'] as const;
export type PredictionKind = (typeof PREDICTION_KINDS)[number];

export interface PredictionSettings {
  /** Window for reaching the next stage (days). */
  nextStageDays: number;
  /** Days without activity that make a churned customer. */
  churnDays: number;
}

export const DEFAULT_PREDICTION_SETTINGS: PredictionSettings = { nextStageDays: 14, churnDays: 30 };

/** Stages whose customers can churn (they have bought). */
export const CHURN_STAGES: readonly Stage[] = ['onboarding', 'retention', 'advocacy'];

const DAY = 86_400_000;
const rank = (s: Stage) => STAGES.indexOf(s);

/** How far ahead a kind looks (days). */
export const horizonDays = (kind: PredictionKind, s: PredictionSettings) => (kind === 'churn' ? s.churnDays : s.nextStageDays);

/** The stage a customer is in at the cut-off when a prediction of `kind` is made for them there, else null. */
export function eligibleStage(kind: PredictionKind, j: JourneyData, cutoff: number, s: PredictionSettings): Stage | null {
  const last = lastSeen(j, cutoff);
  if (last === null || cutoff - last > s.churnDays * DAY) return null;
  const stage = journeyAt(j, cutoff).currentStage;
  if (kind === 'next_stage') return stage === 'advocacy' ? null : stage;
  return CHURN_STAGES.includes(stage) ? stage : null;
}

/**
 * What happened after the cut-off, read from the customer's own later journey (a store's history):
 * 1 when it happened. The journey must reach past cutoff + horizon for the answer to be final.
 */
export function journeyOutcome(kind: PredictionKind, j: JourneyData, cutoff: number, s: PredictionSettings): 0 | 1 {
  const end = cutoff + horizonDays(kind, s) * DAY;
  const within = (iso: string) => { const at = Date.parse(iso); return at >= cutoff && at < end; };
  if (kind === 'churn') return j.touchpoints.some((t) => within(t.at)) ? 0 : 1;
  const from = rank(journeyAt(j, cutoff).currentStage);
  return j.stages.some((e) => within(e.enteredAt) && rank(e.stage) > from) ? 1 : 0;
}
