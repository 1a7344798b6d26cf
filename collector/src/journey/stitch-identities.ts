// Identity stitching. Who is behind an event is decided by identity claims: an
// identify, an alias, or any event that carries a userId. An event flagged `identity_unverified`
// claims nothing and is routed by its anonymous id alone; a flagged identify or alias also keeps
// its user id from ever being attributed through that anonymous id, or a spoof would still stitch.
//
// Per anonymous id, claims cut its timeline into segments: events before the first claim belong
// to the first claimed user; from a claim on, events belong to that claim's user until the next
// claim of a different user (a shared computer: the two users are never merged). Several
// anonymous ids claiming one user are one customer (several devices).
//
// An alias links its previousId only where ownership is proven, or anyone could take over another
// customer by naming them. A previousId that is a known user id merges the two users only when the
// alias is not flagged `previous_id_unverified` (the site's backend signed that user id too);
// otherwise the users stay apart. Any other previousId is an anonymous id, which an alias joins to
// its user only if no other user ever claims it (by its own events or another alias): a device
// that someone else identified on, at any time, is not handed over by an alias, whatever time the
// alias claims to have been sent.
//
// A server's event (flag `server`, sent with a server key) is trusted: its userId routes it, and
// its sender is never a device: the anonymous id it is stored under claims nothing and is not
// listed among the customer's devices. A server links a browser's anonymous id to a user with an
// alias naming it as previousId.
import { BOT_FLAG, compareEvents, orderEvents, SERVER_FLAG, UNVERIFIED_IDENTITY_FLAG, UNVERIFIED_PREVIOUS_ID_FLAG, type JourneyEvent } from './event.js';

export interface Customer<E extends JourneyEvent = JourneyEvent> {
  /** The (canonical) user id once identified, else the anonymous id. */
  customerId: string;
  anonymousIds: string[];
  userIds: string[];
  /** Sorted by (at, id), repeated ids dropped. */
  events: E[];
}

interface Claim { at: number; id: string; userId: string }

export interface IdentityGraph {
  /** The customer id an event belongs to. */
  customerOf(e: Pick<JourneyEvent, 'anonymousId' | 'userId' | 'at' | 'id' | 'flags'>): string;
  /** Every user id merged into a customer id (empty for an anonymous customer). */
  userIdsOf(customerId: string): string[];
}

type ClaimSource = Pick<JourneyEvent, 'id' | 'at' | 'type' | 'anonymousId' | 'userId' | 'previousId' | 'flags'>;

const key = (anonymousId: string, userId: string) => `${anonymousId}\u0000${userId}`;
const unverified = (e: ClaimSource) => e.flags?.includes(UNVERIFIED_IDENTITY_FLAG) === true;
/** A server's event about a user: routed by its userId, its anonymous id no device. */
const fromServerAboutUser = (e: Pick<JourneyEvent, 'userId' | 'flags'>) => !!e.userId && e.flags?.includes(SERVER_FLAG) === true;

/**
 * The identity graph of a set of events. Only events with a userId or of type alias matter, so
 * a caller streaming millions of events may pass just those and keep the rest out of memory.
 */
