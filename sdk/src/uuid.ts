// UUIDv7 (RFC 9562 §5.7): a 48-bit millisecond timestamp, then random bits. Time-ordered ids keep
// the collector's indexes append-mostly, and make the outbox's key order the order of events
// (to the millisecond).

/** The smallest id made at `ms` or later: ids below it are older than `ms` (string order is time order). */
export function uuidv7Floor(ms: number): string {
  const h = Math.floor(ms).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}`;
}

// Random bytes drawn 1000 at a time, each used once: a getRandomValues call per id (or a
// crypto.randomUUID, which costs as much in Chromium) was most of what a track() call cost.
let pool: Uint8Array;
let at = 1000;

export function uuidv7(now = Date.now()): string {
  if (at > 990) (pool = crypto.getRandomValues(new Uint8Array(1000))), (at = 0);
  // 20 random hex digits after the timestamp: the first gives way to the version (7), the fifth to
  // the variant (10) and two random bits, the first digit's (unused otherwise).
  const r = pool.subarray(at, (at += 10)).reduce((s, x) => s + (x + 256).toString(16).slice(1), '');
  return `${uuidv7Floor(now)}-7${r.slice(1, 4)}-${'89ab'[pool[at - 10] >> 6]}${r.slice(5, 8)}-${r.slice(8)}`;
}
