// Rebuilds every customer's journey from the store in one pass with bounded memory.
//
// Events arrive ordered by anonymous id. Anonymous ids joined by identity links (a user id seen
// on them, or an alias) form a group that must be stitched together; an unlinked anonymous id
// is a group on its own and is finished as soon as the scan moves past it. The scan skips the
// linked ids, and each linked group is then read whole by one point query and built: holding a
// group's events until the scan had passed all of its ids kept tens of thousands of groups in
// memory at once (2.7 GB at 10M events). The groups are a superset of customers (two people
// sharing a computer land in one group); stitchIdentities splits them exactly.
//
// A parallel pass splits the anonymous ids into ranges, one scan each. A linked group belongs to
// the range holding its owner (ownerOf), so each customer is built once.
import { buildJourney, stitchIdentities, type JourneyOptions } from '../journey/index.js';
import type { Journey } from '../journey/types.js';
import { ALL_IDS, compareIds, type AnonRange } from '../store/id-ranges.js';
import type { IdentityLink, JourneyReader, JourneyRow } from '../store/store.js';

/** A journey plus what the customer list needs and Journey does not carry. */
export interface ScannedJourney {
  journey: Journey;
  /** Traits from the customer's identify events, later ones overriding earlier ones. */
  traits: Record<string, unknown>;
}

/** Each linked anonymous id's group: its ids, sorted. */
export type LinkedGroups = Map<string, string[]>;

/** Groups of anonymous ids that identity links join (union-find); ids in no link are absent. */
export function linkedGroups(links: IdentityLink[]): LinkedGroups {
  // Numbered nodes, anonymous ids and user ids apart: at 10M events (330,000 links) this took
  // 3.9 s with one map of prefixed strings, every lookup hashing a new string.
  const parent: number[] = [];
  const anons = new Map<string, number>();
  const users = new Map<string, number>();
  const node = (ids: Map<string, number>, id: string) => {
    let n = ids.get(id);
    if (n === undefined) { n = parent.length; parent.push(n); ids.set(id, n); }
    return n;
  };
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  for (const l of links) {
    const u = node(users, l.userId);
    union(node(anons, l.anonymousId), u);
    if (l.previousId) {
      // previousId is an anonymous id or an earlier user id: join both readings, a superset is safe.
      union(node(anons, l.previousId), u);
      union(node(users, l.previousId), u);
    }
  }
  const members = new Map<number, string[]>();
  for (const [a, n] of anons) {
    const r = find(n);
    const m = members.get(r);
    if (m) m.push(a); else members.set(r, [a]);
  }
  const byAnon = new Map<string, string[]>();
  for (const m of members.values()) {
    if (m.length < 2) continue;
    m.sort(compareIds); // every scan sees the same order, so agrees on the owner
    for (const a of m) byAnon.set(a, m);
  }
  return byAnon;
}

/**
 * The member whose range builds a linked group: one picked by a hash of the group, so spread
 * evenly. Its smallest id would do as well for correctness, but would hand the first ranges most
 * of the groups (three in four of the two-device groups that span a cut in two; at 1M events,
 * when owners were smallest ids, the first of two scans ran 11.6 s and the second 7.8 s).
 */
export function ownerOf(group: string[]): string {
  let h = 0x811c9dc5; // FNV-1a over the first id's code units
  for (let i = 0; i < group[0].length; i++) h = Math.imul(h ^ group[0].charCodeAt(i), 0x01000193);
  return group[(h >>> 0) % group.length];
}

function traitsOf(events: JourneyRow[]): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    if (e.type !== 'identify' || !e.userId || !e.traits) continue;
    out.set(e.userId, { ...out.get(e.userId), ...e.traits });
  }
  return out;
}

/** Stitches one group of events (any order) into journeys. */
export function journeysOf(events: JourneyRow[], opts: JourneyOptions): ScannedJourney[] {
  const traits = traitsOf(events);
  return stitchIdentities(events).map((c) => {
    const t: Record<string, unknown> = {};
    for (const u of c.userIds) Object.assign(t, traits.get(u));
    delete t.$signature;
    return { journey: buildJourney(c, opts), traits: t };
  });
}

