// UUIDv7 (RFC 9562 §5.7): a 48-bit millisecond timestamp, then random bits. Time-ordered ids keep
// the collector's indexes append-mostly, and make the outbox's key order the order of events
// (to the millisecond).

/** The smallest id made at `ms` or later: ids below it are older than `ms` (string order is time order). */
export function uuidv7Floor(ms: number): string {
  const h = Math.floor(ms).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}`;
}

export function uuidv7(now = Date.now()): string {
  // 10 random bytes after the timestamp: the first carries the version (7), the third the variant (10).
  const b = crypto.getRandomValues(new Uint8Array(10));
  b[0] = 0x70 | (b[0] & 15);
  b[2] = 0x80 | (b[2] & 63);
  const r = b.reduce((s, x) => s + (x + 256).toString(16).slice(1), '');
  return `${uuidv7Floor(now)}-${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8)}`;
}
