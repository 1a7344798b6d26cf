// The SQL every query over events shares: filters, the identity match, and rows turned into
// events. Rows come as arrays (better-sqlite3 raw mode) that start with seq and at, so one
// function orders and pages them whatever else a query selects.
import type Database from 'better-sqlite3';
import { EVENT_TYPES } from '../../../../wire/schema.js';
import type { EventFilter, IdentityQuery, StoredEvent } from '../store.js';
import { bytesToUuid } from './uuid-bytes.js';

/** A raw row: seq, at, then what the query selected. */
export type Row = [number, number, ...any[]];

/** Where-clauses and named parameters for an EventFilter. */
export function filterSql(filter: EventFilter = {}) {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.siteId !== undefined) { where.push('site_id = @siteId'); params.siteId = filter.siteId; }
  if (filter.from !== undefined) { where.push('at >= @from'); params.from = filter.from; }
  if (filter.to !== undefined) { where.push('at < @to'); params.to = filter.to; }
  if (filter.types?.length) {
    // Literals from the fixed list only, and `=` for one type: what lets the planner use a
    // partial index such as events_survey_answers (a bound parameter or IN would not).
    const types = filter.types.filter((t) => EVENT_TYPES.includes(t)).map((t) => `'${t}'`);
    where.push(types.length === 1 ? `type = ${types[0]}` : `type IN (${types.join(', ') || 'NULL'})`);
  }
  return { where, params };
}

/** Events of any listed anonymous id or user id; the ids travel as JSON arrays (no parameter limit). */
export const IDENTITY_MATCH = `(anonymous_id IN (SELECT value FROM json_each(@anons)) OR user_id IN (SELECT value FROM json_each(@users)))`;

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A raw-mode statement prepared once per connection and SQL text: rebuilding customer by
 * customer asks the same few identity queries thousands of times a second, and preparing one
 * costs about as much as running it.
 */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let mine = statements.get(db);
  if (!mine) statements.set(db, (mine = new Map()));
  let s = mine.get(sql);
  if (!s) mine.set(sql, (s = db.prepare(sql).raw(true)));
  return s;
}

/**
 * An identity query's SQL (parameters @anons and @users), or null when it names no ids. Two parts
 * instead of IDENTITY_MATCH's OR: the planner answers an OR by collecting rowids and reading every
 * row from the table, while the anonymous ids' part alone reads events_journey only (covering,
 * for the journey columns: a linked group's ~50 rows at 1M events took 0.75 ms with the OR and
 * 0.3 ms in two parts). The users' part skips rows the first part has.
 */
export function identitySql(columns: string, where: string[], ids: IdentityQuery): string | null {
  const anons = 'anonymous_id IN (SELECT value FROM json_each(@anons))';
  const users = 'user_id IN (SELECT value FROM json_each(@users))';
  const part = (match: string[]) => `SELECT seq, at, ${columns} FROM events WHERE ${[...where, ...match].join(' AND ')}`;
  const parts = [ids.anonymousIds.length ? part([anons]) : '', ids.userIds.length ? part([users, `NOT ${anons}`]) : ''].filter(Boolean);
  return parts.length ? `${parts.join(' UNION ALL ')} ORDER BY at, seq` : null;
}

/**
 * The rows of an identity query (Store.eventsForIdentities) in (at, seq) order: `columns` are
 * selected after seq and at.
 */
export function identityRows(db: Database.Database, columns: string, ids: IdentityQuery, filter: EventFilter = {}): Row[] {
  const { where, params } = filterSql(filter);
  const sql = identitySql(columns, where, ids);
  const rows = sql ? prepared(db, sql).all({ ...params, anons: JSON.stringify(ids.anonymousIds), users: JSON.stringify(ids.userIds) }) as Row[] : [];
  if (ids.aliasesNaming?.length) {
    // A query of its own, so each side keeps to its index (events_alias_previous_id here).
    const seen = new Set(rows.map((r) => r[0]));
    const aliases = prepared(db,
      `SELECT seq, at, ${columns} FROM events WHERE ${[...where, `type = 'alias'`, `json_extract(body, '$.previousId') IN (SELECT value FROM json_each(@prevs))`].join(' AND ')}`,
    ).all({ ...params, prevs: JSON.stringify(ids.aliasesNaming) }) as Row[];
    const more = aliases.filter((r) => !seen.has(r[0]));
    if (more.length) rows.push(...more), rows.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  }
  return rows;
}

/** What a whole event is read from, after seq and at. */
export const EVENT_COLUMNS = 'id, site_id, type, name, anonymous_id, user_id, session_id, received_at, ip, flags, body';

export function rowToEvent(r: Row): StoredEvent {
  return {
    id: bytesToUuid(r[2]),
    siteId: r[3],
    type: r[4],
    name: r[5],
    anonymousId: r[6],
    userId: r[7],
    sessionId: r[8],
    at: r[1],
    receivedAt: r[9],
    ip: r[10],
    flags: r[11] ? JSON.parse(r[11]) : [],
    event: JSON.parse(r[12]),
  };
}
