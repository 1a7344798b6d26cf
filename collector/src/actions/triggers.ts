// Which actions a customer's journey fires: pure, from the journey alone. Each moment has a key
// made of the action and the stored event that made it (event ids are unique and never change),
// so looking at the same journey twice, from two collectors, or after the customer identified
// (an anonymous id becoming a user id), never fires a moment twice: the outbox keeps the first
// delivery of a key and ignores the rest.
import type { Stage } from '../../../wire/schema.js';
import type { JourneyState } from '../journey/journey-state.js';
import type { Journey, Touchpoint } from '../journey/types.js';
import type { Action } from './schema.js';

/** The part of a customer's journey a delivery carries (and a receiver acts on). */
export interface JourneySummary {
  currentStage: Stage;
  furthestStage: Stage;
  stages: { stage: Stage; enteredAt: string; leftAt: string | null }[];
  firstSeen: string | null;
  lastSeen: string | null;
  sessions: number;
  touchpoints: number;
  painPoints: Record<string, number>;
  /** Mean of the explicit (survey) emotion, −1..1, or null without answers. */
  emotion: number | null;
}

export interface TouchpointRef { id: string; at: string; type: string; name: string | null; url: string | null; channel: string }

/** One delivery to make: `key` names its moment (unique per action), `at` when it happened. */
export interface Firing {
  actionId: string;
  key: string;
  customerId: string;
  at: string;
  payload: DeliveryPayload;
}

export interface DeliveryPayload {
  type: Action['on'];
  action: string;
  customerId: string;
  stage: Stage;
  /** When the moment happened (ISO time). */
  at: string;
  touchpoint: TouchpointRef | null;
  journey: JourneySummary;
  /** What about the moment: the pain point's kind and detail, the survey score, the inactivity. */
  detail?: Record<string, unknown>;
}

export function summarise(j: Journey): JourneySummary {
  const painPoints: Record<string, number> = {};
  for (const p of j.painPoints) painPoints[p.kind] = (painPoints[p.kind] ?? 0) + 1;
  const explicit = j.emotion.filter((e) => e.source === 'explicit');
  return {
    currentStage: j.currentStage,
    furthestStage: j.furthestStage,
    stages: j.stages.map((s) => ({ stage: s.stage, enteredAt: s.enteredAt, leftAt: s.leftAt })),
    firstSeen: j.touchpoints[0]?.at ?? null,
    lastSeen: j.touchpoints.at(-1)?.at ?? null,
    sessions: j.sessions.length,
    touchpoints: j.touchpoints.length,
    painPoints,
    emotion: explicit.length ? explicit.reduce((s, e) => s + e.score, 0) / explicit.length : null,
  };
}

function ref(t: Touchpoint | undefined): TouchpointRef | null {
  return t ? { id: t.id, at: t.at, type: t.type, name: t.name, url: t.url, channel: t.channel } : null;
}

/** The first touchpoint at or after `at` (the one that made the moment), else the last before it. */
function touchpointAt(j: Journey, at: string, id?: string | null): TouchpointRef | null {
  if (id) return ref(j.touchpoints.find((t) => t.id === id));
  return ref(j.touchpoints.find((t) => t.at >= at) ?? j.touchpoints.at(-1));
}

/**
 * The touchpoint that moved the customer into `stage` at `at`: the first at that instant already in
 * the stage. Not merely the first at that instant: an event of the same millisecond that arrives
 * later with a smaller id sorts before it (and is still in the old stage), and must not rename the moment.
 */
const enteredBy = (j: Journey, stage: Stage, at: string) => j.touchpoints.find((t) => t.at === at && t.stage === stage);

/**
 * A stage change is made by the touchpoint that entered the stage; one that time alone makes
 * (retained some days after the purchase, lapsed after a silence) has no touchpoint, and its time
 * is fixed by the touchpoint it counts from, so the time names it.
 */
function stageMoment(j: Journey, what: string, stage: Stage, at: string): { key: string; touchpoint: TouchpointRef | null } {
  const t = enteredBy(j, stage, at);
  return t ? { key: `${what}.${t.id}`, touchpoint: ref(t) } : { key: `${what}@${at}`, touchpoint: touchpointAt(j, at) };
}

/** A pain point without a touchpoint of its own is named by the first touchpoint at its instant, else its time. */
function momentAt(j: Journey, what: string, at: string): string {
  const t = j.touchpoints.find((x) => x.at === at);
  return t ? `${what}.${t.id}` : `${what}@${at}`;
}

/**
 * Every moment of the journey that an action waits for, at or after `since` (ISO time: actions
 * act on what happens from when they are configured, not on years of imported history).
 * `inactive` and `churn_risk.above` are not moments of the journey but of time passing: see
 * inactiveFirings and churnFirings, which the engine checks on a schedule.
 */