/**
 * Every customer's journey whose events lie in `range` (all by default), one at a time; memory
 * holds one device's events, or one query's linked groups, at a time.
 */
export async function* scanJourneys(source: JourneyReader, opts: JourneyOptions, range: AnonRange = ALL_IDS): AsyncIterable<ScannedJourney> {
  for await (const group of scanGroups(source, opts, range)) yield* group;
}

/**
 * The same journeys a linked group at a time: the customers stitching made of one group's
 * events, together. A group's customers may share a device, so whoever commits their states
 * commits a group whole (state/full-rebuild.ts). `groups`, when given, are the linkedGroups of
 * the source's links, read once by a caller that scans several ranges.
 */
export async function* scanGroups(source: JourneyReader, opts: JourneyOptions, range: AnonRange = ALL_IDS, groups?: LinkedGroups): AsyncIterable<ScannedJourney[]> {
  const linked = groups ?? linkedGroups(await source.identityLinks());
  const index = groupIndex(linked);
  // Only this range's: a thread scanning several ranges would otherwise pass every linked id each time.
  const skip = new Set(within(index.ids, (id) => id, range));
  let current: string | null = null;
  let batch: JourneyRow[] = [];
  for await (const e of source.rows(range, skip)) {
    if (e.anonymousId !== current) {
      if (batch.length) yield journeysOf(batch, opts);
      current = e.anonymousId;
      batch = [];
    }
    batch.push(e);
  }
  if (batch.length) yield journeysOf(batch, opts);
  // Each group ours once, whichever ranges its ids fall in; one naming an id with no events (an
  // alias of an id never seen) reads the events there are.
  const ours = within(index.owned, (o) => o.owner, range).map((o) => o.group);
  for (let i = 0; i < ours.length; i += GROUPS_PER_QUERY) {
    const chunk = ours.slice(i, i + GROUPS_PER_QUERY);
    const events = new Map<string[], JourneyRow[]>(chunk.map((g) => [g, []]));
    for (const e of await source.rowsOf({ anonymousIds: chunk.flat(), userIds: [] })) events.get(linked.get(e.anonymousId)!)!.push(e);
    for (const rows of events.values()) if (rows.length) yield journeysOf(rows, opts);
  }
}

/** The linked ids, and each group once by its owner, both in byte order: a range's share is a slice of each. */
interface GroupIndex { ids: string[]; owned: { owner: string; group: string[] }[] }

const indexes = new WeakMap<LinkedGroups, GroupIndex>();
/**
 * Built once for all the ranges a thread scans with the same groups: checking every linked id and
 * every group's owner against each range's ends cost a thread 975 ms over its 24 ranges at 10M
 * events (205,703 linked ids); sorting once and slicing, 302 ms.
 */
function groupIndex(linked: LinkedGroups): GroupIndex {
  let index = indexes.get(linked);
  if (!index) {
    const ids = [...linked.keys()].sort(compareIds);
    const owned = [...new Set(linked.values())].map((group) => ({ owner: ownerOf(group), group }));
    owned.sort((a, b) => compareIds(a.owner, b.owner));
    indexes.set(linked, (index = { ids, owned }));
  }
  return index;
}

/** The items of `sorted` (in byte order of their key) whose key lies in `range`. */
function within<T>(sorted: T[], key: (item: T) => string, range: AnonRange): T[] {
  const first = (bound: string | null, none: number) => {
    if (bound === null) return none;
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(key(sorted[mid]), bound) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
  return sorted.slice(first(range.from, 0), first(range.to, sorted.length));
}

/**
 * Linked groups read by one query: a query per group cost PostgreSQL a round trip each (a full
 * rebuild of 1M events fell from 47k to 33k events/s when groups were first read whole).
 */
const GROUPS_PER_QUERY = 50;
