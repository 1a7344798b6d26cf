// The events journey rebuilding reads, in anonymous-id order, optionally only one range of
// anonymous ids (a parallel pass gives each worker one). On SQLite the fields come out of the
// JSON body in SQL (json_extract), which costs about a third of parsing every whole body in
// JavaScript: the context's user agent, screen and the like are never turned into objects.
// PostgreSQL does the same with jsonb operators (postgres-journey-rows.ts). Other stores go
// through the generic Store methods.
import type Database from 'better-sqlite3';
import { toJourneyEvent, type JourneyEvent } from '../journey/index.js';
import type { AnonRange } from '../store/id-ranges.js';
import { PostgresStore } from '../store/postgres.js';
import { SqliteStore, sqliteIdentityLinks } from '../store/sqlite.js';
import type { IdentityLink, Store, StoredEvent } from '../store/store.js';
import { bytesToUuid } from '../store/uuid-bytes.js';
import { postgresJourneyRows } from './postgres-journey-rows.js';

/** A JourneyEvent plus the traits of an identify (for the customer list). */
export interface JourneyRow extends JourneyEvent {
  traits: Record<string, unknown> | null;
}

export type { AnonRange };

export const ALL_IDS: AnonRange = { from: null, to: null };

/** Where journeys are rebuilt from. */
export interface JourneyRowSource {
  identityLinks(): Promise<IdentityLink[]>;
  /** Rows of the anonymous ids in `range`, ordered by anonymous id, then time. */
  rows(range?: AnonRange): AsyncIterable<JourneyRow>;
  /** Every row of one anonymous id. */
  rowsOf(anonymousId: string): Promise<JourneyRow[]>;
}

/**
 * Compares ids as SQLite's BINARY collation does (UTF-8 bytes), so a range check here agrees
 * with the range a query returned; JavaScript's `<` compares UTF-16 units and differs past U+FFFF.
 */
export const compareIds = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export const inRange = (id: string, r: AnonRange): boolean =>
  (r.from === null || compareIds(id, r.from) >= 0) && (r.to === null || compareIds(id, r.to) < 0);

export function toJourneyRow(e: StoredEvent): JourneyRow {
  return { ...toJourneyEvent(e), traits: e.type === 'identify' ? (e.event.traits as Record<string, unknown> | undefined) ?? null : null };
}

export function journeyRowSource(store: Store): JourneyRowSource {
  if (store instanceof SqliteStore) return sqliteJourneyRows(store.db);
  if (store instanceof PostgresStore) return postgresJourneyRows(store.pool);
  return genericJourneyRows(store);
}

/** Through the Store interface, parsing whole events: any store, and what the fast paths must equal. */
export function genericJourneyRows(store: Store): JourneyRowSource {
  return {
    identityLinks: () => store.identityLinks(),
    async *rows(range = ALL_IDS) {
      for await (const e of store.scanEventsByAnonymousId()) if (inRange(e.anonymousId, range)) yield toJourneyRow(e);
    },
    async rowsOf(anonymousId) {
      return (await store.eventsForIdentities({ anonymousIds: [anonymousId], userIds: [] }))
        .filter((e) => e.anonymousId === anonymousId).map(toJourneyRow);
    },
  };
}

// A page is also how long the event loop is held: ~1000 rows and their journeys take ~15 ms.
const PAGE = 1000;

// One json_extract with several paths parses the body once and answers one small JSON array.
const COLUMNS = `seq, id, site_id, type, name, anonymous_id, user_id, session_id, at, flags,
  json_extract(body, '$.context.url', '$.context.referrer', '$.context.utm', '$.channel', '$.properties', '$.previousId'),
  CASE WHEN type = 'identify' THEN json_extract(body, '$.traits') END`;

function rowOf(r: any[]): JourneyRow {
  const [url, referrer, utm, channel, properties, previousId] = JSON.parse(r[10]);
  return {
    id: bytesToUuid(r[1]), siteId: r[2], type: r[3], name: r[4], anonymousId: r[5], userId: r[6], sessionId: r[7], at: r[8],
    flags: r[9] ? JSON.parse(r[9]) : [],
    // The same normalisation as toJourneyEvent: '' referrer and empty UTM tags mean none.
    url: typeof url === 'string' ? url : null,
    referrer: typeof referrer === 'string' && referrer ? referrer : null,
    utm: utm && typeof utm === 'object' && Object.values(utm).some((v) => v) ? utm : null,
    channel: typeof channel === 'string' ? channel : null,
    properties: properties && typeof properties === 'object' ? properties : null,
    previousId: typeof previousId === 'string' ? previousId : null,
    traits: r[11] ? JSON.parse(r[11]) : null,
  };
}

/** Journey rows straight from a SQLite database: the store's own connection, or a worker's read-only one. */
export function sqliteJourneyRows(db: Database.Database): JourneyRowSource {
  return {
    identityLinks: async () => sqliteIdentityLinks(db),

    async *rows(range = ALL_IDS) {
      // Keyset pages on (anonymous_id, at, seq): no read transaction stays open between pages,
      // and the store's connection stays free for ingest in between.
      const page = db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE (anonymous_id, at, seq) > (?, ?, ?) ${range.to === null ? '' : 'AND anonymous_id < ?'}
         ORDER BY anonymous_id, at, seq LIMIT ${PAGE}`,
      ).raw(true);
      let last: [string, number, number] = [range.from ?? '', -8.64e15, -1];
      for (;;) {
        const rows = (range.to === null ? page.all(...last) : page.all(...last, range.to)) as any[][];
        for (const r of rows) yield rowOf(r);
        if (rows.length < PAGE) return;
        // A generator's yields are microtasks: without a macrotask turn here a full scan would
        // hold the event loop, and every ingest request, for its whole duration.
        await new Promise((r) => setImmediate(r));
        const l = rows[rows.length - 1];
        last = [l[5], l[8], l[0]];
      }
    },

    async rowsOf(anonymousId) {
      const rows = db.prepare(`SELECT ${COLUMNS} FROM events WHERE anonymous_id = ? ORDER BY at, seq`).raw(true).all(anonymousId) as any[][];
      return rows.map(rowOf);
    },
  };
}
