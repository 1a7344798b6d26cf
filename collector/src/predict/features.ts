// Features of one customer at a cut-off, from plain journey data: stage and time in it, recency,
// frequency, sessions and their trend, channels, explicit and inferred emotion, pain points by
// kind, off-site touchpoints (support tickets, emails). Everything is read through journeyAt(), so
// nothing that happened at or after the cut-off can reach a feature (the no-leakage test holds
// this). Pure: the same journey and cut-off give the same numbers.
import { STAGES, type Stage } from '../../../wire/schema.js';
import type { Journey, PainPointKind } from '../journey/types.js';

const DAY = 86_400_000;

/** What features read: the documented journey shape, or any state holding the same fields. */
export type JourneyData = Pick<Journey, 'customerId' | 'currentStage' | 'stages' | 'sessions' | 'touchpoints' | 'emotion' | 'painPoints'>;

/** A pain point kind and the words for one of it. Drop-off is left out: it is recency seen later. */
const PAIN: [PainPointKind, string, string][] = [
  ['rage_click', 'rage click', 'rage clicks'],
  ['dead_click', 'dead click', 'dead clicks'],
  ['js_error', 'page error', 'page errors'],
  ['form_abandonment', 'abandoned form', 'abandoned forms'],
  ['negative_survey', 'negative survey answer', 'negative survey answers'],
  ['slow_page', 'slow page', 'slow pages'],
  ['loop', 'back-and-forth', 'back-and-forths'],
];

/** How a raw value enters the model: counts and durations on a log scale (the 10th rage click says less than the 1st). */
export type Transform = 'log' | 'linear';

export interface FeatureSpec {
  name: string;
  transform: Transform;
  /** The feature in words for one customer's raw value, e.g. "3 rage clicks". */
  words(value: number): string;
}

/** Days since last seen: [from, to) per bucket, the last open. */
const RECENCY_BUCKETS: [number, number | null][] = [[0, 1], [1, 3], [3, 7], [7, 14], [14, 21], [21, null]];

const count = (one: string, many: string) => (v: number) => `${v} ${v === 1 ? one : many}`;
const days = (what: string) => (v: number) => `${what} ${v < 1 ? 'under a day' : `${Math.round(v)} day${Math.round(v) === 1 ? '' : 's'}`}`;
const score = (what: string) => (v: number) => `${what} ${v > 0 ? '+' : ''}${v.toFixed(2)}`;

export const FEATURES: FeatureSpec[] = [
  ...STAGES.map((s): FeatureSpec => ({ name: `stage_${s}`, transform: 'linear', words: (v) => (v ? `in ${s}` : `not in ${s}`) })),
  { name: 'days_in_stage', transform: 'log', words: days('in this stage for') },
  { name: 'days_since_last', transform: 'log', words: days('last seen') },
  // Recency also by bucket: its effect is far from straight on any scale (a customer back every
  // few days is fine until a fortnight has passed), and the buckets let the model hold the recency rule.
  ...RECENCY_BUCKETS.map(([lo, hi]): FeatureSpec => ({ name: `last_seen_${lo}_${hi ?? 'more'}d`, transform: 'linear', words: (v) => (v ? `last seen ${hi === null ? `${lo}+` : `${lo}–${hi}`} days ago` : `not last seen ${lo}–${hi ?? ''} days ago`) })),
  { name: 'days_since_first', transform: 'log', words: days('first seen') },
  { name: 'sessions', transform: 'log', words: count('session', 'sessions') },
  { name: 'sessions_7d', transform: 'log', words: (v) => `${count('session', 'sessions')(v)} in the last 7 days` },
  { name: 'sessions_30d', transform: 'log', words: (v) => `${count('session', 'sessions')(v)} in the last 30 days` },
  { name: 'session_trend', transform: 'linear', words: (v) => `${v >= 0 ? '+' : ''}${v} sessions on the 14 days before` },
  { name: 'touchpoints_per_session', transform: 'log', words: (v) => `${v.toFixed(1)} touchpoints a session` },
  { name: 'channels', transform: 'linear', words: count('channel', 'channels') },
  { name: 'explicit_emotion', transform: 'linear', words: score('survey mood') },
  { name: 'survey_answers', transform: 'log', words: count('survey answer', 'survey answers') },
  { name: 'inferred_emotion', transform: 'linear', words: score('inferred mood') },
  ...PAIN.map(([kind, one, many]): FeatureSpec => ({ name: kind, transform: 'log', words: count(one, many) })),
  { name: 'frustration_per_session', transform: 'log', words: (v) => `${v.toFixed(1)} frustrations a session` },
  { name: 'pains_last_session', transform: 'log', words: (v) => `${count('pain point', 'pain points')(v)} in the last session` },
  { name: 'pain_at_checkout', transform: 'log', words: (v) => `${count('pain point', 'pain points')(v)} at checkout` },
  { name: 'support_contacts', transform: 'log', words: count('support contact', 'support contacts') },
  { name: 'emails', transform: 'log', words: count('email touchpoint', 'email touchpoints') },
  { name: 'support_last_14d', transform: 'log', words: (v) => `${count('support contact', 'support contacts')(v)} in the last 14 days` },
  // What recent activity and time in a stage say depends on the stage (a week of visits means
  // buying soon for an evaluator, little for a settled customer): one of each per stage.
  ...STAGES.map((s): FeatureSpec => ({ name: `sessions_7d_in_${s}`, transform: 'log', words: (v) => `${count('session', 'sessions')(v)} in the last 7 days, in ${s}` })),
  ...STAGES.map((s): FeatureSpec => ({ name: `days_in_${s}`, transform: 'log', words: days(`in ${s} for`) })),
];

