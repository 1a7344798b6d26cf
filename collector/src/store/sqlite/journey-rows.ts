// Journey rows straight from a SQLite database: the store's own connection, or a worker's
// read-only one. The body fields journeys read come out of the JSON in SQL (json_extract), which
// costs about a third of parsing every whole body in JavaScript: the context's user agent,
// screen and the like are never turned into objects.
import type Database from 'better-sqlite3';
import { journeyRow, type JourneyRow } from '../../journey/event.js';
import { ALL_IDS } from '../id-ranges.js';
import type { IdentityLink, JourneyReader } from '../store.js';
import { distinctIds } from '../event-ids.js';
import { identityRows, type Row } from './event-queries.js';
import { hexToUuid } from './uuid-bytes.js';

// A page is also how long the event loop is held: ~1000 rows and their journeys take ~15 ms.
const PAGE = 1000;

// One json_extract with several paths parses the body once and answers one small JSON array.
// The index events_journey holds this very expression and the traits' (migration 018), so a query
// that finds its rows through it reads them from there, and neither visits the table nor parses a
// body: change them together.
const EXTRACTED = `json_extract(body, '$.context.url', '$.context.referrer', '$.context.utm', '$.channel', '$.properties', '$.previousId', '$.context.title')`;

/** What a journey row is read from, after seq and at. */
export const JOURNEY_COLUMNS = `lower(hex(id)), site_id, type, name, anonymous_id, user_id, session_id, flags, ${EXTRACTED},
  CASE WHEN type = 'identify' THEN json_extract(body, '$.traits') END`;

/** The ids an event names (identitiesOf), after seq and at: previousId out of the indexed array. */
export const IDENTITY_COLUMNS = `anonymous_id, user_id, CASE WHEN type = 'alias' THEN ${EXTRACTED} ->> 5 END`;

function rowOf(r: Row): JourneyRow {
  const [url, referrer, utm, channel, properties, previousId, title] = JSON.parse(r[10]);
  return journeyRow({
    id: hexToUuid(r[2]), siteId: r[3], type: r[4], name: r[5], anonymousId: r[6], userId: r[7], sessionId: r[8], at: r[1],
    flags: r[9] ? JSON.parse(r[9]) : null,
    url, title, referrer, utm, channel, properties, previousId, traits: r[11] ? JSON.parse(r[11]) : null,
  });
}

/** Every (anonymous id, user id) pair, and each alias's previousId: what joins identities. */
export function sqliteIdentityLinks(db: Database.Database): IdentityLink[] {
  // The pairs from events_identity_links alone, grouped in its order (no sort; 1.4 s at 10M events,
  // where one UNION with the aliases took 5.4 s); the aliases, rare, through their own index.
  // Distinct as the contract asks: an alias's pair without its previousId is another link.
  const pairs = db.prepare(
    `SELECT anonymous_id, user_id FROM events INDEXED BY events_identity_links WHERE user_id IS NOT NULL GROUP BY user_id, anonymous_id`,
  ).raw(true).all() as [string, string][];
  const aliases = db.prepare(
    `SELECT DISTINCT anonymous_id, user_id, json_extract(body, '$.previousId') FROM events INDEXED BY events_alias_previous_id
     WHERE type = 'alias' AND user_id IS NOT NULL`,
  ).raw(true).all() as [string, string, string | null][];
  return [
    ...pairs.map(([anonymousId, userId]) => ({ anonymousId, userId, previousId: null })),
    ...aliases.map(([anonymousId, userId, previousId]) => ({ anonymousId, userId, previousId })),
  ];
}

/**
 * One keyset page of a scan in (anonymous_id, at, seq) order; `bounded` adds the range's end,
 * `skipTable` leaves out the ids a temporary table holds.
 */
export function scanPageSql(bounded: boolean, skipTable?: string): string {
  return `SELECT seq, at, ${JOURNEY_COLUMNS} FROM events WHERE (anonymous_id, at, seq) > (?, ?, ?) ${bounded ? 'AND anonymous_id < ?' : ''}
    ${skipTable ? `AND anonymous_id NOT IN temp.${skipTable}` : ''} ORDER BY anonymous_id, at, seq LIMIT ${PAGE}`;
}

let skipTables = 0;

export function sqliteJourneyReader(db: Database.Database): JourneyReader {
  return {
    identityLinks: async () => sqliteIdentityLinks(db),

    async *rows(range = ALL_IDS, skip?: ReadonlySet<string>) {
      // The ids to skip in a temporary table (allowed on a read-only connection too): checked
      // in SQL, a skipped row costs a probe instead of being turned into JavaScript values. At
      // 10M events a full rebuild skips the 40 % of rows in linked groups (scan-journeys.ts).
      const table = skip?.size ? `waymark_skip_${++skipTables}` : undefined;
      if (table) {
        db.exec(`CREATE TEMP TABLE ${table} (id TEXT PRIMARY KEY) WITHOUT ROWID`);
        db.prepare(`INSERT INTO temp.${table} SELECT value FROM json_each(?)`).run(JSON.stringify([...skip!]));
      }
      try {
        // Keyset pages on (anonymous_id, at, seq), the order events_journey holds: no read
        // transaction stays open between pages, and the store's connection stays free for ingest in between.
        const page = db.prepare(scanPageSql(range.to !== null, table)).raw(true);
        let last: [string, number, number] = [range.from ?? '', -8.64e15, -1];
        for (;;) {
          const rows = (range.to === null ? page.all(...last) : page.all(...last, range.to)) as Row[];
          for (const r of rows) yield rowOf(r);
          if (rows.length < PAGE) return;
          // A generator's yields are microtasks: without a macrotask turn here a full scan would
          // hold the event loop, and every ingest request, for its whole duration.
          await new Promise((r) => setImmediate(r));
          const l = rows[rows.length - 1];
          last = [l[6], l[1], l[0]];
        }
      } finally {
        if (table && db.open) db.exec(`DROP TABLE temp.${table}`);
      }
    },

    async rowsOf(ids) {
      return identityRows(db, JOURNEY_COLUMNS, ids).map(rowOf);
    },

    async identitiesOf(ids) {
      return distinctIds(identityRows(db, IDENTITY_COLUMNS, ids));
    },
  };
}
