// The analysts' read side as plain functions, built once per app (app.ts): the read API
// (api/routes.ts) and the server-rendered UI (ui/) both call it, so both show the same numbers
// from one cache. Journeys are rebuilt from stored events by the pure functions in journey/;
// aggregates are cached per data version (aggregate-cache.ts).
import { sortCustomers, type CustomerSort } from './customer-order.js';
import type { Config, StageRule } from '../config.js';
import {
  createFlowsAccumulator, createFunnelAccumulator, DEFAULT_STAGE_RULES, matchesFilters, OptionError,
  stageIndex, type FlowsOptions, type FunnelOptions, type JourneyFilters, type JourneyOptions,
} from '../journey/index.js';
import type { FlowsResult, FunnelResult, Journey, JourneyMapResult } from '../journey/types.js';
import type { EventFilter, IdentityQuery, JourneyRow, Store, StoredEvent } from '../store/store.js';
import type { Stage } from '../../../wire/schema.js';
import {
  currentStage, dropsOff, foldStageFlows, foldStageFunnel, isStageFunnel, stateMatches, stateSummary, statesCanFilter, type JourneyState,
} from '../journey/journey-state.js';
import { matchesSegment, NewSegmentSchema, parseDefinition, type Segment, type SegmentDefinition } from '../segments/index.js';
import { describeIssues } from '../../../wire/schema.js';
import type { SavedSegment } from '../store/store.js';
import { stateMirror, type StateView } from '../state/state-mirror.js';
import { rebuildProgress } from '../state/progress.js';
import { aggregateCache } from './aggregate-cache.js';
import { formatTransition, parseTransition } from '../attribution/index.js';
import { criticalTouchpoints, type CriticalTouchpoints } from './critical-touchpoints.js';
import { runPass, type CustomerSummary, type PassRunner } from './journey-pass.js';
import { quarantinePage, type QuarantinePage } from './quarantine-page.js';
import { journeysOf, scanJourneys, type ScannedJourney } from './scan-journeys.js';
import { summariseSurveys, type SurveySummary } from './survey-summary.js';
import { compareSides, type CompareSide } from '../compare/compare-sides.js';
import type { Comparison } from '../compare/compare.js';
import { journeyState } from '../journey/journey-state.js';

export type { JourneyFilters } from '../journey/index.js';
export type { CustomerSummary } from './journey-pass.js';

export interface ReadDeps {
  config: Pick<Config, 'stages' | 'session'> & Partial<Pick<Config, 'lifecycle' | 'surveys'>>;
  store: Store;
  now?: () => number;
  /** How a pass over every journey runs: in this thread by default; on Node, server.ts gives worker threads (worker-passes.ts). */
  runPass?: PassRunner;
  /**
   * Answer the overview, customer list, journey map, stage flows and stage funnels from the
   * journey states a state worker keeps (state/worker.ts) instead of a pass over events.
   */
  states?: boolean;
  /** With states: how long a read waits for dirty customers to be rebuilt before answering from what is there (ms); 1000 by default. */
  settleMs?: number;
  /**
   * With states: load them into memory now and catch up every this many ms, so the first read
   * finds the customer list and the journey map ready (server.ts); only when asked by default.
   */
  followMs?: number;
}

/** How current journey states are: built up to `seq`, `pending` anonymous ids still to rebuild, and a full rebuild's progress. */
export interface StateFreshness { seq: number; pending: number; rebuilding: { done: number; total: number } | null }

/** GET /v1/customers/:id/stage */
export interface CustomerStage { customerId: string; stage: Stage; since: string; furthestStage: Stage; stateVersion: string }

export interface CustomerQuery extends JourneyFilters {
  /** Case-insensitive substring of a customer, anonymous or user id, or of a trait value. */
  q?: string;
  /** Customers whose current stage is this one. */
  stage?: Stage;
  /** The last customerId of the previous page (with a `sort`: the position to start at). */
  cursor?: string;
  /** Most recent, furthest stage, most pain points or most touchpoints first; by id when not given. */
  sort?: CustomerSort;
  /** 1..500, 50 by default. */
  limit?: number;
}

export interface CustomerPage {
  customers: CustomerSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Customers matching the query across all pages. */
  total: number;
}

