// UUIDv7 (RFC 9562 §5.7): a 48-bit millisecond timestamp, then random bits. Time-ordered ids keep
// the collector's indexes append-mostly, and make the outbox's key order the order of events
// (to the millisecond).

/** The smallest id made at `ms` or later: ids below it are older than `ms` (string order is time order). */
export function uuidv7Floor(ms: number): string {
  const h = Math.floor(ms).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}`;
}

/** A UUIDv4 where the browser has no crypto.randomUUID (pages not served over https). */
const v4 = () => '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16));

export function uuidv7(now = Date.now()): string {
  // A v4's random bits and variant after the timestamp and the version (7). The browser's
  // randomUUID costs a tenth of making the random hex digits here, for every event of a burst.
  return `${uuidv7Floor(now)}-7${(crypto.randomUUID?.() ?? v4()).slice(15)}`;
}
