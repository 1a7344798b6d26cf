// What reconstruction must find for one simulated person, computed from the agent's own record.
// Stages are those the agent lived, through every event it did; what is judged is restricted to
// the events that reached the collector (see personTruth).
import { STAGES, type Stage } from '../../../wire/schema.js';
import type { Emitted } from './emit.js';
import type { LossKind } from './noise.js';
import { trueStages } from './lifecycle.js';

/** The kinds of pain point the lifecycle definitions name (the same names the read API uses). */
export type PainPointKind = 'rage_click' | 'dead_click' | 'js_error' | 'form_abandonment' | 'negative_survey' | 'slow_page' | 'loop' | 'drop_off';

export const DROP_OFF_DAYS = 14;
const DAY = 86_400_000;

export interface TruePainPoint {
  kind: PainPointKind;
  /** The event that carries it (drop-off: the person's last event). */
  eventId: string;
}

export interface PersonTruth {
  /** The id reconstruction should give this person: their user id once an arrived event carries it, else their first anonymous id ('' when nothing arrived). */
  customerId: string;
  bot: boolean;
  /** The ids the arrived events carry (a browser whose events never arrived is unknowable). */
  anonymousIds: string[];
  /** The person's user id when an arrived event carries it. */
  userIds: string[];
  /** Every arrived event id, in time order, with its true stage (as the agent lived it) and intent. Empty: nothing of this person arrived, so no customer is expected. */
  events: { id: string; at: number; stage: Stage; intent: Stage | null }[];
  /** Runs of equal consecutive stages as lived, each kept when the event that began it arrived. */
  stageEntries: { stage: Stage; enteredAt: number }[];
  /** Pain points whose carrying event arrived. */
  painPoints: TruePainPoint[];
  /** Each true session's arrived event ids (sessions none of whose events arrived left out). */
  sessions: string[][];
  /** Events the agent did that never arrived, by why. */
  lost: Record<LossKind, number>;
  /** As lived (the events that put the person there may not have arrived). */
  currentStage: Stage;
  furthestStage: Stage;
  firstChannel: string;
  /** The agent's first and last events, arrived or not (drop-off is judged from the last). */
  firstAt: number;
  lastAt: number;
  /** Used a browser an earlier customer used. */
  sharedDevice: boolean;
  /** On a shared browser without log-out, browsed before signing in: those events inherently look like the earlier user's. */
  inherentlyAmbiguous: boolean;
}

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '').split(/[?#]/)[0] || '/';

/** A → B → A among one session's consecutive page views, once per (A, B): the page view back to A carries it. */
function loops(pages: { id: string; path: string }[]): TruePainPoint[] {
  const out: TruePainPoint[] = [];
  const seen = new Set<string>();
  for (let i = 2; i < pages.length; i++) {
    const [a, b, c] = [pages[i - 2], pages[i - 1], pages[i]];
    if (a.path !== c.path || a.path === b.path) continue;
    const key = `${a.path}\u0000${b.path}`;
    if (!seen.has(key)) { seen.add(key); out.push({ kind: 'loop', eventId: c.id }); }
  }
  return out;
}

/**
 * `events`: everything the agent did, arrived or not. Stages come from all of it (a purchase made
 * during a blocked visit still makes a customer); the judged parts keep only what arrived:
 * - events: the arrived ones, each with the stage the agent was truly in;
 * - stage entries: an entry is judged when the event that began it arrived, at that event's time.
 *   An entry whose first event was lost is left out (nothing could place it at its true time),
 *   so a reconstruction that enters the stage at the next arrived event scores a false entry,
 *   and one that never sees the stage (all of it lost) scores nothing either way;
 * - pain points: those whose carrying event arrived (a loop as the agent walked it, carried by
 *   the page view back); drop-off as lived (before purchase, last event over 14 days before
 *   "now"), carried by the last arrived event;
 * - sessions: the arrived part of each true session.
 */
export function personTruth(events: Emitted[], o: { bot: boolean; userId: string | null; firstChannel: string; now: number; sharedDevice: boolean; inherentlyAmbiguous: boolean }): PersonTruth {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const stages = trueStages(ordered);
  const arrived = ordered.filter((e) => !e.lost);
  const anonymousIds = [...new Set(arrived.map((e) => e.event.anonymousId))];
  const userKnown = o.userId !== null && arrived.some((e) => e.event.userId === o.userId);
  const stageEntries: PersonTruth['stageEntries'] = [];
  stages.forEach((s, i) => { if ((i === 0 || stages[i - 1] !== s) && !ordered[i].lost) stageEntries.push({ stage: s, enteredAt: ordered[i].at }); });

  const painPoints: TruePainPoint[] = arrived.filter((e) => e.pain).map((e) => ({ kind: e.pain!, eventId: e.event.id }));
  const bySession = new Map<number, Emitted[]>();
  for (const e of ordered) bySession.set(e.session, [...(bySession.get(e.session) ?? []), e]);
  const lostIds = new Set(ordered.filter((e) => e.lost).map((e) => e.event.id));
  for (const s of bySession.values()) {
    painPoints.push(...loops(s.filter((e) => e.event.type === 'page').map((e) => ({ id: e.event.id, path: pathOf(e.event.context.url!) }))).filter((p) => !lostIds.has(p.eventId)));
  }
  const current = stages[stages.length - 1] ?? 'awareness';
  const last = ordered[ordered.length - 1];
  const lastArrived = arrived[arrived.length - 1];
  if (!o.bot && lastArrived && STAGES.indexOf(current) < STAGES.indexOf('purchase') && o.now - last.at > DROP_OFF_DAYS * DAY) {
    painPoints.push({ kind: 'drop_off', eventId: lastArrived.event.id });
  }
  const lost: Record<LossKind, number> = { blocked: 0, consent: 0, lost: 0 };
  for (const e of ordered) if (e.lost) lost[e.lost]++;
  const stageOf = new Map(ordered.map((e, i) => [e, stages[i]]));
  return {
    customerId: (userKnown ? o.userId : null) ?? anonymousIds[0] ?? '',
    bot: o.bot,
    anonymousIds,
    userIds: userKnown ? [o.userId!] : [],
    events: arrived.map((e) => ({ id: e.event.id, at: e.at, stage: stageOf.get(e)!, intent: e.meaning.intent })),
    stageEntries,
    painPoints,
    sessions: [...bySession.values()].map((s) => s.filter((e) => !e.lost).map((e) => e.event.id)).filter((s) => s.length > 0),
    lost,
    currentStage: current,
    furthestStage: stages.reduce<Stage>((f, s) => (STAGES.indexOf(s) > STAGES.indexOf(f) ? s : f), 'awareness'),
    firstChannel: o.firstChannel,
    firstAt: ordered[0]?.at ?? 0,
    lastAt: last?.at ?? 0,
    sharedDevice: o.sharedDevice,
    inherentlyAmbiguous: o.inherentlyAmbiguous,
  };
}