/**
 * When and from which data an aggregate was computed. `stale`: computed from older data (never
 * from before an erasure) and served while the current one is computed; only for readers that
 * asked for it (ReadOptions.allowStale).
 */
export interface AggregateMeta {
  dataVersion: string; computedAt: string; cached: boolean; stale: boolean;
  /** Set when the answer comes from journey states: how fresh they are. */
  states?: StateFreshness;
}

/** How fresh an aggregate must be. The API answers from current data; the UI takes the last result while a new one is computed. */
export interface ReadOptions {
  allowStale?: boolean;
  /**
   * Wait at most this long for an aggregate that is being computed, then throw StillComputing;
   * the computation goes on and its result is cached for the next read. Unlimited by default.
   */
  waitMs?: number;
}

/** An aggregate was not ready within ReadOptions.waitMs; it is still being computed. */
export class StillComputing extends Error {
  constructor(readonly what: string) {
    super(`${what} is still being computed`);
  }
}

/** `p`, or StillComputing once `ms` have passed; `p` carries on either way. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new StillComputing(what)), ms); });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface EventExportQuery {
  from?: number; to?: number; siteId?: string; customer?: string;
  /** Events of the segment's customers: on their devices and under their user ids. */
  segment?: SegmentDefinition;
}

/** A segment with its size: how many customers match it now. */
export interface SizedSegment extends Segment { size: number }

/**
 * A segment as a filter: its id, name, definition and size, and the test of one journey state
 * (drop-off judged as of now), for whatever folds states itself (a comparison of two segments).
 */
export interface AppliedSegment extends SizedSegment { test(state: JourneyState): boolean }

/** One customer of a segment and the ids their events are stored under. */
interface SegmentMember { customerId: string; anonymousIds: string[]; userIds: string[] }

/** anonymousIds: erased wholesale; sharedAnonymousIds: used by someone else too, where only the customer's own events went. */
export interface Erasure { customerId: string; anonymousIds: string[]; userIds: string[]; sharedAnonymousIds: string[]; deleted: number }

/** Survey answers in a time range and site (ms since epoch, `to` exclusive), of a segment's customers when given. */
export interface SurveyQuery { from?: number; to?: number; siteId?: string; segment?: SegmentDefinition }

export interface ReadService {
  customers(q?: CustomerQuery, read?: ReadOptions): Promise<CustomerPage>;
  /** Null when no event belongs to that id. */
  customerJourney(id: string): Promise<Journey | null>;
  /** The customer's current stage, from their journey state (built now from events when it has none yet); null when unknown. */
  customerStage(id: string): Promise<CustomerStage | null>;
  /** How fresh the journey states are; null when this service does not read them. */
  stateFreshness(): Promise<StateFreshness | null>;
  /** Every customer's journey state as of the newest commit; null when this service does not read them. */
  journeyStates(): Promise<readonly JourneyState[] | null>;
  journeyMap(f?: JourneyFilters, read?: ReadOptions): Promise<JourneyMapResult & { meta: AggregateMeta }>;
  flows(opts: FlowsOptions & JourneyFilters, read?: ReadOptions): Promise<FlowsResult & { meta: AggregateMeta }>;
  funnel(opts: FunnelOptions & JourneyFilters, read?: ReadOptions): Promise<FunnelResult & { meta: AggregateMeta }>;
  /** Stored events in time order (one customer's when `customer` is given). */
  exportEvents(q?: EventExportQuery): AsyncIterable<StoredEvent>;
  /** Every journey passing the filters, one at a time. */
  exportJourneys(f?: JourneyFilters): AsyncIterable<Journey>;
  /** Deletes the customer's events (see eraseCustomer below); null when the id is unknown. */
  eraseCustomer(id: string, requestedBy?: string): Promise<Erasure | null>;
  /** Stored events per UTC day in a range and site, oldest first (the overview's chart), cached per data version. */
  eventsPerDay(q?: SurveyQuery): Promise<{ day: string; count: number }[]>;
  /** Survey answers summarised per survey (survey-summary.ts), newest data, cached per data version. */
  surveys(q?: SurveyQuery): Promise<SurveySummary[]>;
  /** One page of the quarantine, newest first, and how many rejects the limits dropped. */
  quarantine(q: { siteId?: string; limit: number; before?: number }): Promise<QuarantinePage & { dropped: number }>;
  /** The stage rules in force (configured, else the defaults), in the order they are tried. */
  stageRules(): StageRule[];
  /** Saved segments, oldest first, each with its size. */
  segments(): Promise<SizedSegment[]>;
  /** Saves a segment; OptionError (`name: …`, `definition.key: …`) when the name or definition is bad. */
  createSegment(input: unknown): Promise<SizedSegment>;
  /** False when no segment has that id. */
  deleteSegment(id: string): Promise<boolean>;
  /** The segment as a filter (see AppliedSegment); null when no segment has that id. */
  segmentPredicate(id: string): Promise<AppliedSegment | null>;
  /** Customer ids in a segment (by definition), as of now. */
  segmentMembers(definition: SegmentDefinition): Promise<Set<string>>;
  /**
   * Side a against side b, stage by stage (compare/): conversion, median time to the next stage,
   * emotion and pain point rates, each with a − b, a 95 % interval and a corrected flag. From the
   * journey states; without a state worker, from states built by one pass over the journeys.
   */
  compare(a: CompareSide, b: CompareSide, read?: ReadOptions): Promise<Comparison & { meta: AggregateMeta }>;
  /** Critical touchpoints of a transition such as `consideration>purchase` (critical-touchpoints.ts); OptionError on a bad one. */
  criticalTouchpoints(transition: string, f?: JourneyFilters, read?: ReadOptions): Promise<CriticalTouchpoints & { meta: AggregateMeta }>;
}

