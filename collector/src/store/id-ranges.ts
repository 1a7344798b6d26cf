// Ranges of anonymous ids, for a parallel journey pass: each store samples its rows its own way,
// the cut is the same, and so is the order ids are compared in.

/** Anonymous ids from `from` (inclusive) to `to` (exclusive), in the store's (byte) order; null is open. */
export interface AnonRange { from: string | null; to: string | null }

export const ALL_IDS: AnonRange = { from: null, to: null };

/**
 * Compares ids as both stores order them (UTF-8 bytes: SQLite's BINARY collation, PostgreSQL's
 * C collation on the id columns), so a range check here agrees with the rows a query returned.
 * UTF-16 units order as UTF-8 bytes do except at surrogates (the halves of code points past
 * U+FFFF, below U+E000–U+FFFF in UTF-16 and above them in UTF-8): ids that differ first there are
 * encoded and compared as bytes. A full rebuild compares every linked id with each range's ends,
 * and encoding every id every time cost seconds at 10M events.
 */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    return isSurrogate(x) || isSurrogate(y) ? compareBytes(a, b) : x - y;
  }
  // One is a prefix of the other: so are their bytes, unless the prefix ends in half a pair.
  return n > 0 && isSurrogate(a.charCodeAt(n - 1)) ? compareBytes(a, b) : a.length - b.length;
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;
const compareBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export const inRange = (id: string, r: AnonRange): boolean =>
  (r.from === null || compareIds(id, r.from) >= 0) && (r.to === null || compareIds(id, r.to) < 0);

/** `parts` ranges covering every id, cut at evenly spaced ids of `sorted`, a sample of the events' anonymous ids in byte order. */
export function rangesFromSample(sorted: string[], parts: number): AnonRange[] {
  const cuts: string[] = [];
  for (let k = 1; k < parts && sorted.length; k++) {
    const cut = sorted[Math.floor((k * sorted.length) / parts)];
    if (cut !== cuts[cuts.length - 1] && cut !== sorted[0]) cuts.push(cut);
  }
  return [null, ...cuts].map((from, i) => ({ from, to: cuts[i] ?? null }));
}
