// Journey rows straight from PostgreSQL (the counterpart of sqliteJourneyRows): only the body
// fields journeys read leave the server, so neither side turns the user agent, screen and the
// rest of each body into text and back. `->>` answers strings as text (the ingest schema makes
// url, referrer, channel and previousId strings); utm, properties and traits come as jsonb.
import type pg from 'pg';
import { postgresIdentityLinks } from '../store/postgres.js';
import type { AnonRange, JourneyRow, JourneyRowSource } from './journey-rows.js';

// With the next page read ahead, 1,000 to 20,000 rows a page scan 1M events in the same time;
// a page is also how long the event loop is held (~30 ms with its journeys).
const PAGE = 2000;

const COLUMNS = `seq, id, site_id, type, name, anonymous_id, user_id, session_id, at, flags,
  body->'context'->>'url', body->'context'->>'referrer', body->'context'->'utm',
  body->>'channel', body->'properties', body->>'previousId',
  CASE WHEN type = 'identify' THEN body->'traits' END`;

const MIN_AT = '-9223372036854775808';

function rowOf(r: any[]): JourneyRow {
  const utm = r[12];
  // The same fields, order and normalisation as toJourneyRow: '' referrer and empty UTM tags mean none.
  return {
    id: r[1], siteId: r[2], type: r[3], name: r[4], anonymousId: r[5], userId: r[6], previousId: r[15], sessionId: r[7],
    at: Number(r[8]), // bigint comes as text
    url: r[10], referrer: r[11] || null,
    utm: utm && Object.values(utm).some((v) => v) ? utm : null,
    channel: r[13], properties: r[14], flags: r[9] ?? [], traits: r[16],
  };
}

/** Journey rows over a pool: the store's own, or a worker's. */
export function postgresJourneyRows(pool: pg.Pool): JourneyRowSource {
  return {
    identityLinks: () => postgresIdentityLinks(pool),

    async *rows(range?: AnonRange) {
      const to = range?.to ?? null;
      // Keyset pages on (anonymous_id, at, seq), the order of events_by_anonymous: no cursor
      // or snapshot held between pages. Prepared once per connection (named).
      const page = (after: unknown[]) => pool.query<any[]>({
        name: to === null ? 'waymark_journey_rows' : 'waymark_journey_rows_to',
        text: `SELECT ${COLUMNS} FROM events WHERE (anonymous_id, at, seq) > ($1, $2, $3) ${to === null ? '' : 'AND anonymous_id < $4'}
               ORDER BY anonymous_id, at, seq LIMIT ${PAGE}`,
        values: to === null ? after : [...after, to],
        rowMode: 'array',
      });
      let next = page([range?.from ?? '', MIN_AT, '-1']);
      for (;;) {
        const { rows } = await next;
        if (rows.length === PAGE) {
          // The server reads the next page while this one's journeys are built.
          const l = rows[PAGE - 1];
          next = page([l[5], l[8], l[0]]);
          next.catch(() => {}); // awaited below; a scan abandoned early must not leave it unhandled
        }
        for (const r of rows) yield rowOf(r);
        if (rows.length < PAGE) return;
        // A page fetched ahead is often ready already, and awaiting it then is a microtask:
        // without a macrotask turn here a scan would hold the event loop for its whole duration.
        await new Promise((r) => setImmediate(r));
      }
    },

    async rowsOf(anonymousId) {
      const { rows } = await pool.query<any[]>({
        name: 'waymark_journey_rows_of',
        text: `SELECT ${COLUMNS} FROM events WHERE anonymous_id = $1 ORDER BY at, seq`,
        values: [anonymousId],
        rowMode: 'array',
      });
      return rows.map(rowOf);
    },
  };
}
