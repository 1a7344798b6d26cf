// The journey map across customers: one column per stage. Built as an accumulator so
// the read API can stream customers one at a time and never hold every journey: its state is a
// few counters per stage plus one duration per converting customer (for the medians).
//
// Conversion of a stage: of the customers who entered it, those who later entered the next stage
// or any stage after it (skipping a stage still moves the customer on). Time to next: from the
// first entry of the stage to the first later entry of a further stage.
import { STAGES } from '../../../wire/schema.js';
import { bump, bumpTitle, mean, median, mergeCounts, top, topKey } from './counter.js';
import { pathOf } from './event.js';
import type { Journey, JourneyMapResult, PainPoint, Touchpoint } from './types.js';

export interface JourneyMapOptions {
  /** How many entries each "top" list keeps; 10 by default. */
  top?: number;
}

export interface JourneyMapAccumulator {
  add(journey: Journey): void;
  /** The counters so far, as plain data (structured-cloneable): what a worker hands back. */
  state(): JourneyMapState;
  /** Adds another accumulator's state, as if its journeys had been added here. */
  merge(other: JourneyMapState): void;
  result(): JourneyMapResult;
}

export interface JourneyMapState { customers: number; stages: StageState[] }

const indexOf = new Map<string, number>(STAGES.map((s, i) => [s, i]));

/** Autocapture that says nothing about what the customer meant to do. */
const NOT_ACTIONS = new Set(['$scroll_depth', '$page_leave', '$web_vitals']);

/** Where a touchpoint happened on the website: a page path (off-site touchpoints have a row of their own). */
export function touchpointLabel(t: Touchpoint): string | null {
  if (t.offSite) return null;
  if (t.type === 'page') return pathOf(t.url) ?? '(unknown page)';
  return null;
}

/** An off-site touchpoint as `channel: name` (`email: order_confirmation`, `support: ticket_opened`), else null. */
export function offSiteLabel(t: Pick<Touchpoint, 'offSite' | 'channel' | 'name' | 'type'>): string | null {
  return t.offSite ? `${t.channel}: ${t.name ?? t.type}` : null;
}

/** What the customer did: an event name (a click with its element, `$click · button · Add to cart`), a survey answer or signing in. */
export function actionLabel(t: Touchpoint): string | null {
  if (t.type === 'track' && t.name && t.element) return [t.name, t.element.role ?? 'element', t.element.text ?? ''].join(' · ');
  if (t.type === 'track') return t.name && !NOT_ACTIONS.has(t.name) ? t.name : null;
  if (t.type === 'survey') return 'survey answered';
  if (t.type === 'identify') return 'signed in';
  return null;
}

/** One stage a customer entered: its index in STAGES and, when they moved on, how long it took (ms). */
export interface StageOutcome { stage: number; timeToNextMs: number | null }

/** Stage reach, conversion and time to next, from the stage timeline: one outcome per stage entered. */
export function stageOutcomes(j: Journey): StageOutcome[] {
  const entries = j.stages.map((e) => ({ i: indexOf.get(e.stage)!, at: Date.parse(e.enteredAt) }));
  const out: StageOutcome[] = [];
  const seen = new Set<number>();
  entries.forEach((e, k) => {
    if (seen.has(e.i)) return;
    seen.add(e.i);
    let timeToNextMs: number | null = null;
    for (let m = k + 1; m < entries.length; m++) {
      if (entries[m].i > e.i) { timeToNextMs = entries[m].at - e.at; break; }
    }
    out.push({ stage: e.i, timeToNextMs });
  });
  return out;
}

/** Emotion sums are kept in millionths: whole numbers add up the same in any order (worker threads, stored states). */
export const EMOTION_SCALE = 1_000_000;

export interface StageState {
  customers: number;
  converted: number;
  timesToNext: number[];
  touchpoints: Map<string, number>;
  offSite: Map<string, number>;
  actions: Map<string, number>;
  channels: Map<string, number>;
  painPoints: Map<string, number>;
  /** Customers with at least one pain point of a kind in the stage (its severity is their share). */
  painCustomers: Map<string, number>;
  /**
   * For each page path, how many customers last saw it under each title. The map names a page by
   * its most common title: one that does not depend on the order customers are added in.
   */
  titles: Map<string, Map<string, number>>;
  explicitSum: number; explicitCount: number;
  inferredSum: number; inferredCount: number;
}

export const emptyStage = (): StageState => ({
  customers: 0, converted: 0, timesToNext: [], touchpoints: new Map(), offSite: new Map(), actions: new Map(), channels: new Map(),
  painPoints: new Map(), painCustomers: new Map(), titles: new Map(), explicitSum: 0, explicitCount: 0, inferredSum: 0, inferredCount: 0,
});

