// Emotion points and pain points read off single touchpoints: survey answers are
// explicit emotion; frustration signals are inferred emotion, with fixed, documented weights.
// Loops and drop-off need the whole journey and live in build-journey.ts.
import { normaliseScore, INSTRUMENTS, type Instrument } from '../../../wire/schema.js';
import type { JourneyEvent } from './event.js';
import type { PainPointKind } from './types.js';

/** The inferred emotion a frustration signal stands for (−1..0): strong for rage, mild for a dead click. */
export const INFERRED_EMOTION = { rage_click: -0.6, dead_click: -0.3, js_error: -0.5, form_abandonment: -0.4 } as const;

/**
 * Inferred emotion that rises: a milestone reached is a task the customer came to do and finished
 * (an order placed, onboarding done), so the curve can go up as well as down.
 */
export const MILESTONE_EMOTION: Partial<Record<'purchased' | 'onboarded' | 'lost', number>> = { purchased: 0.5, onboarded: 0.4 };

/** Dead clicks this close (ms) to a rage click on the same element are clicks of its burst. */
export const RAGE_BURST_MS = 3000;

/** Elements of Waymark's own UI (the survey widget): a click there is never the site's dead click. */
const WAYMARK_UI = 'waymark-survey';

/**
 * The `$dead_click` events of one session that are not pain points of their own: the clicks of a
 * rage burst (the SDK reports the burst as one rage click and its element as a dead click too;
 * older SDKs, one dead click per click), and clicks on Waymark's own widget.
 */
export function absorbedDeadClicks<E extends Pick<JourneyEvent, 'name' | 'at' | 'properties'>>(events: E[]): Set<E> | null {
  let absorbed: Set<E> | null = null;
  let rages: E[] | null = null;
  for (const e of events) if (e.name === '$rage_click') (rages ??= []).push(e);
  for (const e of events) {
    if (e.name !== '$dead_click') continue;
    const selector = str(e.properties?.selector);
    if (selector?.includes(WAYMARK_UI) || rages?.some((r) => str(r.properties?.selector) === selector && Math.abs(r.at - e.at) <= RAGE_BURST_MS)) (absorbed ??= new Set()).add(e);
  }
  return absorbed;
}

/** "Poor" thresholds of Core Web Vitals (web.dev/vitals): a page above any of them is slow. */
export const SLOW_PAGE_THRESHOLDS = { LCP: 4000, INP: 500, CLS: 0.25 } as Record<string, number>;

/** Track names that report an abandoned form (the SDK may also set `formAbandoned` on `$page_leave`). */
export const FORM_ABANDON_EVENTS = ['$form_abandon', 'form_abandoned'];

export interface Signal {
  kind: PainPointKind;
  detail: string;
  /** Inferred emotion for frustration signals; explicit emotion rides on `explicit` below. */
  inferred: number | null;
}

export interface SignalReading {
  /** Normalised survey answer (−1..+1), null when the event is not an answered, scored survey. */
  explicit: number | null;
  signals: Signal[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function element(p: Record<string, unknown>): string {
  return clip(str(p.selector) ?? str(p.element) ?? str(p.text) ?? str(p.tag) ?? 'an element');
}

function slowMetrics(p: Record<string, unknown>, thresholds: Record<string, number>): string[] {
  const found: string[] = [];
  const check = (name: string, value: unknown) => {
    const limit = thresholds[name.toUpperCase()];
    if (limit !== undefined && typeof value === 'number' && value > limit) found.push(`${name.toUpperCase()} ${Math.round(value * 1000) / 1000}${name.toUpperCase() === 'CLS' ? '' : ' ms'} > ${limit}${name.toUpperCase() === 'CLS' ? '' : ' ms'}`);
  };
  if (typeof p.name === 'string') check(p.name, p.value);
  for (const name of Object.keys(thresholds)) {
    if (name in p) check(name, p[name]);
    else if (name.toLowerCase() in p) check(name, p[name.toLowerCase()]);
  }
  return found;
}

function formAbandoned(e: JourneyEvent, p: Record<string, unknown>): boolean {
  if (e.type !== 'track' || !e.name) return false;
  if (FORM_ABANDON_EVENTS.includes(e.name)) return true;
  return e.name === '$page_leave' && (p.formAbandoned === true || (p.formStarted === true && p.formSubmitted !== true));
}

/** Track names that can carry a signal; any other track event is skipped without allocating. */
const SIGNAL_NAMES = new Set(['$rage_click', '$dead_click', '$error', '$web_vitals', '$page_leave', ...FORM_ABANDON_EVENTS]);

const NOTHING: SignalReading = Object.freeze({ explicit: null, signals: Object.freeze([]) as unknown as Signal[] });

export function readSignals(e: JourneyEvent, slowThresholds: Record<string, number> = SLOW_PAGE_THRESHOLDS): SignalReading {
  if (e.type !== 'survey' && e.type !== 'track') return NOTHING;
  const p = e.properties ?? {};
  const signals: Signal[] = [];
  let explicit: number | null = null;
  if (e.type === 'track' && !(e.name && SIGNAL_NAMES.has(e.name))) return NOTHING;
  if (e.type === 'survey' && p.dismissed !== true && INSTRUMENTS.includes(p.instrument as Instrument)) {
    const instrument = p.instrument as Instrument;
    const raw = typeof p.score === 'number' ? p.score : null;
    explicit = normaliseScore(instrument, raw);
    // NPS counts 0–6 as detractors although 6 normalises above zero.
    if (explicit !== null && (explicit < 0 || (instrument === 'nps' && raw !== null && raw <= 6))) {
      signals.push({ kind: 'negative_survey', inferred: null, detail: clip(`${str(p.surveyId) ?? 'survey'}: ${instrument} ${raw}${str(p.comment) ? ` — "${str(p.comment)}"` : ''}`, 200) });
    }
  }
  if (e.type === 'track') {
    if (e.name === '$rage_click') signals.push({ kind: 'rage_click', inferred: INFERRED_EMOTION.rage_click, detail: `rage clicks on ${element(p)}` });
    if (e.name === '$dead_click') signals.push({ kind: 'dead_click', inferred: INFERRED_EMOTION.dead_click, detail: `dead click on ${element(p)}` });
    if (e.name === '$error') signals.push({ kind: 'js_error', inferred: INFERRED_EMOTION.js_error, detail: clip(str(p.message) ?? str(p.error) ?? 'script error') });
    if (e.name === '$web_vitals') {
      const slow = slowMetrics(p, slowThresholds);
      if (slow.length) signals.push({ kind: 'slow_page', inferred: null, detail: slow.join(', ') });
    }
    if (formAbandoned(e, p)) signals.push({ kind: 'form_abandonment', inferred: INFERRED_EMOTION.form_abandonment, detail: `form ${clip(str(p.form) ?? str(p.formId) ?? str(p.selector) ?? '')} left unsubmitted`.replace('form  ', 'a form ') });
  }
  return { explicit, signals };
}
