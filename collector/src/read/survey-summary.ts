// Survey answers summarised for the UI's Surveys page: by survey, stage and triggering
// touchpoint, with the score distribution, a daily trend and the comments. The read service
// feeds it the survey events of a range and caches the result per data version and filter, so
// only the first view after new data pays for the scan.
import type { StageRule } from '../config.js';
import { DEFAULT_STAGE_RULES, matchStage } from '../journey/classify-stages.js';
import type { StoredEvent } from '../store/store.js';
import { normaliseScore, type Instrument, type SurveyAnswer, type SurveyDefinition } from '../../../wire/schema.js';

export interface SurveyComment {
  at: number; customerId: string; score: number | null; label: string | null; text: string;
  /** The stage the answer is counted in (as in byStage), and its score on −1..+1 (null without one). */
  stage?: string; sentiment?: number | null;
}
export interface Bucket { key: string; count: number; average: number | null }
export interface SurveySummary {
  surveyId: string;
  instrument: Instrument;
  question: string | null;
  answers: number;
  dismissed: number;
  /** Mean normalised score (−1..+1) of scored answers. */
  average: number | null;
  /** Raw score (or label) → count, in score order. */
  distribution: { key: string; count: number }[];
  trend: { day: string; count: number; average: number | null }[];
  byStage: Bucket[];
  byTouchpoint: Bucket[];
  /** Newest first, at most 100. */
  comments: SurveyComment[];
}

interface Acc { sum: number; n: number; count: number }
const add = (m: Map<string, Acc>, key: string, v: number | null) => {
  const a = m.get(key) ?? { sum: 0, n: 0, count: 0 };
  a.count++;
  if (v !== null) { a.sum += v; a.n++; }
  m.set(key, a);
};
const buckets = (m: Map<string, Acc>): Bucket[] =>
  [...m].map(([key, a]) => ({ key, count: a.count, average: a.n ? a.sum / a.n : null })).sort((x, y) => y.count - x.count);

/** Summaries of the survey answers among `events` (other events are passed over), most answered first. */
export async function summariseSurveys(
  events: AsyncIterable<StoredEvent>,
  opts: { surveys: SurveyDefinition[]; stageRules?: StageRule[] },
): Promise<SurveySummary[]> {
  const rules = opts.stageRules ?? DEFAULT_STAGE_RULES;
  const defs = new Map(opts.surveys.map((s) => [s.id, s]));
  const per = new Map<string, {
    instrument: Instrument; answers: number; dismissed: number; sum: number; n: number;
    dist: Map<string, number>; trend: Map<string, Acc>; stage: Map<string, Acc>; touch: Map<string, Acc>; comments: SurveyComment[];
  }>();
  for await (const e of events) {
    if (e.type !== 'survey') continue;
    const a = (e.event.properties ?? {}) as SurveyAnswer;
    if (typeof a.surveyId !== 'string') continue;
    let s = per.get(a.surveyId);
    if (!s) {
      s = { instrument: a.instrument, answers: 0, dismissed: 0, sum: 0, n: 0, dist: new Map(), trend: new Map(), stage: new Map(), touch: new Map(), comments: [] };
      per.set(a.surveyId, s);
    }
    if (a.dismissed) { s.dismissed++; continue; }
    s.answers++;
    const v = normaliseScore(a.instrument, a.score ?? null);
    if (v !== null) { s.sum += v; s.n++; }
    const key = a.score != null ? String(a.score) : a.label ?? '(no score)';
    s.dist.set(key, (s.dist.get(key) ?? 0) + 1);
    add(s.trend, new Date(e.at).toISOString().slice(0, 10), v);
    const trigger = a.trigger?.name ?? null;
    const stage = defs.get(a.surveyId)?.trigger.stage
      ?? (trigger ? matchStage({ type: 'track', name: trigger, url: e.event.context?.url ?? null }, rules) : null)
      ?? matchStage({ type: 'page', name: null, url: e.event.context?.url ?? null }, rules)
      ?? 'unclassified';
    add(s.stage, stage, v);
    add(s.touch, trigger ?? e.event.context?.path ?? '(unknown)', v);
    if (a.comment) s.comments.push({ at: e.at, customerId: e.userId ?? e.anonymousId, score: a.score ?? null, label: a.label ?? null, text: a.comment, stage, sentiment: v });
  }
  return [...per].map(([surveyId, s]) => ({
    surveyId,
    instrument: s.instrument,
    question: defs.get(surveyId)?.question ?? null,
    answers: s.answers,
    dismissed: s.dismissed,
    average: s.n ? s.sum / s.n : null,
    distribution: [...s.dist].map(([key, count]) => ({ key, count })).sort((x, y) => Number(x.key) - Number(y.key) || x.key.localeCompare(y.key)),
    trend: [...s.trend].map(([day, a]) => ({ day, count: a.count, average: a.n ? a.sum / a.n : null })).sort((x, y) => x.day.localeCompare(y.day)),
    byStage: buckets(s.stage),
    byTouchpoint: buckets(s.touch).slice(0, 10),
    comments: s.comments.sort((x, y) => y.at - x.at).slice(0, 100),
  })).sort((x, y) => y.answers - x.answers);
}