const HOUR = 3_600_000;
/** Identity expansion stops here: a kiosk seen by thousands of users is not one journey. */
const MAX_IDS = 500;

export function createReadService(deps: ReadDeps): ReadService {
  const { store } = deps;
  const pass = deps.runPass ?? runPass;
  const now = deps.now ?? Date.now;
  const rules = deps.config.stages ?? DEFAULT_STAGE_RULES;
  const cache = aggregateCache();
  const journeyOptions = (asOf: number): JourneyOptions => ({ stageRules: rules, lifecycle: deps.config.lifecycle, timeoutMinutes: deps.config.session.timeoutMinutes, asOf });

  /**
   * Drop-off depends on "now", so a cached aggregate also expires each hour; within the hour it
   * is reused while no event has arrived or been erased. With allowStale the last result is served
   * while the new one is computed, unless an erasure came between them: the part of dataVersion
   * after the dot counts erasures, and what was erased must not be shown again.
   */
  async function cached<T>(kind: string, params: unknown, compute: (opts: JourneyOptions) => Promise<T>, read: ReadOptions = {}): Promise<T & { meta: AggregateMeta }> {
    const dataVersion = await store.dataVersion();
    const version = `${dataVersion}@${Math.floor(now() / HOUR)}`;
    const erasures = (v: string) => v.split('@')[0].split('.')[1];
    // Keys sorted: the API and the UI build the same question in different orders and share one entry.
    const key = `${kind}:${JSON.stringify(Object.fromEntries(Object.entries(params ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
    const pending = cache.get(key, version, async () => {
      const asOf = now();
      return { value: await compute(journeyOptions(asOf)), computedAt: new Date(asOf).toISOString() };
    }, { staleOk: read.allowStale && erasures(version) !== undefined ? (old) => erasures(old) === erasures(version) : undefined });
    const answer = read.waitMs === undefined ? await pending : await within(pending, read.waitMs, kind);
    const { value, cached: hit, stale } = answer;
    return { ...value.value, meta: { dataVersion: answer.version.split('@')[0], computedAt: value.computedAt, cached: hit, stale } };
  }

  const mirror = deps.states ? stateMirror(store.states) : null;
  const settleMs = deps.settleMs ?? 1000;
  if (mirror && deps.followMs) mirror.follow(deps.followMs);

  async function freshness(): Promise<StateFreshness> {
    const [seq, pending, rebuilding] = await Promise.all([store.states.seq(), store.states.backlog(), rebuildProgress(store)]);
    return { seq, pending, rebuilding };
  }

  /** Waits up to settleMs for the dirty customers to be rebuilt (see fromStates). */
  async function settled(): Promise<void> {
    const until = Date.now() + settleMs; // the clock, not `now`: tests pin `now` for drop-off
    while (settleMs > 0 && (await store.states.backlog()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * An aggregate folded from the journey states, cached per state seq (and hour, for drop-off).
   * Waits up to settleMs for dirty customers to be rebuilt, so a read right after a write sees
   * it; under a backlog (a full rebuild, an ingest burst) it answers from the states there are
   * and says how far behind they are.
   */
  async function fromStates<T>(kind: string, params: unknown, fold: (view: StateView, asOf: number) => T): Promise<T & { meta: AggregateMeta }> {
    await settled();
    const [dataVersion, view, fresh] = await Promise.all([store.dataVersion(), mirror!.view(), freshness()]);
    const key = `state:${kind}:${JSON.stringify(Object.fromEntries(Object.entries(params ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
    const answer = await cache.get(key, `${view.seq}@${Math.floor(now() / HOUR)}`, async () => {
      const asOf = now();
      return { value: fold(view, asOf), computedAt: new Date(asOf).toISOString() };
    });
    return { ...answer.value.value, meta: { dataVersion, computedAt: answer.value.computedAt, cached: answer.cached, stale: false, states: { ...fresh, seq: view.seq } } };
  }

  /**
   * A segment's customers and the ids their events are stored under: from the journey states, as
   * the folds see them, else from a pass over the journeys. Cached like the aggregates it filters.
   */
  async function membersOf(d: SegmentDefinition): Promise<SegmentMember[]> {
    const member = (x: SegmentMember): SegmentMember => ({ customerId: x.customerId, anonymousIds: x.anonymousIds, userIds: x.userIds });
    if (mirror) {
      return (await fromStates('segment', d, ({ states }, asOf) => ({ members: states.filter((st) => matchesSegment(st, d, dropsOff(st, asOf))).map(member) }))).members;
    }
    return (await cached('segment', d, async (opts) => {
      const members: SegmentMember[] = [];
      for await (const sj of scanJourneys(store.journeys, opts)) if (matchesFilters(sj.journey, { segment: d }, sj.traits)) members.push(member(sj.journey));
      return { members };
    })).members;
  }

  /** Events of a segment's customers: a user's events by user id, a device's anonymous ones by anonymous id. */
  async function eventsOfSegment(d: SegmentDefinition | undefined): Promise<((e: StoredEvent) => boolean) | null> {
    if (!d) return null;
    const members = await membersOf(d);
    const anons = new Set(members.flatMap((m) => m.anonymousIds)), users = new Set(members.flatMap((m) => m.userIds));
    return (e) => (e.userId !== null ? users.has(e.userId) : anons.has(e.anonymousId));
  }

  async function* keep<T>(events: AsyncIterable<T>, test: ((e: T) => boolean) | null): AsyncIterable<T> {
    for await (const e of events) if (!test || test(e)) yield e;
  }

  function segmentOf(saved: SavedSegment): Segment {
    const parsed = parseDefinition(saved.definition);
    // Saved only after the same check: a failure here is a definition from a newer collector.
    if (!parsed.ok) throw new Error(`segment ${saved.id}: its saved definition is not understood (${parsed.errors.join('; ')})`);
    return { id: saved.id, name: saved.name, definition: parsed.definition, createdAt: new Date(saved.createdAt).toISOString() };
  }

  async function sized(seg: Segment): Promise<SizedSegment> {
    return { ...seg, size: (await membersOf(seg.definition)).length };
  }

  /** Without states, the customer list and the unfiltered journey map come from one pass: pages often need both. */
  const overview = (read?: ReadOptions) => cached('overview', null, (opts) => pass(store, { kind: 'overview' }, opts), read);

  /**
   * One customer's rows: start from the id as an anonymous and a user id, and widen to every id
   * those events mention, and every alias naming one of its anonymous ids, until nothing new
   * appears, so devices and aliases come along: the same events the customer list stitches from.
   * `ids` asks for exactly these events again, whole (an export).
   */
  async function customerRows(id: string): Promise<{ rows: JourneyRow[]; ids: IdentityQuery }> {
    let ids: IdentityQuery = { anonymousIds: [id], userIds: [id], aliasesNaming: [id] };
    const anons = new Set([id]), users = new Set([id]);
    for (let round = 0; round < 6; round++) {
      const rows = await store.journeys.rowsOf(ids);
      let grew = false;
      for (const e of rows) {
        if (!anons.has(e.anonymousId)) { anons.add(e.anonymousId); grew = true; }
        if (e.userId && !users.has(e.userId)) { users.add(e.userId); grew = true; }
        const prev = e.type === 'alias' ? e.previousId : null;
        if (prev && !anons.has(prev)) { anons.add(prev); users.add(prev); grew = true; }
      }
      if (!grew || anons.size + users.size > MAX_IDS) return { rows, ids };
      ids = { anonymousIds: [...anons], userIds: [...users], aliasesNaming: [...anons] };
    }
    return { rows: await store.journeys.rowsOf(ids), ids };
  }

  /** Every customer's journey state, built from a pass over the stored events. */
  async function scannedStates(opts: JourneyOptions): Promise<JourneyState[]> {
    const out: JourneyState[] = [];
    for await (const s of scanJourneys(store.journeys, opts)) out.push(journeyState(s.journey, s.traits));
    return out;
  }

  /** The customer an id names: its own journey, else the one its anonymous or user id joined. */
  function pick(all: ScannedJourney[], id: string): ScannedJourney | null {
    return all.find((s) => s.journey.customerId === id)
      ?? all.find((s) => s.journey.userIds.includes(id))
      ?? all.find((s) => s.journey.anonymousIds.includes(id))
      ?? null;
  }

  async function scannedCustomer(id: string) {
    const { rows, ids } = await customerRows(id);
    if (rows.length === 0) return null;
    const all = journeysOf(rows, journeyOptions(now()));
    const found = pick(all, id);
    return found ? { found, all, rows, ids } : null;
  }

  return {
    async customers(q = {}, read) {
      // From states: the mirror keeps them in the list's order, and only the page is summarised.
      if (mirror) await settled();
      const asOf = now();
      const list: readonly Listed[] = mirror ? (await mirror.view()).states : (await overview(read)).list;
      const summary = (c: Listed): CustomerSummary => (mirror ? stateSummary(c as JourneyState, asOf) : c as CustomerSummary);
      const needle = q.q?.toLowerCase();
      const limit = q.limit ?? 50;
      const inSegment = q.segment ? new Set((await membersOf(q.segment)).map((m) => m.customerId)) : null;
      const matches = list.filter((c) => {
        if (inSegment && !inSegment.has(c.customerId)) return false;
        if (q.stage && c.currentStage !== q.stage) return false;
        if (q.stageReached && stageIndex(c.furthestStage) < stageIndex(q.stageReached)) return false;
        if (q.siteId !== undefined && !c.siteIds.includes(q.siteId)) return false;
        if (q.firstChannel !== undefined && c.firstTouch?.channel !== q.firstChannel) return false;
        if (q.firstCampaign !== undefined && c.firstTouch?.campaign !== q.firstCampaign) return false;
        // Active in the range: the first and last touchpoints bracket it.
        if (q.from !== undefined && Date.parse(c.lastSeen) < q.from) return false;
        if (q.to !== undefined && Date.parse(c.firstSeen) >= q.to) return false;
        if (needle && !matchesText(c, needle)) return false;
        return true;
      });
      if (q.sort && q.sort !== 'id') {
        const at = Math.max(0, Number.parseInt(q.cursor ?? '0', 10) || 0);
        const page = sortCustomers(matches.map(summary), q.sort).slice(at, at + limit);
        return { customers: page, nextCursor: at + limit < matches.length ? String(at + limit) : null, total: matches.length };
      }
      const start = q.cursor === undefined ? 0 : matches.findIndex((c) => c.customerId > q.cursor!);
      const page = start < 0 ? [] : matches.slice(start, start + limit + 1);
      const more = page.length > limit;
      if (more) page.pop();
      return { customers: page.map(summary), nextCursor: more ? page[page.length - 1].customerId : null, total: matches.length };
    },

    async customerJourney(id) {
      return (await scannedCustomer(id))?.found.journey ?? null;
    },

    async customerStage(id) {
      const stored = await store.states.stateOf(id);
      if (stored) {
        const s = JSON.parse(stored.state) as JourneyState;
        return { customerId: s.customerId, ...currentStage(s), furthestStage: s.furthestStage, stateVersion: stored.dataVersion };
      }
      // Not built yet (or no worker keeps states): from the events, as of now.
      const dataVersion = await store.dataVersion();
      const j = (await scannedCustomer(id))?.found.journey;
      if (!j) return null;
      const last = j.stages[j.stages.length - 1];
      return { customerId: j.customerId, stage: j.currentStage, since: last?.enteredAt ?? j.touchpoints[0]?.at ?? '', furthestStage: j.furthestStage, stateVersion: dataVersion };
    },

    stateFreshness: () => (mirror ? freshness() : Promise.resolve(null)),
    journeyStates: async () => (mirror ? (await mirror.view()).states : null),

    async journeyMap(f = {}, read) {
      if (mirror && statesCanFilter(f)) {
        const unfiltered = Object.values(f).every((v) => v === undefined);
        return fromStates('map', f, (view, asOf) => (unfiltered ? view.map(asOf) : view.mapOf(view.states.filter((s) => stateMatches(s, f, asOf)), asOf)));
      }
      if (Object.values(f).every((v) => v === undefined)) {
        const { map, meta } = await overview(read);
        return { ...map, meta };
      }
      return cached('map', f, (opts) => pass(store, { kind: 'map', filters: f }, opts), read);
    },

    flows(o, read) {
      const { level, start, steps, maxNodesPerStep, ...f } = o;
      createFlowsAccumulator({ level, start, steps, maxNodesPerStep }); // throws on bad options before a scan
      if (mirror && level === 'stage' && statesCanFilter(f)) return fromStates('flows', o, ({ states }, asOf) => foldStageFlows(states, { level, start, steps, maxNodesPerStep }, f, asOf));
      return cached('flows', o, (opts) => pass(store, { kind: 'flows', flows: { level, start, steps, maxNodesPerStep }, filters: f }, opts), read);
    },

    funnel(o, read) {
      const { steps, strict, windowMs, maxDroppedIds, ...f } = o;
      createFunnelAccumulator({ steps, strict, windowMs, maxDroppedIds }); // throws on bad steps before a scan
      if (mirror && isStageFunnel({ steps }) && statesCanFilter(f)) return fromStates('funnel', o, (view, asOf) => foldStageFunnel(view.states, { steps, strict, windowMs, maxDroppedIds }, f, asOf, view.timelineOf));
      return cached('funnel', o, (opts) => pass(store, { kind: 'funnel', funnel: { steps, strict, windowMs, maxDroppedIds }, filters: f }, opts), read);
    },

    async *exportEvents(q = {}) {
      const filter: EventFilter = { from: q.from, to: q.to, siteId: q.siteId };
      const ofSegment = await eventsOfSegment(q.segment);
      if (q.customer === undefined) {
        yield* keep(store.scanEvents(filter), ofSegment);
        return;
      }
      const c = await scannedCustomer(q.customer);
      if (!c) return;
      const mine = new Set(c.found.journey.touchpoints.map((t) => t.id));
      for (const e of await store.eventsForIdentities(c.ids)) {
        if (!mine.has(e.id)) continue;
        if ((filter.from !== undefined && e.at < filter.from) || (filter.to !== undefined && e.at >= filter.to)) continue;
        if (filter.siteId !== undefined && e.siteId !== filter.siteId) continue;
        if (ofSegment && !ofSegment(e)) continue;
        yield e;
      }
    },

    async *exportJourneys(f = {}) {
      for await (const s of scanJourneys(store.journeys, journeyOptions(now()))) if (matchesFilters(s.journey, f, s.traits)) yield s.journey;
    },

    /**
     * Erases exactly the events stitching attributes to the customer (the touchpoints of the
     * journey customerJourney shows), and every event of the ids that are the customer's alone
     * (user ids, anonymous ids no one else used), so one arriving meanwhile goes too. On a shared
     * computer the other person's events stay, and none of this customer's are left behind there
     * to be attributed to them.
     */
    async eraseCustomer(id, requestedBy = 'read-api') {
      const c = await scannedCustomer(id);
      if (!c) return null;
      const { journey } = c.found;
      const others = new Set(c.all.filter((s) => s !== c.found).flatMap((s) => s.journey.anonymousIds));
      const mine = new Set(journey.touchpoints.map((t) => t.id));
      const events = c.rows.filter((e) => mine.has(e.id)).map((e) => ({ anonymousId: e.anonymousId, id: e.id }));
      const identities = { anonymousIds: journey.anonymousIds.filter((a) => !others.has(a)), userIds: journey.userIds };
      const sharedAnonymousIds = journey.anonymousIds.filter((a) => others.has(a));
      const { deleted } = await store.eraseIdentities({ customerId: journey.customerId, identities, sharedAnonymousIds, events, requestedBy });
      // Webhook payloads carry the customer's journey: they go too, delivered or not.
      await store.deliveries.forget([journey.customerId, ...identities.userIds, ...identities.anonymousIds]);
      return { customerId: journey.customerId, ...identities, sharedAnonymousIds, deleted };
    },

    async eventsPerDay(q = {}) {
      const { value } = await cache.get(`perDay:${q.from}|${q.to}|${q.siteId}`, await store.dataVersion(), () => store.eventsPerDay({ from: q.from, to: q.to, siteId: q.siteId }));
      return value;
    },

    async surveys(q = {}) {
      const { segment, ...range } = q;
      // A segment's members change with the hour too (drop-off), not only with the data.
      const version = segment ? `${await store.dataVersion()}@${Math.floor(now() / HOUR)}` : await store.dataVersion();
      const { value } = await cache.get(`surveys:${q.from}|${q.to}|${q.siteId}|${segment ? JSON.stringify(segment) : ''}`, version, async () =>
        summariseSurveys(keep(store.scanEvents({ ...range, types: ['survey'] }), await eventsOfSegment(segment)), { surveys: deps.config.surveys ?? [], stageRules: rules }));
      return value;
    },

    async quarantine(q) {
      const [page, dropped] = await Promise.all([quarantinePage(store, q), store.quarantineDropped(q.siteId)]);
      return { ...page, dropped };
    },

    stageRules: () => rules,

    async segments() {
      return Promise.all((await store.segments.list()).map((saved) => sized(segmentOf(saved))));
    },

    async createSegment(input) {
      const named = NewSegmentSchema.safeParse(input);
      const parsed = parseDefinition(named.success ? named.data.definition : (input as { definition?: unknown } | null)?.definition);
      const errors = [...(named.success ? [] : describeIssues(named.error)), ...(parsed.ok ? [] : parsed.errors)];
      if (!named.success || !parsed.ok) throw new OptionError(errors.join('; '));
      return sized(segmentOf(await store.segments.create({ name: named.data.name, definition: parsed.definition })));
    },

    deleteSegment: (id) => store.segments.delete(id),

    async segmentPredicate(id) {
      const saved = await store.segments.get(id);
      if (!saved) return null;
      const seg = await sized(segmentOf(saved));
      const asOf = now();
      return { ...seg, test: (st: JourneyState) => matchesSegment(st, seg.definition, dropsOff(st, asOf)) };
    },

    segmentMembers: async (d) => new Set((await membersOf(d)).map((m) => m.customerId)),

    compare(a, b, read) {
      const params = { a: a.key, b: b.key };
      const fold = (states: Iterable<JourneyState>, asOf: number) => compareSides(states, a.test, b.test, { asOf });
      if (mirror) return fromStates('compare', params, ({ states }, asOf) => fold(states, asOf));
      // No state worker: the states one pass over the journeys gives, kept per data version for the next comparison.
      return cached('compare', params, async (opts) => fold((await cached('scanned-states', null, async (o) => ({ states: await scannedStates(o) }), read)).states, opts.asOf!), read);
    },

    async criticalTouchpoints(transition, f = {}, read) {
      transition = formatTransition(parseTransition(transition)); // throws on a bad one before a scan
      const paths = () => cached('attribution-paths', f, (opts) => pass(store, { kind: 'attribution', filters: f }, opts), read);
      return cached('attribution', { ...f, transition }, async () => criticalTouchpoints(await paths(), transition), read);
    },
  };
}

/** What the customer list filters on: a summary's fields, which a journey state has too. */
type Listed = Pick<CustomerSummary, 'customerId' | 'anonymousIds' | 'userIds' | 'traits' | 'currentStage' | 'furthestStage' | 'firstSeen' | 'lastSeen' | 'siteIds' | 'firstTouch'>;

function matchesText(c: Listed, needle: string): boolean {
  if (c.customerId.toLowerCase().includes(needle)) return true;
  if (c.anonymousIds.some((a) => a.toLowerCase().includes(needle)) || c.userIds.some((u) => u.toLowerCase().includes(needle))) return true;
  return Object.values(c.traits).some((v) => v !== null && typeof v !== 'object' && String(v).toLowerCase().includes(needle));
}
