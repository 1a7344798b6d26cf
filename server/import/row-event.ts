// One row of an import file as one wire event: pure, so every rule is a table test. A row is a
// CSV line read with its header, or an NDJSON object. `--map field=column` says where a field
// comes from (by default the column of the field's own name), `--set field=value` gives every
// row the same value, and every other column, and the row's key, becomes a property (of an
// identify: a trait).
import { EVENT_TYPES, type EventType, type Json, type ServerEvent } from '../../wire/index.js';
import { importEventId } from './event-id.js';

/** The event fields a file can fill; `properties.x` and `traits.x` name one property or trait. */
export const FIELDS = ['id', 'type', 'name', 'userId', 'anonymousId', 'previousId', 'sessionId', 'channel', 'timestamp'] as const;
export type Field = (typeof FIELDS)[number];

export interface Mapping {
  /** field → column. */
  columns: Record<string, string>;
  /** field → the same value for every row. */
  constants: Record<string, string>;
}

/** What every id is derived from besides the row's key. */
export interface IdScope {
  site: string;
  source: string;
}

export type RowResult = { event: ServerEvent } | { errors: string[] };

const isField = (f: string): boolean => (FIELDS as readonly string[]).includes(f) || /^(properties|traits)\.[^.]+$/.test(f);

/** Mistakes in --map and --set, each a sentence naming the fix; `columns` is the CSV header (null for NDJSON). */
export function checkMapping(m: Mapping, columns: string[] | null): string[] {
  const errors: string[] = [];
  for (const f of [...Object.keys(m.columns), ...Object.keys(m.constants)]) {
    if (!isField(f)) errors.push(`"${f}" is not an event field; map one of ${FIELDS.join(', ')}, properties.NAME or traits.NAME`);
  }
  for (const f of Object.keys(m.columns)) {
    if (f in m.constants) errors.push(`${f} is both mapped (--map) and set (--set); keep one`);
  }
  if (columns) {
    for (const [f, c] of Object.entries(m.columns)) {
      if (!columns.includes(c)) errors.push(`--map ${f}=${c}: the file has no column "${c}" (its columns: ${columns.join(', ')})`);
    }
    const has = (f: Field) => f in m.constants || f in m.columns || columns.includes(f);
    if (!has('timestamp')) errors.push('no timestamp: --map timestamp=COLUMN (when each row happened)');
    if (!has('userId') && !has('anonymousId')) errors.push('no customer: --map userId=COLUMN (who each row is about)');
  }
  return errors;
}

/** A CSV row as an object: header → cell, empty cells left out. */
export function csvRow(header: string[], cells: string[]): Record<string, string> | { error: string } {
  if (cells.length !== header.length) return { error: `has ${cells.length} cells; the header has ${header.length}` };
  const row: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) if (cells[i] !== '') row[header[i]] = cells[i];
  return row;
}

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO-8601 (a date, or a date and time; without a zone it is UTC) or Unix seconds / milliseconds. */
export function parseTimestamp(v: unknown): string | null {
  if (typeof v === 'number' || /^\d{10}(\.\d+)?$|^\d{13}$/.test(String(v))) {
    const n = Number(v);
    const ms = n < 1e11 ? n * 1000 : n;
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  const m = ISO.exec(String(v).trim());
  if (!m) return null;
  const zone = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3]) : 'Z';
  const t = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${zone}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A CSV cell as JSON: a plain decimal number becomes a number (`"0042"`, a code, stays text). */
const cellValue = (v: unknown): Json => (typeof v === 'string' && /^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(v) ? Number(v) : (v as Json));

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function rowEvent(row: Record<string, unknown>, m: Mapping, scope: IdScope, rawText: string): RowResult {
  // The row's key column stays a property too: an order number is worth seeing; the event id is a hash.
  const used = new Set(Object.entries(m.columns).filter(([f]) => f !== 'id').map(([, c]) => c));
  const get = (f: string): unknown => {
    if (f in m.constants) return m.constants[f];
    const column = m.columns[f] ?? f;
    if (f !== 'id') used.add(column);
    return row[column];
  };
  const errors: string[] = [];
  const type = (text(get('type')) ?? 'track') as EventType;
  if (!EVENT_TYPES.includes(type)) errors.push(`type: "${type}" is not one of ${EVENT_TYPES.join(', ')}`);
  const at = get('timestamp');
  const timestamp = at === undefined ? null : parseTimestamp(at);
  if (at === undefined) errors.push('timestamp: empty');
  else if (!timestamp) errors.push(`timestamp: "${text(at)}" is not a date (ISO-8601 like 2025-11-24T16:05:00Z, or Unix seconds)`);
  const e: ServerEvent = { id: '', type, timestamp: timestamp ?? '' };
  for (const f of ['name', 'userId', 'anonymousId', 'previousId', 'sessionId', 'channel'] as const) {
    const v = text(get(f));
    if (v !== undefined) e[f] = v;
  }
  if (!e.userId && !e.anonymousId) errors.push('userId: empty; every row needs the customer it is about');
  if (type === 'track' && !e.name) errors.push('name: empty; a touchpoint needs a name (--set name=order_completed, or --map name=COLUMN)');
  if (type === 'alias' && !e.previousId) errors.push('previousId: empty; an alias needs the id it replaces');
  const key = text(get('id')) ?? rawText;
  // Named properties and traits, then every column no field took.
  const bag: Record<string, Json> = {};
  const named: Record<string, Record<string, Json>> = { properties: {}, traits: {} };
  for (const f of [...Object.keys(m.columns), ...Object.keys(m.constants)]) {
    const dot = /^(properties|traits)\.(.+)$/.exec(f);
    if (dot) {
      const v = get(f);
      if (v !== undefined && v !== '') named[dot[1]][dot[2]] = cellValue(v);
    }
  }
  for (const [k, v] of Object.entries(row)) if (!used.has(k) && v !== undefined) bag[k] = cellValue(v);
  const rest = type === 'identify' ? 'traits' : 'properties';
  const properties = { ...(rest === 'properties' ? bag : {}), ...named.properties };
  const traits = { ...(rest === 'traits' ? bag : {}), ...named.traits };
  if (Object.keys(properties).length) e.properties = properties;
  if (Object.keys(traits).length) e.traits = traits;
  if (errors.length) return { errors };
  e.id = importEventId(scope.site, scope.source, key);
  return { event: e };
}

/** An NDJSON line that is already a wire event: kept as it is, its own id (else the line) the key. */
export function wireEvent(value: unknown, scope: IdScope, rawText: string): RowResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { errors: ['not a JSON object: each line must be one event'] };
  const e = value as Record<string, unknown>;
  const key = typeof e.id === 'string' && e.id ? e.id : rawText;
  return { event: { ...(e as unknown as ServerEvent), id: importEventId(scope.site, scope.source, key) } };
}