export const FEATURE_NAMES = FEATURES.map((f) => f.name);

/**
 * The journey as it was known just before `cutoff` (ms): touchpoints, sessions, emotion and pain
 * points that happened before it; stage entries made before it, still open if left after it. The
 * current stage is the last entry's. Drop-off is left out (it is judged against a "now").
 */
export function journeyAt<J extends JourneyData>(j: J, cutoff: number): JourneyData {
  const before = (iso: string) => Date.parse(iso) < cutoff;
  const stages = j.stages.filter((s) => before(s.enteredAt)).map((s) => (s.leftAt !== null && !before(s.leftAt) ? { ...s, leftAt: null } : s));
  return {
    customerId: j.customerId,
    currentStage: stages.length ? stages[stages.length - 1].stage : 'awareness',
    stages,
    sessions: j.sessions.filter((s) => before(s.start)).map((s) => (before(s.end) ? s : { ...s, end: new Date(cutoff - 1).toISOString() })),
    touchpoints: j.touchpoints.filter((t) => before(t.at)),
    emotion: j.emotion.filter((e) => before(e.at)),
    painPoints: j.painPoints.filter((p) => p.kind !== 'drop_off' && before(p.at)),
  };
}

/** When the customer was last seen before the cut-off (ms), or null when never. */
export function lastSeen(j: JourneyData, cutoff: number): number | null {
  let last: number | null = null;
  for (const t of j.touchpoints) {
    const at = Date.parse(t.at);
    if (at < cutoff && (last === null || at > last)) last = at;
  }
  return last;
}

/** Pain points a person feels (not slow pages or back-and-forths, which few notice as such). */
const FELT = new Set<PainPointKind>(['rage_click', 'dead_click', 'js_error', 'form_abandonment', 'negative_survey']);

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

/** The raw feature values (in FEATURES order) of a customer at `cutoff`; null when nothing of them is known by then. */
export function customerFeatures(journey: JourneyData, cutoff: number): number[] | null {
  const j = journeyAt(journey, cutoff);
  if (j.touchpoints.length === 0) return null;
  const times = j.touchpoints.map((t) => Date.parse(t.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const entered = j.stages.length ? Date.parse(j.stages[j.stages.length - 1].enteredAt) : first;
  const web = j.sessions.filter((s) => !s.offSite);
  const startedWithin = (from: number, to: number) => web.filter((s) => { const at = cutoff - Date.parse(s.start); return at >= from * DAY && at < to * DAY; }).length;
  const offSite = (channel: string) => j.touchpoints.filter((t) => t.offSite && t.channel === channel).length;
  const explicit = j.emotion.filter((e) => e.source === 'explicit').map((e) => e.score);
  const inferred = j.emotion.filter((e) => e.source === 'inferred').map((e) => e.score);
  const pain = (kind: PainPointKind) => j.painPoints.filter((p) => p.kind === kind).length;
  const lastWeb = web.length ? web.reduce((a, b) => (Date.parse(b.start) > Date.parse(a.start) ? b : a)) : null;
  const sessionOf = new Map(j.touchpoints.map((t) => [t.id, t.sessionId]));
  const onSite = j.touchpoints.length - j.touchpoints.filter((t) => t.offSite).length;
  return [
    ...STAGES.map((s) => (j.currentStage === s ? 1 : 0)),
    (cutoff - entered) / DAY,
    (cutoff - last) / DAY,
    ...RECENCY_BUCKETS.map(([lo, hi]) => { const d = (cutoff - last) / DAY; return d >= lo && (hi === null || d < hi) ? 1 : 0; }),
    (cutoff - first) / DAY,
    web.length,
    startedWithin(0, 7),
    startedWithin(0, 30),
    startedWithin(0, 14) - startedWithin(14, 28),
    web.length ? onSite / web.length : 0,
    new Set(j.sessions.map((s) => s.channel)).size,
    mean(explicit),
    explicit.length,
    mean(inferred),
    ...PAIN.map(([kind]) => pain(kind)),
    web.length ? (pain('rage_click') + pain('dead_click') + pain('js_error')) / web.length : 0,
    lastWeb ? j.painPoints.filter((p) => FELT.has(p.kind) && p.touchpointId !== null && sessionOf.get(p.touchpointId) === lastWeb.id).length : 0,
    j.painPoints.filter((p) => p.stage === 'purchase').length,
    offSite('support'),
    offSite('email'),
    j.touchpoints.filter((t) => t.offSite && t.channel === 'support' && cutoff - Date.parse(t.at) < 14 * DAY).length,
    ...STAGES.map((s) => (j.currentStage === s ? startedWithin(0, 7) : 0)),
    ...STAGES.map((s) => (j.currentStage === s ? (cutoff - entered) / DAY : 0)),
  ];
}

/** The stage a customer is in at the cut-off (what the stage-transition baseline reads). */
export const stageAt = (j: JourneyData, cutoff: number): Stage => journeyAt(j, cutoff).currentStage;
