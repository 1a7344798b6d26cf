// A customer's journey state: the summary of one built journey that the stage-level aggregates
// need, small enough to keep per customer and update as their events arrive. Folding states
// gives exactly what a pass over the built journeys gives: the journey map (off-site row
// included), stage flows, stage funnels and the customer list. What depends on "now" (drop-off)
// is not stored: the fold adds it for its own `asOf`.
import { STAGES, type Stage } from '../../../wire/schema.js';
import type { CustomerSummary } from '../read/journey-pass.js';
import { DEFAULT_DROP_OFF_DAYS, stageIndex } from './build-journey.js';
import type { JourneyFilters } from './filters.js';
import { createFlowsAccumulator, type FlowsOptions } from './flows.js';
import { createFunnelAccumulator, type FunnelOptions } from './funnel.js';
import { matchesSegment } from '../segments/match.js';
import { actionLabel, EMOTION_SCALE, offSiteLabel, touchpointLabel } from './journey-map.js';
import { createMapLabels, createMapTally, mapPart } from './map-tally.js';
import { isoMs } from './iso-time.js';
import type { FirstTouch, FlowsResult, FunnelResult, Journey, JourneyMapResult, Touchpoint } from './types.js';

const DAY = 86_400_000;
const PURCHASE = STAGES.indexOf('purchase');
/** A funnel tries at most this many entries per customer (funnel.ts): more touchpoints of one stage entry change nothing. */
const TIMES_PER_ENTRY = 50;

/** What one stage of a customer's journey adds to the journey map's column. */
export interface StageCounts {
  touchpoints: Record<string, number>;
  offSite: Record<string, number>;
  actions: Record<string, number>;
  /** Channels with a touchpoint in this stage, each once. */
  channels: string[];
  /** Emotion: [sum in millionths, count]. */
  explicit: [number, number];
  inferred: [number, number];
  painPoints: Record<string, number>;
  /** A title seen for each page key (the latest wins), as the journey map names pages. */
  titles?: Record<string, string>;
}

/** One entry of the stage timeline: when, how many touchpoints it held, and their times (ms after entering, the first TIMES_PER_ENTRY). */
export interface StageRun { stage: Stage; enteredAt: number; touchpoints: number; offsets: number[] }

export interface JourneyState {
  customerId: string;
  anonymousIds: string[];
  userIds: string[];
  traits: Record<string, unknown>;
  currentStage: Stage;
  furthestStage: Stage;
  /** The stage timeline (going back included): what stage flows and stage funnels walk. */
  stages: StageRun[];
  firstSeen: string;
  lastSeen: string;
  sessions: number;
  touchpoints: number;
  /** Pain points without drop-off, which depends on "now". */
  painPoints: number;
  firstTouch: FirstTouch | null;
  siteIds: string[];
  /** Every channel a touchpoint came through, off-site ones (email, support, …) included. */
  channels: string[];
  /** UTC days (ms since epoch / one day) with a touchpoint, ascending: the whole-day range filters. */
  days: number[];
  /** Per stage (by name) the journey map counts; stages without touchpoints are absent. */
  perStage: Partial<Record<Stage, StageCounts>>;
  /** Distinct event names the customer sent (track events, autocapture's `$click` too), the first MAX_KEPT, sorted: segments' did / didNot. */
  events: string[];
  /** Distinct pages visited as URLs without query or fragment, the first MAX_KEPT in time order: segments' visited. */
  visited: string[];
  /** The mean of the customer's survey answers (explicit emotion, −1..1), null without any: segments' score. */
  surveyScore: number | null;
}

/** How many event names and visited pages a state keeps: enough for segments, bounded for a customer who browses for years. */
export const MAX_KEPT = 200;

/** The customer's current stage and when they entered it (their first touchpoint when no stage entry is recorded). */
export function currentStage(s: JourneyState): { stage: Stage; since: string } {
  const last = s.stages[s.stages.length - 1];
  return { stage: s.currentStage, since: last ? new Date(last.enteredAt).toISOString() : s.firstSeen };
}

/** A URL up to its query or fragment. */
function withoutQuery(url: string): string {
  const q = url.indexOf('?'), h = url.indexOf('#');
  const end = q < 0 ? h : h < 0 ? q : Math.min(q, h);
  return end < 0 ? url : url.slice(0, end);
}

