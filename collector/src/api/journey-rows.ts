// The events journey rebuilding reads, in anonymous-id order. On SQLite the fields come out of
// the JSON body in SQL (json_extract), which costs about a third of parsing every whole body in
// JavaScript: the context's user agent, screen and the like are never turned into objects.
// Other stores go through the generic Store.scanEventsByAnonymousId.
import { toJourneyEvent, type JourneyEvent } from '../journey/index.js';
import { SqliteStore } from '../store/sqlite.js';
import type { Store, StoredEvent } from '../store/store.js';
import { bytesToUuid } from '../store/uuid-bytes.js';

/** A JourneyEvent plus the traits of an identify (for the customer list). */
export interface JourneyRow extends JourneyEvent {
  traits: Record<string, unknown> | null;
}

export function toJourneyRow(e: StoredEvent): JourneyRow {
  return { ...toJourneyEvent(e), traits: e.type === 'identify' ? (e.event.traits as Record<string, unknown> | undefined) ?? null : null };
}

const PAGE = 5000;

export async function* scanJourneyRows(store: Store): AsyncIterable<JourneyRow> {
  if (!(store instanceof SqliteStore)) {
    for await (const e of store.scanEventsByAnonymousId()) yield toJourneyRow(e);
    return;
  }
  // Keyset pages on (anonymous_id, at, seq), as scanEventsByAnonymousId: no read transaction
  // stays open between pages, so ingest is never blocked by a long scan.
  // One json_extract with several paths parses the body once and answers one small JSON array.
  const page = store.db.prepare(
    `SELECT seq, id, site_id, type, name, anonymous_id, user_id, session_id, at, flags,
            json_extract(body, '$.context.url', '$.context.referrer', '$.context.utm', '$.channel', '$.properties', '$.previousId'),
            CASE WHEN type = 'identify' THEN json_extract(body, '$.traits') END
     FROM events WHERE (anonymous_id, at, seq) > (?, ?, ?) ORDER BY anonymous_id, at, seq LIMIT ${PAGE}`,
  ).raw(true);
  let last: [string, number, number] = ['', -8.64e15, -1];
  for (;;) {
    const rows = page.all(...last) as any[][];
    for (const r of rows) {
      const [url, referrer, utm, channel, properties, previousId] = JSON.parse(r[10]);
      yield {
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
    if (rows.length < PAGE) return;
    // A generator's yields are microtasks: without a macrotask turn here a full scan would hold
    // the event loop, and every ingest request, for its whole duration.
    await new Promise((r) => setImmediate(r));
    const l = rows[rows.length - 1];
    last = [l[5], l[8], l[0]];
  }
}
