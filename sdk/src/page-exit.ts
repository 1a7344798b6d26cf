// What becomes of events when the page may be going away, and of their copies on later pages.
// Events not yet in the outbox leave by beacon when the collector answered this site's last
// request within a minute, and are noted (localStorage is written synchronously) until an answer
// confirms the beacon. Otherwise (offline, collector down), and for events whose outbox write may
// not commit before the page is gone, they are spilled to localStorage; the next page moves them
// into the outbox. The ids of answered events are kept, so a copy that comes back later (a dead
// page's spill, an unconfirmed beacon) leaves the outbox unsent.
import type { DeliveryStatus, WireEvent } from '../../wire';
import type { KeyValue } from './storage';

const SPILL = 'waymark_spill';
const LAST_OK = 'waymark_ok';
const BEACONED = 'waymark_beaconed';
/** The ids of the last events answered by the collector, as any page of the site saw them. */
const ANSWERED = 'waymark_answered';
export const PAGE_EXIT_KEYS = [SPILL, LAST_OK, BEACONED, ANSWERED];
// A beacon's fate is unknown. It counts as delivered when the collector answers a request within
// this long after it; otherwise (collector down, or no request soon after) its events are sent
// again and the collector drops them as duplicates if they did arrive.
const CONFIRM_MS = 10_000;
/** A beacon is tried only when the collector answered this site within this long. */
const RECENT_MS = 60_000;

/** Events an earlier page spilled, to queue again. */
export const spilled = (kv: KeyValue) => kv.json<WireEvent[]>(SPILL, []);

/**
 * The ids some page of the site has seen answered (about 500), kept as one string of ids cut to
 * length (the first may be cut short, or `null` on a first visit, and then matches no id). A set for delivery: searching
 * the string for each event of a batch cost more than the rest of its work on the batch.
 */
export const answered = (kv: KeyValue) => new Set(kv.get(ANSWERED)?.split(','));

/**
 * The page is hidden. `unsaved` (not yet handed to the outbox) leave by `beacon` when the collector
 * answered recently; `saving` (in an outbox write that has not committed), and `unsaved` when no
 * beacon left, are spilled. True when the beacon left.
 */
export function hide(kv: KeyValue, beacon: (events: WireEvent[]) => boolean, unsaved: WireEvent[], saving: WireEvent[], now = Date.now()): boolean {
  const sent = unsaved.length > 0 && now - Number(kv.get(LAST_OK)) < RECENT_MS && beacon(unsaved);
  if (sent) kv.set(BEACONED, JSON.stringify(kv.json<unknown[]>(BEACONED, []).concat([[now, unsaved]])));
  const atRisk = sent ? saving : saving.concat(unsaved);
  if (atRisk.length) kv.set(SPILL, JSON.stringify(spilled(kv).concat(atRisk)));
  return sent;
}

/**
 * After each request, whether the collector answered it: beacons sent within CONFIRM_MS before are
 * confirmed (`confirm` gets their ids); older ones, or all when it did not answer, go to `again`.
 */
export function health(kv: KeyValue, up: boolean, confirm: (ids: string[]) => void, again: (events: WireEvent[]) => void, now = Date.now()): void {
  up ? kv.set(LAST_OK, String(now)) : kv.del(LAST_OK);
  const beaconed = kv.json<[number, WireEvent[]][]>(BEACONED, []);
  if (!beaconed.length) return;
  kv.del(BEACONED);
  for (const [at, events] of beaconed) !up || now - at > CONFIRM_MS ? again(events) : confirm(events.map((e) => e.id));
}

/** The events are safe (in the outbox, or answered): they leave the spill. */
export function unspill(kv: KeyValue, ids: string[]): void {
  if (!kv.get(SPILL)) return;
  const rest = spilled(kv).filter((e) => !ids.includes(e.id));
  rest.length ? kv.set(SPILL, JSON.stringify(rest)) : kv.del(SPILL);
}

/** Delivery's news of `ids`: answered (or given up on), they leave the spill; answered, they are remembered. */
export function settled(kv: KeyValue, ids: string[], status: DeliveryStatus): void {
  if (status === 'queued' || status === 'sent') return;
  // A page that died after saving its spilled events, but before clearing the spill, must not
  // hand them to the next page once another tab sent them.
  unspill(kv, ids);
  // Appending to and searching one string costs no JSON parse per batch.
  if (status !== 'failed') kv.set(ANSWERED, (kv.get(ANSWERED) + ',' + ids).slice(-18_500));
}
