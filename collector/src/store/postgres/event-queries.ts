// The SQL every query over events shares: filters, the identity match, and rows turned into
// events. Rows come as arrays (rowMode 'array') that start with seq and at, so one function
// orders them whatever else a query selects.
import type pg from 'pg';
import type { EventFilter, IdentityQuery, StoredEvent } from '../store.js';

/** An array row: seq and at (bigint, as text), then what the query selected. */
export type Row = [string, string, ...any[]];

/** Where-clauses and positional parameters ($1…) for an EventFilter. */
export function filterSql(filter: EventFilter = {}) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.siteId !== undefined) { params.push(filter.siteId); where.push(`site_id = $${params.length}`); }
  if (filter.from !== undefined) { params.push(filter.from); where.push(`at >= $${params.length}`); }
  if (filter.to !== undefined) { params.push(filter.to); where.push(`at < $${params.length}`); }
  if (filter.types?.length) { params.push(filter.types); where.push(`type = ANY($${params.length}::text[])`); }
  return { where, params };
}

/** Events of any listed anonymous id or user id. */
export const IDENTITY_MATCH = (a: number, u: number) => `(anonymous_id = ANY($${a}::text[]) OR user_id = ANY($${u}::text[]))`;

/**
 * The rows of an identity query (Store.eventsForIdentities) in (at, seq) order: `columns` are
 * selected after seq and at.
 */
export async function identityRows(pool: pg.Pool, columns: string, ids: IdentityQuery, filter: EventFilter = {}): Promise<Row[]> {
  const { where, params } = filterSql(filter);
  const n = params.length;
  const { rows } = await pool.query<Row>({
    text: `SELECT seq, at, ${columns} FROM events WHERE ${[...where, IDENTITY_MATCH(n + 1, n + 2)].join(' AND ')} ORDER BY at, seq`,
    values: [...params, ids.anonymousIds, ids.userIds],
    rowMode: 'array',
  });
  if (ids.aliasesNaming?.length) {
    // A query of its own (an OR would lose the index scans above): the devices that sent an
    // alias naming one of the ids come from identity_links by previous_id, then their aliases.
    const { rows: aliases } = await pool.query<Row>({
      text: `SELECT seq, at, ${columns} FROM (
               SELECT e.* FROM identity_links l JOIN events e ON e.anonymous_id = l.anonymous_id AND e.user_id = l.user_id
               WHERE ${[...where.map((w) => `e.${w}`), `l.previous_id = ANY($${n + 1}::text[])`, `e.type = 'alias'`, `e.body->>'previousId' = l.previous_id`].join(' AND ')}
             ) AS events`,
      values: [...params, ids.aliasesNaming],
      rowMode: 'array',
    });
    const seen = new Set(rows.map((r) => r[0]));
    const more = aliases.filter((r) => !seen.has(r[0]));
    if (more.length) rows.push(...more), rows.sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[0]) - Number(b[0]));
  }
  return rows;
}

/** What a whole event is read from, after seq and at. */
export const EVENT_COLUMNS = 'id, site_id, type, name, anonymous_id, user_id, session_id, received_at, ip, flags, body';

export function rowToEvent(r: Row): StoredEvent {
  return {
    id: r[2],
    siteId: r[3],
    type: r[4],
    name: r[5],
    anonymousId: r[6],
    userId: r[7],
    sessionId: r[8],
    at: Number(r[1]),
    receivedAt: Number(r[9]),
    ip: r[10],
    flags: r[11] ?? [],
    event: r[12],
  };
}
