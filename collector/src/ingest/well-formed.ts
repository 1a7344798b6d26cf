// Lone UTF-16 surrogates (half of an emoji, e.g. from a string cut in the middle of a pair) are
// legal in JSON text (`"\ud83d"`) but not in UTF-8: SQLite stores them as invalid bytes that no
// later lookup matches, and PostgreSQL's jsonb refuses them, failing the whole batch on every
// retry. Ingest replaces each with U+FFFD, in every string and key, before anything else reads
// the event, so both stores keep the same well-formed text. NUL goes the same way: PostgreSQL
// cannot hold it in text, and on SQLite an id holding it cannot be named in a URL (400).

/** A high surrogate without its low half, a low one without its high half (per code unit: no `u` flag), or NUL. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/g;

export const wellFormedString = (s: string): string => s.replace(LONE_SURROGATE, '\ufffd');

/**
 * Cheap test on an event's JSON.stringify text: a lone surrogate is always written as an escape
 * (`\ud83d`), while a valid pair is written as itself. A false positive (the literal text
 * `\ud83d` in a string) only costs the exact pass of wellFormed().
 */
export const mayHoldLoneSurrogate = (json: string): boolean => /\\ud[89a-f]|\\u0000/.test(json);

/**
 * A copy of a parsed JSON value with every lone surrogate in strings and keys replaced by U+FFFD.
 * Two keys that differ only in their lone surrogates become one; the later one wins, as in JSON.parse.
 * Recursive: callers bound the depth first (normalise.ts, MAX_DEPTH).
 */
export function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedString(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty, so a "__proto__" key stays a plain property as JSON.parse made it.
    Object.defineProperty(out, wellFormedString(k), { value: wellFormed(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `s` cut to at most `max` code units, never between the two halves of a pair. */
export function cutString(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = (s.charCodeAt(max - 1) & 0xfc00) === 0xd800 ? max - 1 : max;
  return s.slice(0, end);
}