// Counts keyed by page, action or pain point in objects without a prototype: V8 keeps those as
// hash tables from the start, where a literal gains a hidden class with every new key, and with
// hundreds of distinct pages each count became a megamorphic lookup. They serialise the same.
const counts = (): Record<string, number> => Object.create(null);
const emptyCounts = (): StageCounts => ({ touchpoints: counts(), offSite: counts(), actions: counts(), channels: [], explicit: [0, 0], inferred: [0, 0], painPoints: counts() });
const inc = (o: Record<string, number>, k: string) => { o[k] = (o[k] ?? 0) + 1; };

/** The state of one built journey (its drop-off, if it has one, is left out), with the customer's traits. */
export function journeyState(j: Journey, traits: Record<string, unknown>): JourneyState {
  const perStage: Partial<Record<Stage, StageCounts>> = {};
  const countsOf = (s: Stage) => (perStage[s] ??= emptyCounts());
  // Each emotion point's stage: its touchpoint's. buildJourney lists the points in their
  // touchpoints' order, so one walk along both finds them without a map of every touchpoint id.
  const emotionStages = new Array<Stage | undefined>(j.emotion.length);
  let e = 0;
  const channels = new Set<string>();
  const days = new Set<number>();
  const events = new Set<string>();
  const visited = new Set<string>();
  const stages: StageRun[] = j.stages.map((x) => ({ stage: x.stage, enteredAt: isoMs(x.enteredAt), touchpoints: 0, offsets: [] }));
  let run = -1;
  let prev: Stage | null = null;
  for (const t of j.touchpoints) {
    // A new entry of the timeline starts wherever the stage changes (build-journey.ts).
    if (t.stage !== prev) { run++; prev = t.stage; }
    const at = isoMs(t.at);
    const r = stages[run];
    if (r.touchpoints++ < TIMES_PER_ENTRY) r.offsets.push(at - r.enteredAt);
    days.add(Math.floor(at / DAY));
    channels.add(t.channel);
    while (e < j.emotion.length && j.emotion[e].touchpointId === t.id) emotionStages[e++] = t.stage;
    const c = countsOf(t.stage);
    const where = touchpointLabel(t);
    if (where) inc(c.touchpoints, where);
    if (where && t.title) (c.titles ??= Object.create(null) as Record<string, string>)[where] = t.title; // as counts()
    const away = offSiteLabel(t);
    if (away) inc(c.offSite, away);
    const what = actionLabel(t);
    if (what) inc(c.actions, what);
    if (!c.channels.includes(t.channel)) c.channels.push(t.channel);
    if (t.type === 'track' && t.name && events.size < MAX_KEPT) events.add(t.name);
    if (t.type === 'page' && t.url && visited.size < MAX_KEPT) visited.add(withoutQuery(t.url));
  }
  if (e < j.emotion.length) {
    // Points in another order (a journey not from buildJourney): look them up.
    const stageOf = new Map(j.touchpoints.map((t) => [t.id, t.stage]));
    j.emotion.forEach((p, i) => { emotionStages[i] = stageOf.get(p.touchpointId); });
  }
  let surveySum = 0, surveyCount = 0;
  for (let i = 0; i < j.emotion.length; i++) {
    const p = j.emotion[i];
    const s = emotionStages[i];
    if (p.source === 'explicit') { surveySum += p.score; surveyCount++; }
    if (s === undefined) continue;
    const sum = perStage[s]![p.source === 'explicit' ? 'explicit' : 'inferred'];
    sum[0] += Math.round(p.score * EMOTION_SCALE);
    sum[1]++;
  }
  const pains = j.painPoints.filter((p) => p.kind !== 'drop_off');
  for (const p of pains) inc(countsOf(p.stage).painPoints, p.kind);
  return {
    customerId: j.customerId, anonymousIds: j.anonymousIds, userIds: j.userIds, traits,
    currentStage: j.currentStage, furthestStage: j.furthestStage, stages,
    firstSeen: j.touchpoints[0]?.at ?? '', lastSeen: j.touchpoints[j.touchpoints.length - 1]?.at ?? '',
    sessions: j.sessions.length, touchpoints: j.touchpoints.length, painPoints: pains.length,
    firstTouch: j.firstTouch ?? null, siteIds: j.siteIds ?? [], channels: [...channels].sort(),
    days: [...days].sort((a, b) => a - b), perStage,
    events: [...events].sort(), visited: [...visited], surveyScore: surveyCount ? surveySum / surveyCount : null,
  };
}

