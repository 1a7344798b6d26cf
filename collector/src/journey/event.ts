// The one event shape the journey functions read: a stored event flattened to what matters for
// reconstruction, so tests can build fixtures from a few fields and the logic never digs in `.event`.
import type { StoredEvent } from '../store/store.js';
import type { EventType, Utm } from '../wire.js';

export interface JourneyEvent {
  id: string;
  siteId: string;
  type: EventType;
  name: string | null;
  anonymousId: string;
  userId: string | null;
  /** alias: the id being linked to userId (an anonymous id or an earlier user id). */
  previousId?: string | null;
  /** The client's session id; sessions are recomputed from time, this is kept for reference only. */
  sessionId: string;
  /** Skew-corrected time, ms since epoch. */
  at: number;
  url: string | null;
  referrer: string | null;
  utm: Utm | null;
  /** Channel given by a server sender (email, support, ...); kept as the touchpoint's channel. */
  channel: string | null;
  properties: Record<string, unknown> | null;
  /**
   * Server findings: `identity_unverified` identify/alias events never stitch identities; an alias
   * flagged `previous_id_unverified` never merges its previousId's user (see stitch-identities.ts).
   */
  flags?: string[];
}

export const UNVERIFIED_IDENTITY_FLAG = 'identity_unverified';
/** Sent by a crawler or headless browser (journey/bots.ts): stored, but nobody's journey. */
export const BOT_FLAG = 'bot';
export const UNVERIFIED_PREVIOUS_ID_FLAG = 'previous_id_unverified';
/**
 * Sent with a server key (ingest/route.ts): its sender is no device of the customer, and its
 * identity claims are trusted. A server event with a channel is an off-site touchpoint.
 */
export const SERVER_FLAG = 'server';

export function toJourneyEvent(stored: StoredEvent): JourneyEvent {
  const e = stored.event;
  const ctx = e?.context ?? {};
  const utm = ctx.utm && Object.values(ctx.utm).some((v) => v) ? ctx.utm : null;
  return {
    id: stored.id,
    siteId: stored.siteId,
    type: stored.type,
    name: stored.name,
    anonymousId: stored.anonymousId,
    userId: stored.userId,
    previousId: e?.previousId ?? null,
    sessionId: stored.sessionId,
    at: stored.at,
    url: ctx.url ?? null,
    referrer: ctx.referrer || null,
    utm,
    channel: e?.channel ?? null,
    properties: (e?.properties as Record<string, unknown> | undefined) ?? null,
    flags: stored.flags ?? [],
  };
}

/**
 * A touchpoint away from the website: an email, a support call, an order in a store. Only a
 * server may name an event's channel (ingest refuses one from a write key), so a channel marks it.
 */
export const isOffSite = <E extends Pick<JourneyEvent, 'channel'>>(e: E): e is E & { channel: string } => !!e.channel;

/** Time order with the id as a stable tie-break, so every arrival order gives one sequence. */
export function compareEvents(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Sorted by (at, id) with repeated ids dropped (the earliest copy wins, whatever the arrival order). */
export function orderEvents<E extends { at: number; id: string }>(events: Iterable<E>): E[] {
  const list = Array.isArray(events) ? events : [...events];
  // Fast path: one customer's events usually arrive already in order, without repeats.
  let ordered = true;
  for (let i = 1; i < list.length && ordered; i++) ordered = compareEvents(list[i - 1], list[i]) < 0;
  if (ordered) return list.slice();
  const sorted = list.slice().sort(compareEvents);
  const seen = new Set<string>();
  return sorted.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

const paths = new Map<string, string>();

/** The URL's path (no query or hash), or the URL itself when it does not parse. */
export function pathOf(url: string | null): string | null {
  if (!url) return null;
  // Memoised (bounded): the same URL strings recur across touchpoints, map rows, flows and funnels.
  let path = paths.get(url);
  if (path === undefined) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url);
    path = m ? m[1] || '/' : url.split(/[?#]/)[0] || '/';
    if (paths.size >= 50_000) paths.clear();
    paths.set(url, path);
  }
  return path;
}