export function createJourneyMapAccumulator(opts: JourneyMapOptions = {}): JourneyMapAccumulator {
  const n = opts.top ?? 10;
  const state = STAGES.map(emptyStage);
  let customers = 0;

  return {
    add(j) {
      customers++;
      for (const o of stageOutcomes(j)) {
        const s = state[o.stage];
        s.customers++;
        if (o.timeToNextMs !== null) { s.converted++; s.timesToNext.push(o.timeToNextMs); }
      }

      const channelSeen = new Set<string>();
      const titleOf = new Map<string, { s: StageState; where: string; title: string }>();
      const stageOf = j.emotion.length ? new Map<string, number>() : null;
      for (const t of j.touchpoints) {
        const i = indexOf.get(t.stage)!;
        const s = state[i];
        stageOf?.set(t.id, i);
        const where = touchpointLabel(t);
        if (where) bump(s.touchpoints, where);
        if (where && t.title) titleOf.set(`${i}\u0000${where}`, { s, where, title: t.title });
        const away = offSiteLabel(t);
        if (away) bump(s.offSite, away);
        const what = actionLabel(t);
        if (what) bump(s.actions, what);
        const ck = `${i}\u0000${t.channel}`;
        if (!channelSeen.has(ck)) { channelSeen.add(ck); bump(s.channels, t.channel); }
      }
      for (const { s, where, title } of titleOf.values()) bumpTitle(s.titles, where, title);
      for (const p of j.emotion) {
        const i = stageOf!.get(p.touchpointId);
        if (i === undefined) continue;
        const s = state[i];
        const score = Math.round(p.score * EMOTION_SCALE);
        if (p.source === 'explicit') { s.explicitSum += score; s.explicitCount++; } else { s.inferredSum += score; s.inferredCount++; }
      }
      const painSeen = new Set<string>();
      for (const p of j.painPoints as PainPoint[]) {
        const s = state[indexOf.get(p.stage)!];
        bump(s.painPoints, p.kind);
        const key = `${p.stage}\u0000${p.kind}`;
        if (!painSeen.has(key)) { painSeen.add(key); bump(s.painCustomers, p.kind); }
      }
    },

    state: () => ({ customers, stages: state }),

    merge(other) {
      customers += other.customers;
      other.stages.forEach((o, i) => {
        const s = state[i];
        s.customers += o.customers;
        s.converted += o.converted;
        for (const t of o.timesToNext) s.timesToNext.push(t);
        mergeCounts(s.touchpoints, o.touchpoints);
        mergeCounts(s.offSite, o.offSite);
        mergeCounts(s.actions, o.actions);
        mergeCounts(s.channels, o.channels);
        mergeCounts(s.painPoints, o.painPoints);
        mergeCounts(s.painCustomers, o.painCustomers);
        for (const [k, titles] of o.titles) for (const [title, n] of titles) bumpTitle(s.titles, k, title, n);
        s.explicitSum += o.explicitSum; s.explicitCount += o.explicitCount;
        s.inferredSum += o.inferredSum; s.inferredCount += o.inferredCount;
      });
    },

    result() {
      return {
        customers,
        stages: STAGES.map((stage, i) => {
          const s = state[i];
          const last = i === STAGES.length - 1;
          const touchpoints = top(s.touchpoints, n);
          const titled = touchpoints.filter((t) => s.titles.has(t.key));
          return {
            stage,
            customers: s.customers,
            converted: s.converted,
            conversion: last || !s.customers ? null : Math.round((s.converted / s.customers) * 10000) / 10000,
            medianTimeToNextMs: median(s.timesToNext),
            touchpoints,
            pageTitles: Object.fromEntries(titled.map((t) => [t.key, topKey(s.titles.get(t.key)!)!])),
            offSite: top(s.offSite, n),
            actions: top(s.actions, n),
            channels: top(s.channels, n),
            emotion: {
              average: mean((s.explicitSum + s.inferredSum) / EMOTION_SCALE, s.explicitCount + s.inferredCount),
              explicit: { average: mean(s.explicitSum / EMOTION_SCALE, s.explicitCount), count: s.explicitCount },
              inferred: { average: mean(s.inferredSum / EMOTION_SCALE, s.inferredCount), count: s.inferredCount },
            },
            painPoints: top(s.painPoints, n),
            painCustomers: top(s.painCustomers, n),
          };
        }),
      };
    },
  };
}

export function journeyMap(journeys: Iterable<Journey>, opts: JourneyMapOptions = {}): JourneyMapResult {
  const acc = createJourneyMapAccumulator(opts);
  for (const j of journeys) acc.add(j);
  return acc.result();
}
