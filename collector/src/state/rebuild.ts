// Rebuilds the customers of some claimed anonymous ids from their own events and commits their
// states. A customer's old states go with them: those covering any anonymous id of the group
// (a customer merged into another by a new identity link, split by an erasure, or left without
// events), and the group widens to the ids those old states covered, so a split leaves no one out.
// Reading and building (groupStates) may run in a thread of its own (claims-thread.ts); the
// widening and the commit stay with the store's connection.
import { journeyState } from '../journey/journey-state.js';
import type { JourneyOptions } from '../journey/index.js';
import { journeysOf } from '../read/scan-journeys.js';
import type { Journey } from '../journey/types.js';
import type { DirtyClaim, JourneyReader, NewDelivery, StateRow, Store } from '../store/store.js';
import { groupRows } from './customer-group.js';

/** Widening rounds before giving a batch back (it is retried later). */
const MAX_ROUNDS = 8;

export interface RebuildResult { committed: boolean; customers: number; events: number; deliveries: number }

/** The actions' deliveries a freshly built journey makes (actions/engine.ts momentsOf); stored with its state. */
export type MomentsOf = (journey: Journey) => NewDelivery[];

/** The customers of some anonymous ids, built: every id their group reached, its events' count, their states, and (when asked) their journeys. */
export interface GroupStates { anonymousIds: string[]; events: number; write: StateRow[]; journeys?: Journey[] }

/** Builds the customers of `seeds` (groupStates), here or in a thread. */
export type BuildGroups = (seeds: string[], journeys: boolean) => Promise<GroupStates>;

/** Reads the whole linked groups of `seeds` and builds their customers' states. */
export async function groupStates(reader: JourneyReader, opts: Omit<JourneyOptions, 'asOf'>, seeds: Iterable<string>, withJourneys: boolean): Promise<GroupStates> {
  const { rows, anonymousIds } = await groupRows(reader, seeds);
  const anonOf = new Map(rows.map((r) => [r.id, r.anonymousId]));
  const built = journeysOf(rows, opts);
  const write = built.map(({ journey, traits }) => ({
    customerId: journey.customerId,
    // Every id the customer's events are stored under, a server's included: a new event on any of them must find this state.
    anonymousIds: [...new Set([...journey.anonymousIds, ...journey.touchpoints.map((t) => anonOf.get(t.id)!)])],
    state: JSON.stringify(journeyState(journey, traits)),
  }));
  return { anonymousIds: [...anonymousIds], events: rows.length, write, ...(withJourneys ? { journeys: built.map((b) => b.journey) } : {}) };
}

/** committed false: an erasure came between reading and writing, or the group kept widening; the claims are retried. */
export async function rebuildClaims(
  store: Store, claims: DirtyClaim[], opts: Omit<JourneyOptions, 'asOf'>, moments?: MomentsOf,
  build: BuildGroups = (seeds, journeys) => groupStates(store.journeys, opts, seeds, journeys),
): Promise<RebuildResult> {
  const dataVersion = await store.dataVersion();
  const seeds = new Set(claims.map((c) => c.anonymousId));
  const old = new Set<string>();
  /** Anonymous ids whose old states are already looked up. */
  const looked = new Set<string>();
  /** Adds the ids the old states of `ids` cover; true when that reaches an id not in `within`. */
  const widen = async (ids: Iterable<string>, within: Set<string>) => {
    const ask = [...ids].filter((a) => !looked.has(a));
    ask.forEach((a) => looked.add(a));
    let grew = false;
    if (!ask.length) return false;
    for (const s of await store.states.covering(ask)) {
      old.add(s.customerId);
      for (const a of s.anonymousIds) { if (!within.has(a)) grew = true; seeds.add(a); }
    }
    return grew;
  };
  await widen(seeds, seeds);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const built = await build([...seeds], !!moments);
    const reached = new Set(built.anonymousIds);
    reached.forEach((a) => seeds.add(a));
    // Old states of ids the group reached may cover ids outside it (a split): take those in too.
    if (await widen(reached, reached)) continue;
    const list = moments ? built.journeys!.flatMap((j) => moments(j)) : [];
    const committed = await store.states.commit({ remove: [...old], write: built.write, done: claims, dataVersion, ...(list.length ? { deliveries: { list, now: Date.now() } } : {}) });
    return { committed, customers: built.write.length, events: built.events, deliveries: committed ? list.length : 0 };
  }
  await store.states.unclaim(claims);
  return { committed: false, customers: 0, events: 0, deliveries: 0 };
}