export function firings(actions: readonly Action[], j: Journey, since: string): Firing[] {
  const out: Firing[] = [];
  const summary = summarise(j);
  const fire = (a: Action, moment: string, at: string, stage: Stage, touchpoint: TouchpointRef | null, detail?: Record<string, unknown>) => {
    if (at < since) return;
    out.push({
      actionId: a.id, key: moment, customerId: j.customerId, at,
      payload: { type: a.on, action: a.id, customerId: j.customerId, stage, at, touchpoint, journey: summary, ...(detail ? { detail } : {}) },
    });
  };
  for (const a of actions) {
    switch (a.on) {
      case 'stage.entered':
      case 'stage.left': {
        for (const s of j.stages) {
          if (s.stage !== a.stage) continue;
          if (a.on === 'stage.entered') {
            const m = stageMoment(j, `${s.stage}.entered`, s.stage, s.enteredAt);
            fire(a, m.key, s.enteredAt, s.stage, m.touchpoint);
          } else if (s.leftAt) {
            const next = j.stages.find((x) => x.enteredAt === s.leftAt)?.stage ?? s.stage;
            const m = stageMoment(j, `${s.stage}.left`, next, s.leftAt);
            fire(a, m.key, s.leftAt, next, m.touchpoint, { left: s.stage });
          }
        }
        break;
      }
      case 'painpoint':
        for (const p of j.painPoints) {
          if (p.kind !== a.kind) continue;
          fire(a, p.touchpointId ? `${p.kind}.${p.touchpointId}` : momentAt(j, p.kind, p.at), p.at, p.stage, touchpointAt(j, p.at, p.touchpointId), { kind: p.kind, detail: p.detail });
        }
        break;
      case 'survey.answered':
        for (const e of j.emotion) {
          if (e.source !== 'explicit') continue;
          if (a.below !== undefined && !(e.score < a.below)) continue;
          if (a.above !== undefined && !(e.score > a.above)) continue;
          const t = j.touchpoints.find((x) => x.id === e.touchpointId);
          fire(a, `survey.${e.touchpointId}`, e.at, t?.stage ?? j.currentStage, ref(t), { score: e.score });
        }
        break;
    }
  }
  return out;
}

/** The journey summary of a stored journey state: what a time-driven moment (inactive, churn risk) carries. */
export function summariseState(s: JourneyState): JourneySummary {
  const painPoints: Record<string, number> = {};
  let sum = 0, answers = 0;
  for (const counts of Object.values(s.perStage)) {
    for (const [kind, n] of Object.entries(counts.painPoints)) painPoints[kind] = (painPoints[kind] ?? 0) + n;
    sum += counts.explicit[0];
    answers += counts.explicit[1];
  }
  return {
    currentStage: s.currentStage,
    furthestStage: s.furthestStage,
    stages: s.stages.map((r, i) => ({ stage: r.stage, enteredAt: iso(r.enteredAt), leftAt: i + 1 < s.stages.length ? iso(s.stages[i + 1].enteredAt) : null })),
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    sessions: s.sessions,
    touchpoints: s.touchpoints,
    painPoints,
    emotion: answers ? sum / 1e6 / answers : null,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `inactive` actions for one customer at `now`: in the action's stage and silent for its days.
 * Keyed by the last activity, so a customer fires again only after coming back and going quiet again.
 */
export function inactiveFirings(actions: readonly Action[], s: JourneyState, now: number, since: string): Firing[] {
  const out: Firing[] = [];
  for (const a of actions) {
    if (a.on !== 'inactive' || s.currentStage !== a.stage) continue;
    const due = Date.parse(s.lastSeen) + a.days * 86_400_000;
    if (due > now) continue;
    const at = iso(due);
    if (at < since) continue;
    out.push({
      actionId: a.id, key: `inactive@${s.lastSeen}`, customerId: s.customerId, at,
      payload: { type: a.on, action: a.id, customerId: s.customerId, stage: s.currentStage, at, touchpoint: null, journey: summariseState(s), detail: { days: a.days, lastSeen: s.lastSeen } },
    });
  }
  return out;
}

/** A customer's churn risk as the newest churn model scores it now, and the drivers in words. */
export interface ChurnRisk { customerId: string; probability: number; drivers: { text: string }[] }

/**
 * `churn_risk.above` actions for one customer whose risk is scored at `now`. Keyed by the last
 * activity: a customer fires once per quiet spell, however often the risk is scored, and again
 * only after coming back and drifting off again.
 */
export function churnFirings(actions: readonly Action[], s: JourneyState, risk: ChurnRisk, now: number): Firing[] {
  const out: Firing[] = [];
  const at = iso(now);
  for (const a of actions) {
    if (a.on !== 'churn_risk.above' || !(risk.probability > a.threshold)) continue;
    out.push({
      actionId: a.id, key: `churn_risk@${s.lastSeen}`, customerId: s.customerId, at,
      payload: {
        type: a.on, action: a.id, customerId: s.customerId, stage: s.currentStage, at, touchpoint: null, journey: summariseState(s),
        detail: { probability: risk.probability, threshold: a.threshold, drivers: risk.drivers.map((d) => d.text), lastSeen: s.lastSeen },
      },
    });
  }
  return out;
}
