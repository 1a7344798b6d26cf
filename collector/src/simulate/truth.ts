// What reconstruction must find for one simulated person, computed from the agent's own record.
import { STAGES, type Stage } from '../wire.js';
import type { Emitted } from './emit.js';
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
  /** The id reconstruction should give this person: their user id once they have one, else their anonymous id. */
  customerId: string;
  bot: boolean;
  anonymousIds: string[];
  userIds: string[];
  /** Every event id, in time order, with its true stage and intent. */
  events: { id: string; at: number; stage: Stage; intent: Stage | null }[];
  /** Runs of equal consecutive stages. */
  stageEntries: { stage: Stage; enteredAt: number }[];
  painPoints: TruePainPoint[];
  /** Each true session's event ids. */
  sessions: string[][];
  currentStage: Stage;
  furthestStage: Stage;
  firstChannel: string;
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

export function personTruth(events: Emitted[], o: { bot: boolean; userId: string | null; firstChannel: string; now: number; sharedDevice: boolean; inherentlyAmbiguous: boolean }): PersonTruth {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const stages = trueStages(ordered);
  const anonymousIds = [...new Set(ordered.map((e) => e.event.anonymousId))];
  const stageEntries: PersonTruth['stageEntries'] = [];
  stages.forEach((s, i) => { if (i === 0 || stages[i - 1] !== s) stageEntries.push({ stage: s, enteredAt: ordered[i].at }); });

  const painPoints: TruePainPoint[] = ordered.filter((e) => e.pain).map((e) => ({ kind: e.pain!, eventId: e.event.id }));
  const bySession = new Map<number, Emitted[]>();
  for (const e of ordered) bySession.set(e.session, [...(bySession.get(e.session) ?? []), e]);
  for (const s of bySession.values()) {
    painPoints.push(...loops(s.filter((e) => e.event.type === 'page').map((e) => ({ id: e.event.id, path: pathOf(e.event.context.url!) }))));
  }
  const current = stages[stages.length - 1] ?? 'awareness';
  const last = ordered[ordered.length - 1];
  if (!o.bot && last && STAGES.indexOf(current) < STAGES.indexOf('purchase') && o.now - last.at > DROP_OFF_DAYS * DAY) {
    painPoints.push({ kind: 'drop_off', eventId: last.event.id });
  }
  return {
    customerId: o.userId ?? anonymousIds[0],
    bot: o.bot,
    anonymousIds,
    userIds: o.userId ? [o.userId] : [],
    events: ordered.map((e, i) => ({ id: e.event.id, at: e.at, stage: stages[i], intent: e.meaning.intent })),
    stageEntries,
    painPoints,
    sessions: [...bySession.values()].map((s) => s.map((e) => e.event.id)),
    currentStage: current,
    furthestStage: stages.reduce<Stage>((f, s) => (STAGES.indexOf(s) > STAGES.indexOf(f) ? s : f), 'awareness'),
    firstChannel: o.firstChannel,
    firstAt: ordered[0]?.at ?? 0,
    lastAt: last?.at ?? 0,
    sharedDevice: o.sharedDevice,
    inherentlyAmbiguous: o.inherentlyAmbiguous,
  };
}