/** Whether the journey would report drop-off at `asOf` (build-journey.ts: idle too long before purchase). */
export function dropsOff(s: JourneyState, asOf: number | undefined, dropOffDays = DEFAULT_DROP_OFF_DAYS): boolean {
  if (asOf === undefined || !s.lastSeen || stageIndex(s.currentStage) >= PURCHASE) return false;
  return asOf - Date.parse(s.lastSeen) > dropOffDays * DAY;
}

/** The customer list's row, as the pass over journeys makes it (journey-pass.ts summarise). */
export function stateSummary(s: JourneyState, asOf?: number): CustomerSummary {
  return {
    customerId: s.customerId, anonymousIds: s.anonymousIds, userIds: s.userIds, traits: s.traits,
    currentStage: s.currentStage, furthestStage: s.furthestStage, firstSeen: s.firstSeen, lastSeen: s.lastSeen,
    sessions: s.sessions, touchpoints: s.touchpoints, painPoints: s.painPoints + (dropsOff(s, asOf) ? 1 : 0),
    firstTouch: s.firstTouch, siteIds: s.siteIds,
  };
}

/** Whether the filters can be answered from states: from/to, when given, fall on whole UTC days. */
export const statesCanFilter = (f: JourneyFilters): boolean =>
  (f.from === undefined || f.from % DAY === 0) && (f.to === undefined || f.to % DAY === 0);

/** matchesFilters (filters.ts) on a state; from/to must fall on whole UTC days (statesCanFilter); `asOf` decides drop-off for a segment. */
export function stateMatches(s: JourneyState, f: JourneyFilters = {}, asOf?: number): boolean {
  if (f.segment !== undefined && !matchesSegment(s, f.segment, dropsOff(s, asOf))) return false;
  if (f.siteId !== undefined && !s.siteIds.includes(f.siteId)) return false;
  if (f.firstChannel !== undefined && s.firstTouch?.channel !== f.firstChannel) return false;
  if (f.firstCampaign !== undefined && s.firstTouch?.campaign !== f.firstCampaign) return false;
  if (f.stageReached !== undefined && stageIndex(s.furthestStage) < stageIndex(f.stageReached)) return false;
  if (f.from !== undefined || f.to !== undefined) {
    const from = f.from === undefined ? -Infinity : f.from / DAY, to = f.to === undefined ? Infinity : f.to / DAY;
    if (!s.days.some((d) => d >= from && d < to)) return false;
  }
  return true;
}

/** The journey map of the states that pass the filters, as createJourneyMapAccumulator gives for their journeys. */
export function foldJourneyMap(states: Iterable<JourneyState>, asOf?: number, f: JourneyFilters = {}): JourneyMapResult {
  const labels = createMapLabels();
  const tally = createMapTally(labels);
  for (const s of states) if (stateMatches(s, f, asOf)) tally.add(mapPart(s, labels));
  return tally.result(asOf);
}

/** Stage-level flows (level "stage") of the states that pass the filters. */
export function foldStageFlows(states: Iterable<JourneyState>, opts: FlowsOptions, f: JourneyFilters = {}, asOf?: number): FlowsResult {
  if (opts.level !== 'stage') throw new Error('foldStageFlows: only stage-level flows come from states');
  // Customers share few stage paths: count each distinct one in a trie (its first `steps` stages
  // from `start`, all the accumulator looks at), then add each path once with its count.
  const root: PathNode = { customers: 0, next: new Map() };
  for (const s of states) {
    if (!stateMatches(s, f, asOf)) continue;
    let k = 0;
    if (opts.start !== undefined) {
      while (k < s.stages.length && s.stages[k].stage !== opts.start) k++;
      if (k === s.stages.length) continue;
    }
    let node = root;
    for (const end = Math.min(s.stages.length, k + opts.steps); k < end; k++) {
      const stage = s.stages[k].stage;
      let next = node.next.get(stage);
      if (!next) node.next.set(stage, (next = { customers: 0, next: new Map() }));
      node = next;
    }
    if (node !== root) node.customers++;
  }
  const acc = createFlowsAccumulator(opts);
  const path: string[] = [];
  const visit = (node: PathNode) => {
    if (node.customers) acc.addSequence(path, node.customers);
    for (const [stage, next] of node.next) { path.push(stage); visit(next); path.pop(); }
  };
  visit(root);
  return acc.result();
}

interface PathNode { customers: number; next: Map<string, PathNode> }

