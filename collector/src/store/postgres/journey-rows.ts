// Journey rows straight from PostgreSQL, over the store's pool or a worker's: only the body
// fields journeys read leave the server, so neither side turns the user agent, screen and the
// rest of each body into text and back. `->>` answers strings as text (the ingest schema makes
// url, referrer, channel and previousId strings); utm, properties and traits come as jsonb.
import type pg from 'pg';
import { journeyRow, type JourneyRow } from '../../journey/event.js';
import type { AnonRange } from '../id-ranges.js';
import type { IdentityLink, JourneyReader } from '../store.js';
import { distinctIds } from '../event-ids.js';
import { identityRows, type Row } from './event-queries.js';

// With the next page read ahead, 1,000 to 20,000 rows a page scan 1M events in the same time;
// a page is also how long the event loop is held (~30 ms with its journeys).
const PAGE = 2000;

// After seq and at.
const COLUMNS = `id, site_id, type, name, anonymous_id, user_id, session_id, flags,
  body->'context'->>'url', body->'context'->>'referrer', body->'context'->'utm',
  body->>'channel', body->'properties', body->>'previousId',
  CASE WHEN type = 'identify' THEN body->'traits' END, body->'context'->>'title'`;

const MIN_AT = '-9223372036854775808';

function rowOf(r: Row): JourneyRow {
  return journeyRow({
    id: r[2], siteId: r[3], type: r[4], name: r[5], anonymousId: r[6], userId: r[7], sessionId: r[8],
    at: Number(r[1]), // bigint comes as text
    flags: r[9], url: r[10], referrer: r[11], utm: r[12], channel: r[13], properties: r[14], previousId: r[15], traits: r[16], title: r[17],
  });
}

export async function postgresIdentityLinks(pool: pg.Pool): Promise<IdentityLink[]> {
  const { rows } = await pool.query('SELECT anonymous_id, user_id, previous_id FROM identity_links');
  return rows.map((r) => ({ anonymousId: r.anonymous_id, userId: r.user_id, previousId: r.previous_id || null }));
}

export function postgresJourneyReader(pool: pg.Pool): JourneyReader {
  return {
    identityLinks: () => postgresIdentityLinks(pool),

    async *rows(range?: AnonRange, skip?: ReadonlySet<string>) {
      const to = range?.to ?? null;
      // Keyset pages on (anonymous_id, at, seq), the order of events_by_anonymous: no cursor
      // or snapshot held between pages. Prepared once per connection (named).
      const page = (after: unknown[]) => pool.query<Row>({
        name: to === null ? 'waymark_journey_rows' : 'waymark_journey_rows_to',
        text: `SELECT seq, at, ${COLUMNS} FROM events WHERE (anonymous_id, at, seq) > ($1, $2, $3) ${to === null ? '' : 'AND anonymous_id < $4'}
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
          next = page([l[6], l[1], l[0]]);
          next.catch(() => {}); // awaited below; a scan abandoned early must not leave it unhandled
        }
        for (const r of rows) if (!skip?.has(r[6])) yield rowOf(r);
        if (rows.length < PAGE) return;
        // A page fetched ahead is often ready already, and awaiting it then is a microtask:
        // without a macrotask turn here a scan would hold the event loop for its whole duration.
        await new Promise((r) => setImmediate(r));
      }
    },

    async rowsOf(ids) {
      return (await identityRows(pool, COLUMNS, ids)).map(rowOf);
    },

    async identitiesOf(ids) {
      return distinctIds(await identityRows(pool, `anonymous_id, user_id, CASE WHEN type = 'alias' THEN body->>'previousId' END`, ids));
    },
  };
}
