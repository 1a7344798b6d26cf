// The one event shape the journey functions read: a stored event flattened to what matters for
// reconstruction, so tests can build fixtures from a few fields and the logic never digs in `.event`.
import type { StoredEvent } from '../store/store.js';
import type { EventType, Utm } from '../../../wire/schema.js';

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
  /** The page's title (a page view's `context.title`), when the page had one. */
  title?: string | null;
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

/** A JourneyEvent plus the traits of an identify (for the customer list): what a store hands journey rebuilding. */
export interface JourneyRow extends JourneyEvent {
  traits: Record<string, unknown> | null;
}

/**
 * One stored event as a store reads it for journeys: its columns, and the body fields as found
 * (from the parsed body, or picked out in SQL), not yet checked.
 */
export interface JourneyFields extends Pick<JourneyEvent, 'id' | 'siteId' | 'type' | 'name' | 'anonymousId' | 'userId' | 'sessionId' | 'at'> {
  flags?: string[] | null;
  url: unknown;
  title?: unknown;
  referrer: unknown;
  utm: unknown;
  channel: unknown;
  properties: unknown;
  previousId: unknown;
  /** The body's traits; kept only on an identify. */
  traits: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The one normalisation of a stored event for journeys, whichever way its fields were read: an
 * empty referrer and UTM tags without a value mean none, a field of the wrong type is none.
 */
export function journeyRow(f: JourneyFields): JourneyRow {
  return {
    id: f.id,
    siteId: f.siteId,
    type: f.type,
    name: f.name,
    anonymousId: f.anonymousId,
    userId: f.userId,
    previousId: typeof f.previousId === 'string' ? f.previousId : null,
    sessionId: f.sessionId,
    at: f.at,
    url: typeof f.url === 'string' ? f.url : null,
    title: typeof f.title === 'string' && f.title.trim() ? f.title.trim() : undefined,
    referrer: typeof f.referrer === 'string' && f.referrer ? f.referrer : null,
    utm: isObject(f.utm) && Object.values(f.utm).some((v) => v) ? f.utm as Utm : null,
    channel: typeof f.channel === 'string' ? f.channel : null,
    properties: isObject(f.properties) ? f.properties : null,
    flags: f.flags ?? [],
    traits: f.type === 'identify' && isObject(f.traits) ? f.traits : null,
  };
}

/**
 * A touchpoint away from the website: an email, a support call, an order in a store. Only a
 * server may name an event's channel (ingest refuses one from a write key), so a channel marks it.
 */
export const isOffSite = <E extends Pick<JourneyEvent, 'channel'>>(e: E): e is E & { channel: string } => !!e.channel;

/** A stored event, parsed whole, as a journey row (stores read only the fields, see JourneyFields). */
export function toJourneyRow(stored: StoredEvent): JourneyRow {
  const e = stored.event;
  const ctx = e?.context;
  return journeyRow({
    ...stored, url: ctx?.url, title: ctx?.title, referrer: ctx?.referrer, utm: ctx?.utm, channel: e?.channel,
    properties: e?.properties, previousId: e?.previousId, traits: e?.traits,
  });
}

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