export function identityGraph(events: Iterable<ClaimSource>): IdentityGraph {
  const tainted = new Set<string>();
  const candidates: ClaimSource[] = [];
  for (const e of events) {
    if (!e.userId) continue;
    if (unverified(e) && (e.type === 'identify' || e.type === 'alias')) {
      tainted.add(key(e.anonymousId, e.userId));
      if (e.previousId) tainted.add(key(e.previousId, e.userId));
    } else if (!unverified(e)) candidates.push(e); // other unverified events repeat an unsigned user id: no claim
  }
  candidates.sort(compareEvents);

  const users = new Set<string>();
  for (const e of candidates) if (!tainted.has(key(e.anonymousId, e.userId!))) users.add(e.userId!);

  // Union-find over user ids; the alias target becomes the root, so the newest id names the customer.
  const parent = new Map<string, string>();
  const root = (u: string): string => {
    let r = u;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };

  const claimsByAnon = new Map<string, Claim[]>();
  const addClaim = (anonymousId: string, c: Claim) => {
    if (tainted.has(key(anonymousId, c.userId))) return;
    let list = claimsByAnon.get(anonymousId);
    if (!list) claimsByAnon.set(anonymousId, (list = []));
    list.push(c);
  };
  const aliases = candidates.filter((e) => e.type === 'alias' && e.previousId && e.previousId !== e.userId);
  for (const e of aliases) {
    if (!users.has(e.previousId!) || e.flags?.includes(UNVERIFIED_PREVIOUS_ID_FLAG)) continue;
    const a = root(e.previousId!), b = root(e.userId!);
    if (a !== b) parent.set(a, b);
  }
  for (const e of candidates) if (!fromServerAboutUser(e)) addClaim(e.anonymousId, { at: e.at, id: e.id, userId: e.userId! });
  // Anonymous ids named by aliases: joined only when every claim on them names one customer.
  const named = new Map<string, ClaimSource[]>();
  for (const e of aliases) {
    if (users.has(e.previousId!)) continue; // a user id: merged above when proven, else left alone
    const list = named.get(e.previousId!);
    if (list) list.push(e); else named.set(e.previousId!, [e]);
  }
  for (const [anonymousId, list] of named) {
    const owners = new Set(list.map((e) => root(e.userId!)));
    for (const c of claimsByAnon.get(anonymousId) ?? []) owners.add(root(c.userId));
    if (owners.size > 1) continue;
    for (const e of list) addClaim(anonymousId, { at: e.at, id: e.id, userId: e.userId! });
  }
  for (const list of claimsByAnon.values()) list.sort(compareEvents);

  const members = new Map<string, string[]>();
  for (const u of users) {
    const r = root(u);
    const m = members.get(r);
    if (m) m.push(u); else members.set(r, [u]);
  }
  for (const m of members.values()) m.sort();

  return {
    customerOf(e) {
      // An unverified user id routes nothing: the event goes where its anonymous id's claims say.
      if (e.userId && !e.flags?.includes(UNVERIFIED_IDENTITY_FLAG) && users.has(e.userId) && !tainted.has(key(e.anonymousId, e.userId))) return root(e.userId);
      const claims = claimsByAnon.get(e.anonymousId);
      if (!claims?.length) return e.anonymousId;
      // The last claim at or before the event; before any claim, the first claimed user.
      let lo = 0, hi = claims.length - 1, found = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (compareEvents(claims[mid], e) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return root(claims[found].userId);
    },
    userIdsOf(customerId) {
      return members.get(customerId) ?? [];
    },
  };
}

/**
 * Groups events into customers; the result does not depend on the order the events came in.
 * Events are routed to their customer first and sorted per customer, which is much cheaper than
 * one sort of everything; copies of one event id are dropped within the customer they land in.
 */
export function stitchIdentities<E extends JourneyEvent>(events: Iterable<E>): Customer<E>[] {
  // Bot traffic (flagged at ingest by its user agent) is no customer's, nor a customer of its own.
  const all = (Array.isArray(events) ? events : [...events]).filter((e) => !e.flags?.includes(BOT_FLAG));
  const single = oneAnonymousDevice(all);
  if (single) return [{ customerId: single, anonymousIds: [single], userIds: [], events: orderEvents(all) }];
  const graph = identityGraph(all);
  const buckets = new Map<string, E[]>();
  for (const e of all) {
    const customerId = graph.customerOf(e);
    const b = buckets.get(customerId);
    if (b) b.push(e); else buckets.set(customerId, [e]);
  }
  const ids = [...buckets.keys()].sort();
  return ids.map((customerId) => {
    const ordered = orderEvents(buckets.get(customerId)!);
    const anon = new Set<string>();
    for (const e of ordered) if (!fromServerAboutUser(e)) anon.add(e.anonymousId);
    return { customerId, anonymousIds: [...anon].sort(), userIds: graph.userIdsOf(customerId), events: ordered };
  });
}

/**
 * The anonymous id of events that all come from one device and claim no user, else null: then
 * there is nothing to stitch (only events with a user id claim anything), and they are that
 * device's customer. Most groups a full rebuild stitches are such a device.
 */
function oneAnonymousDevice(events: readonly JourneyEvent[]): string | null {
  if (!events.length) return null;
  const id = events[0].anonymousId;
  for (const e of events) if (e.userId || e.anonymousId !== id) return null;
  return id;
}
