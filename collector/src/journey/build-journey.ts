// One customer's journey: sessions, touchpoints with stage and channel, the stage
// timeline (every entry, going back included), emotion and pain points. Pure: "now" for
// drop-off is the caller's `asOf`, never the clock. Touchpoints go through the lifecycle in time
// order, whichever session holds them: an off-site session (an email, a support call) may overlap
// a web visit, and its touchpoints take the customer's stage at their moment like any other.
import { elementOf } from './touchpoint-detail.js';
import type { StageRule } from '../config.js';
import { STAGES, type Stage } from '../../../wire/schema.js';
import type { ChannelRules } from './classify-channel.js';
import { DEFAULT_STAGE_RULES, readTouchpoint } from './classify-stages.js';
import { compareEvents, pathOf, type JourneyEvent } from './event.js';
import { advance, startLifecycle, type LifecycleOptions } from './lifecycle.js';
import { sessionize, type EventSession } from './sessionize.js';
import { isoTime as iso } from './iso-time.js';
import { absorbedDeadClicks, MILESTONE_EMOTION, readSignals, SLOW_PAGE_THRESHOLDS } from './signals.js';
import type { Customer } from './stitch-identities.js';
import type { EmotionPoint, Journey, PainPoint, Session, StageEntry, Touchpoint } from './types.js';

export interface JourneyOptions {
  stageRules?: StageRule[];
  lifecycle?: LifecycleOptions;
  timeoutMinutes?: number;
  channelRules?: ChannelRules;
  /** The "now" drop-off is measured against (ms since epoch); without it no drop-off is reported. */
  asOf?: number;
  /** Days without activity, in a stage before purchase, that count as drop-off; 14 by default. */
  dropOffDays?: number;
  slowPageThresholds?: Record<string, number>;
}

export const DEFAULT_DROP_OFF_DAYS = 14;
const DAY = 86_400_000;
const PURCHASE = STAGES.indexOf('purchase');
export const stageIndex = (s: Stage) => STAGES.indexOf(s);

/** A → B → A among consecutive page views of one session, once per (A, B) and session. */
function loops(pages: { path: string; t: Touchpoint }[]): PainPoint[] {
  const out: PainPoint[] = [];
  const seen = new Set<string>();
  const seq = pages.filter((p, i) => i === 0 || p.path !== pages[i - 1].path);
  for (let i = 2; i < seq.length; i++) {
    const a = seq[i - 2], b = seq[i - 1], c = seq[i];
    if (a.path !== c.path) continue;
    const k = `${a.path}\u0000${b.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ kind: 'loop', at: c.t.at, stage: c.t.stage, touchpointId: c.t.id, detail: `${a.path} → ${b.path} → ${a.path}` });
  }
  return out;
}

export function buildJourney(customer: Customer<JourneyEvent>, opts: JourneyOptions = {}): Journey {
  const rules = opts.stageRules ?? DEFAULT_STAGE_RULES;
  const slow = opts.slowPageThresholds ?? SLOW_PAGE_THRESHOLDS;
  const eventSessions = sessionize(customer.events, { timeoutMinutes: opts.timeoutMinutes, channelRules: opts.channelRules });

  const sessions: Session[] = [];
  const touchpoints: Touchpoint[] = [];
  const stages: StageEntry[] = [];
  const emotion: EmotionPoint[] = [];
  const painPoints: PainPoint[] = [];
  const siteIds = new Set<string>();
  let life = startLifecycle();
  let furthest: Stage = 'awareness';

  const pagesOf = new Map<EventSession, { path: string; t: Touchpoint }[]>();
  const absorbed = new Set<JourneyEvent>();
  const steps: [JourneyEvent, EventSession][] = [];
  for (const s of eventSessions) {
    const session: Session = { id: s.id, start: iso(s.start), end: iso(s.end), channel: s.channel, touchpoints: s.events.length };
    if (s.offSite) session.offSite = true;
    sessions.push(session);
    for (const e of s.events) steps.push([e, s]);
    absorbedDeadClicks(s.events)?.forEach((e) => absorbed.add(e));
    pagesOf.set(s, []);
  }
  // Web sessions never overlap: only off-site ones make the sessions' events interleave.
  if (eventSessions.some((s) => s.offSite)) steps.sort((a, b) => compareEvents(a[0], b[0]));

  for (const [e, s] of steps) {
    siteIds.add(e.siteId);
    const reading = readTouchpoint(e, rules);
    life = advance(life, { at: e.at, sessionId: s.id }, reading, opts.lifecycle);
    const current = life.stage;
    if (stageIndex(current) > stageIndex(furthest)) furthest = current;
    const at = iso(e.at);
    if (stages.length === 0 || stages[stages.length - 1].stage !== current) {
      if (stages.length) stages[stages.length - 1].leftAt = at;
      stages.push({ stage: current, enteredAt: at, leftAt: null });
    }
    // No spread in these literals: one per touchpoint, and a spread makes each a slow copy.
    const t: Touchpoint = { id: e.id, at, type: e.type, name: e.name, url: e.url, stage: current, intent: reading.intent, channel: e.channel ?? s.channel, sessionId: s.id };
    if (s.offSite) t.offSite = true;
    if (e.title && e.type === 'page') t.title = e.title;
    const element = elementOf(e.name, e.properties);
    if (element) t.element = element;
    touchpoints.push(t);
    if (e.type === 'page' && e.url) pagesOf.get(s)!.push({ path: pathOf(e.url)!, t });

    if (absorbed.has(e)) continue;
    const { explicit, signals } = readSignals(e, slow);
    if (explicit !== null) emotion.push({ at, score: explicit, source: 'explicit', touchpointId: e.id });
    const milestone = reading.signal && MILESTONE_EMOTION[reading.signal];
    if (milestone) emotion.push({ at, score: milestone, source: 'inferred', touchpointId: e.id });
    for (const sig of signals) {
      if (sig.inferred !== null) emotion.push({ at, score: sig.inferred, source: 'inferred', touchpointId: e.id });
      painPoints.push({ kind: sig.kind, at, stage: current, touchpointId: e.id, detail: sig.detail });
    }
  }
  for (const pages of pagesOf.values()) painPoints.push(...loops(pages));

  const current = life.stage;
  const last = touchpoints[touchpoints.length - 1];
  const dropOffMs = (opts.dropOffDays ?? DEFAULT_DROP_OFF_DAYS) * DAY;
  if (last && opts.asOf !== undefined && stageIndex(current) < PURCHASE) {
    const idle = opts.asOf - Date.parse(last.at);
    if (idle > dropOffMs) {
      painPoints.push({ kind: 'drop_off', at: last.at, stage: current, touchpointId: last.id, detail: `no activity for ${Math.floor(idle / DAY)} days in ${current}` });
    }
  }
  painPoints.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const firstSession = eventSessions[0];
  const first = firstSession?.events[0];
  return {
    customerId: customer.customerId,
    anonymousIds: customer.anonymousIds,
    userIds: customer.userIds,
    currentStage: current,
    furthestStage: furthest,
    stages,
    sessions,
    touchpoints,
    emotion,
    painPoints,
    siteIds: [...siteIds].sort(),
    firstTouch: firstSession
      ? { at: iso(firstSession.start), channel: firstSession.channel, source: first!.utm?.source ?? null, medium: first!.utm?.medium ?? null, campaign: first!.utm?.campaign ?? null }
      : null,
  };
}