/**
 * Whether a funnel can be answered from states: stage steps only, each stage once. Then each
 * step matches the first touchpoint of a stage entry, and only the entries' first touchpoints
 * and the first step's entry times matter, which the state keeps.
 */
export function isStageFunnel(o: FunnelOptions): boolean {
  return o.steps.length > 0 && o.steps.every((s) => s.kind === 'stage') && new Set(o.steps.map((s) => s.value)).size === o.steps.length;
}

/**
 * A state's stage entries packed for stage funnels, one number after another: per entry its
 * stage's index (STAGES), its entry time in ms, how many touchpoint times are kept (n) and their n
 * offsets from the entry time. The read side packs each state once as it loads it (state-mirror.ts):
 * a funnel over 500,000 customers then reads one array each instead of chasing every entry's
 * objects, which cost more than the funnel itself.
 */
export function stageTimeline(s: JourneyState): number[] {
  let size = 0;
  for (const r of s.stages) size += 3 + Math.min(r.touchpoints, TIMES_PER_ENTRY);
  const out = new Array<number>(size);
  let i = 0;
  for (const r of s.stages) {
    const n = Math.min(r.touchpoints, TIMES_PER_ENTRY);
    out[i++] = stageIndex(r.stage);
    out[i++] = r.enteredAt;
    out[i++] = n;
    // Touchpoints past the kept times count at the last kept one.
    for (let k = 0; k < n; k++) out[i++] = r.offsets[k] ?? r.offsets[r.offsets.length - 1] ?? 0;
  }
  return out;
}

/**
 * The touchpoints a stage funnel looks at (only their stage matters to it), with their times in
 * ms, from a state's stageTimeline. Every kept touchpoint of an entry of the first step's stage is
 * a place the funnel may start. Of an entry of another step's stage only the first touchpoint
 * counts: times only grow, so it is the one a step matches, or the one that ends a strict path or
 * leaves the window, before any other of the entry. Entries of stages no step names match nothing
 * and are left out. One touchpoint object per step serves every customer, and the two arrays are
 * refilled for each (the accumulator keeps neither).
 */
function stageTouchpoints(steps: FunnelOptions['steps']): (timeline: readonly number[]) => { touchpoints: Touchpoint[]; ats: number[] } {
  const stepOf = STAGES.map((st) => steps.findIndex((x) => x.value === st));
  const points = steps.map((st) => ({ stage: st.value }) as Touchpoint);
  const touchpoints: Touchpoint[] = [];
  const ats: number[] = [];
  return (tl) => {
    touchpoints.length = 0;
    ats.length = 0;
    for (let i = 0; i < tl.length; i += 3 + tl[i + 2]) {
      const step = stepOf[tl[i]] ?? -1;
      if (step < 0) continue;
      const n = step === 0 ? tl[i + 2] : Math.min(tl[i + 2], 1);
      for (let k = 0; k < n; k++) {
        touchpoints.push(points[step]);
        ats.push(tl[i + 1] + tl[i + 3 + k]);
      }
    }
    return { touchpoints, ats };
  };
}

/**
 * A stage funnel (isStageFunnel) over the states that pass the filters. `timelineOf` gives each
 * state's stageTimeline: packed once where states are kept, else packed here.
 */
export function foldStageFunnel(
  states: Iterable<JourneyState>, opts: FunnelOptions, f: JourneyFilters = {}, asOf?: number,
  timelineOf: (s: JourneyState) => readonly number[] = stageTimeline,
): FunnelResult {
  if (!isStageFunnel(opts)) throw new Error('foldStageFunnel: only funnels of distinct stage steps come from states');
  const acc = createFunnelAccumulator(opts);
  const pointsOf = stageTouchpoints(opts.steps);
  for (const s of states) {
    if (!stateMatches(s, f, asOf)) continue;
    const { touchpoints, ats } = pointsOf(timelineOf(s));
    acc.add({ customerId: s.customerId, touchpoints } as Journey, ats);
  }
  return acc.result();
}

/** The customer list's order (the pass's too): by customer id, code unit by code unit. */
export const byCustomerId = (a: { customerId: string }, b: { customerId: string }): number =>
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/** The customer list (sorted by customer id) and the unfiltered journey map: the overview a pass gives. */
export function foldOverview(states: Iterable<JourneyState>, asOf?: number): { list: CustomerSummary[]; map: JourneyMapResult } {
  const all = [...states];
  const list = all.map((s) => stateSummary(s, asOf)).sort(byCustomerId);
  return { list, map: foldJourneyMap(all, asOf) };
}
