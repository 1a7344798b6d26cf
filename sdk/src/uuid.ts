// UUIDv7 (RFC 9562 §5.7): a 48-bit millisecond timestamp, then random bits. Time-ordered ids keep
// the collector's indexes append-mostly, and make the outbox's key order the order of events
// (to the millisecond).

const hex = (b: Uint8Array, from: number, to: number) => {
  let s = '';
  for (let i = from; i < to; i++) s += (b[i] + 256).toString(16).slice(1);
  return s;
};

export function uuidv7(now = Date.now()): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i++) b[i] = (now / 2 ** (40 - 8 * i)) & 255;
  b[6] = 0x70 | (b[6] & 15);
  b[8] = 0x80 | (b[8] & 63);
  return `${hex(b, 0, 4)}-${hex(b, 4, 6)}-${hex(b, 6, 8)}-${hex(b, 8, 10)}-${hex(b, 10, 16)}`;
}

/** The smallest id made at `ms` or later: ids below it are older than `ms` (string order is time order). */
export function uuidv7Floor(ms: number): string {
  const h = Math.floor(ms).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}`;
}

/** The millisecond a UUIDv7 was made at. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
