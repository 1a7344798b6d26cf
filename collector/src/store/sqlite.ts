// The embedded default store: one SQLite file in WAL mode.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ErasureRecord, EventFilter, IdentityLink, IdentityQuery, IngestResult, MapNote, NewMapNote, QuarantinedEvent, Store, StoredEvent } from './store.js';
import { rangesFromSample, type AnonRange } from './id-ranges.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { INSERT_EVENT, INSERT_QUARANTINE, startWriter, type SqliteWriter, type WriteRows } from './sqlite-writer.js';
import { bytesToUuid } from './uuid-bytes.js';
import { namesAnyId, quarantineNeedles } from './quarantine-match.js';
import { EVENT_TYPES } from '../../../wire/schema.js';

/**
 * Versioned migrations, applied in order at open; the table `schema_migrations` records which
 * ran. Append new ones with a new name; never edit or reorder old ones.
 */
export const SQLITE_MIGRATIONS: { name: string; sql: string }[] = [
  { name: '001_events', sql: `
  -- seq is the rowid: rows are appended in arrival order, so inserts stay sequential whatever
  -- ids clients send. The id index holds 16-byte blobs and is the only random-order B-tree.
  CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    id           BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
    site_id      TEXT    NOT NULL,
    type         TEXT    NOT NULL CHECK (type IN ('page','track','identify','alias','survey')),
    name         TEXT,
    anonymous_id TEXT    NOT NULL,
    user_id      TEXT,
    session_id   TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    ip           TEXT,               -- never raw by default: truncated or salted hash (config.privacy.ip)
    flags        TEXT,               -- JSON array, e.g. ["identity_unverified"]
    body         TEXT    NOT NULL
  );
  CREATE INDEX events_by_anonymous ON events (anonymous_id, at);
  CREATE INDEX events_by_user ON events (user_id, at) WHERE user_id IS NOT NULL;
  CREATE INDEX events_by_at ON events (at);

  CREATE TABLE quarantine (
    seq         INTEGER PRIMARY KEY,
    site_id     TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    event_id    TEXT,
    errors      TEXT    NOT NULL,
    raw         TEXT    NOT NULL
  );
  ` },
  { name: '002_erasures', sql: `
  -- One row per honoured erasure request (DELETE /v1/customers/:id): the audit trail. It holds
  -- ids, not events, so it does not undo the erasure.
  CREATE TABLE erasures (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    customer_id  TEXT    NOT NULL,
    identities   TEXT    NOT NULL,   -- JSON { anonymousIds, userIds }
    requested_by TEXT    NOT NULL,
    deleted      INTEGER NOT NULL
  );
  ` },
  { name: '003_map_notes', sql: `
  -- Analysts' notes on journey map cells (thoughts, opportunities, owners): what no data supplies.
  CREATE TABLE map_notes (
    seq        INTEGER PRIMARY KEY,
    stage      TEXT    NOT NULL,
    row_key    TEXT    NOT NULL,
    text       TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    owner      TEXT,
    created_at INTEGER NOT NULL
  );
  ` },
  { name: '004_identity_links_index', sql: `
  -- identityLinks() reads (user_id, anonymous_id, type) from this index alone instead of
  -- visiting every identified event's row: a full-table pass per journey map otherwise.
  CREATE INDEX events_identity_links ON events (user_id, anonymous_id, type) WHERE user_id IS NOT NULL;
  ` },
  { name: '005_survey_answers_index', sql: `
  -- The analyst UI's survey page reads only survey answers (scanEvents({ types: ['survey'] })):
  -- a partial index holds just those rows, so it costs ingest nothing for other events.
  CREATE INDEX events_survey_answers ON events (at) WHERE type = 'survey';
  ` },
  { name: '006_unproven_alias_flags', sql: `
  -- An alias's previousId now merges two users only when the site's backend signed it too
  -- (ingest/identity.ts). No alias stored before carried that proof: flag them so stitching stops
  -- merging on their word.
  UPDATE events SET flags = json_insert(coalesce(flags, '[]'), '$[#]', 'previous_id_unverified')
  WHERE type = 'alias' AND json_extract(body, '$.previousId') IS NOT NULL
    AND json_extract(body, '$.previousId') IS NOT user_id
    AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(flags, '[]')) WHERE value = 'previous_id_unverified');
  ` },
  { name: '007_alias_previous_id_index', sql: `
  -- eventsForIdentities({ aliasesNaming }): the aliases that name an anonymous id, from any
  -- device, found without a scan. Partial: only alias rows, a handful per customer.
  CREATE INDEX events_alias_previous_id ON events (json_extract(body, '$.previousId')) WHERE type = 'alias';
  ` },
  { name: '008_quarantine_limits', sql: `
  -- The quarantine is bounded per site (trimQuarantine): by age and by row count, newest kept.
  -- What was dropped is counted, so the UI can say that older rejects are gone.
  CREATE INDEX quarantine_by_site ON quarantine (site_id);
  CREATE INDEX quarantine_by_site_age ON quarantine (site_id, received_at);
  CREATE TABLE quarantine_dropped (
    site_id TEXT    PRIMARY KEY,
    dropped INTEGER NOT NULL
  );
  ` },
];

export interface SqliteOptions {
  /**
   * NORMAL (default): in WAL mode a commit reaches the OS before the 200 is sent, so a killed
   * or crashed collector loses nothing; a power cut may lose the last moments. FULL also fsyncs
   * every commit (WAYMARK_SQLITE_SYNC=full), costing about half the throughput on this disk.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Checkpoint the WAL from a background thread (sqlite-checkpointer.ts); true by default for files. */
  backgroundCheckpoints?: boolean;
  /** Insert ingested events from a worker thread (sqlite-writer.ts); true by default for files. */
  writerThread?: boolean;
}

interface Pending {
  events: StoredEvent[];
  quarantined: QuarantinedEvent[];
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

export function openSqliteDatabase(file: string, opts: SqliteOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronousOf(opts)}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -262144'); // 256 MiB: keeps the id index hot under random ids
  db.pragma('temp_store = MEMORY');
  db.pragma('journal_size_limit = 67108864'); // a WAL that grew in a burst shrinks back to 64 MiB when it restarts
  // Erasure must take the bytes too: deleted rows and freed space are zeroed, not left in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

const synchronousOf = (opts: SqliteOptions) =>
  opts.synchronous ?? (process.env.WAYMARK_SQLITE_SYNC?.toUpperCase() === 'FULL' ? 'FULL' : 'NORMAL');

/** A request's events and quarantined events as the parameters of the two INSERTs. */
function rowsOf(events: StoredEvent[], quarantined: QuarantinedEvent[]): WriteRows {
  return {
    events: events.map((e) => [
      e.id, e.siteId, e.type, e.name, e.anonymousId, e.userId, e.sessionId, e.at, e.receivedAt, e.ip ?? null,
      e.flags?.length ? JSON.stringify(e.flags) : null, e.json ?? JSON.stringify(e.event),
    ]),
    quarantined: quarantined.map((q) => [q.siteId, q.receivedAt, q.index, q.eventId, JSON.stringify(q.errors), q.raw]),
  };
}

function migrate(db: Database.Database) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name));
  for (const m of SQLITE_MIGRATIONS) {
    if (done.has(m.name)) continue;
    // IMMEDIATE: a second process opening the same file waits instead of applying it twice.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(m.name)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(m.name, Date.now());
    }).immediate();
  }
}

const SCAN_PAGE = 2000;

/** Events of any listed anonymous id or user id; the ids travel as JSON arrays (no parameter limit). */
const IDENTITY_MATCH = `(anonymous_id IN (SELECT value FROM json_each(@anons)) OR user_id IN (SELECT value FROM json_each(@users)))`;

function filterSql(filter: EventFilter) {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.siteId !== undefined) { where.push('site_id = @siteId'); params.siteId = filter.siteId; }
  if (filter.from !== undefined) { where.push('at >= @from'); params.from = filter.from; }
  if (filter.to !== undefined) { where.push('at < @to'); params.to = filter.to; }
  return { where, params };
}

export function rowToEvent(r: any): StoredEvent {
  return {
    id: bytesToUuid(r.id),
    siteId: r.site_id,
    type: r.type,
    name: r.name,
    anonymousId: r.anonymous_id,
    userId: r.user_id,
    sessionId: r.session_id,
    at: r.at,
    receivedAt: r.received_at,
    ip: r.ip,
    flags: r.flags ? JSON.parse(r.flags) : [],
    event: JSON.parse(r.body),
  };
}

/** Every (anonymous id, user id) pair, and each alias's previousId: what joins identities. */
export function sqliteIdentityLinks(db: Database.Database): IdentityLink[] {
  // Two queries so the common case (pairs) is answered from events_identity_links alone; only
  // alias rows are visited for their previousId.
  const rows = db.prepare(
    `SELECT DISTINCT anonymous_id, user_id, NULL AS previous_id FROM events INDEXED BY events_identity_links WHERE user_id IS NOT NULL
     UNION
     SELECT anonymous_id, user_id, json_extract(body, '$.previousId') FROM events INDEXED BY events_identity_links
     WHERE user_id IS NOT NULL AND type = 'alias'`,
  ).all() as any[];
  return rows.map((r) => ({ anonymousId: r.anonymous_id, userId: r.user_id, previousId: r.previous_id ?? null }));
}

/** Checkpoints and empties the WAL, retrying while readers hold it; false if they never let go. */
export function truncateWal(db: Database.Database, tries = 10): boolean {
  for (let i = 0; i < tries; i++) {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r.busy === 0) return true;
  }
  return false;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private pending: Pending[] = [];
  private scheduled = false;
  /** The group the writer thread is committing; requests arriving meanwhile wait for the next. */
  private writing: Promise<void> | null = null;
  private writer: SqliteWriter | null = null;
  private closed = false;
  /** wal_autocheckpoint for whichever connection inserts: 0 while the checkpoint thread runs. */
  private autocheckpoint = 1000;
  private readonly insertEvent: Database.Statement;
  private readonly insertQuarantine: Database.Statement;
  private readonly commit: Database.Transaction<(work: WriteRows[]) => number[][]>;
  private readonly threads: Promise<[Checkpointer | null, SqliteWriter | null]>;

  constructor(readonly file: string, opts: SqliteOptions = {}) {
    this.db = openSqliteDatabase(file, opts);
    this.insertEvent = this.db.prepare(INSERT_EVENT);
    this.insertQuarantine = this.db.prepare(INSERT_QUARANTINE);
    this.commit = this.db.transaction((work: WriteRows[]) => work.map((w) => {
      const duplicates: number[] = [];
      w.events.forEach((row, i) => { if (this.insertEvent.run(row).changes === 0) duplicates.push(i); });
      for (const row of w.quarantined) this.insertQuarantine.run(row);
      return duplicates;
    }));
    // Until the threads are up, and if one fails, this connection inserts and its commits
    // checkpoint, as SQLite does by default.
    const onDisk = file === ':memory:' ? null : file;
    const checkpointer = !onDisk || opts.backgroundCheckpoints === false ? Promise.resolve(null)
      : startCheckpointer(onDisk, () => this.setAutocheckpoint(1000)).then((c) => { this.setAutocheckpoint(0); return c; }, () => null);
    const writer = !onDisk || opts.writerThread === false ? Promise.resolve(null)
      : startWriter(onDisk, { synchronous: synchronousOf(opts), autocheckpoint: this.autocheckpoint }, () => { this.writer = null; }).then((w) => {
        if (this.closed) { void w.stop(); return null; }
        this.writer = w;
        w.setAutocheckpoint(this.autocheckpoint);
        return w;
      }, () => null);
    this.threads = Promise.all([checkpointer, writer]);
  }

  /** Which background threads run, once they have started or failed to (tests and diagnostics). */
  async threadsReady(): Promise<{ checkpointer: boolean; writer: boolean }> {
    const [checkpointer, writer] = await this.threads;
    return { checkpointer: !!checkpointer, writer: !!writer && this.writer === writer };
  }

  private setAutocheckpoint(pages: number) {
    this.autocheckpoint = pages;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`);
    this.writer?.setAutocheckpoint(pages);
  }

  /**
   * Group commit: the requests that arrive within one turn of the event loop, or while the
   * previous group commits, share one transaction, so concurrent clients cost little more than one.
   */
  ingest(events: StoredEvent[], quarantined: QuarantinedEvent[]): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, quarantined, resolve, reject });
      if (!this.scheduled && !this.writing) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.scheduled = false;
    if (this.writing || !this.pending.length) return; // the group in flight flushes again when done
    const work = this.pending;
    this.pending = [];
    const answer = (duplicates: number[][]) =>
      work.forEach((w, i) => w.resolve({ duplicateIds: duplicates[i].map((k) => w.events[k].id) }));
    const rows = work.map((w) => rowsOf(w.events, w.quarantined));
    if (!this.writer) {
      try { answer(this.commit.immediate(rows)); } catch (e) { work.forEach((w) => w.reject(e)); }
      return;
    }
    this.writing = this.writer.write(rows).then(answer, (e) => work.forEach((w) => w.reject(e))).finally(() => {
      this.writing = null;
      this.flush();
    });
  }

  /** Resolves when every request accepted so far is committed (or has failed). */
  private async drain() {
    while (this.writing || this.pending.length) {
      if (!this.writing) this.flush();
      await this.writing;
    }
  }

  async *scanEvents(filter: EventFilter = {}): AsyncIterable<StoredEvent> {
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
    // Keyset pagination on (at, seq) so a long scan never holds a read transaction open.
    const page = this.db.prepare(
      `SELECT * FROM events WHERE ${[...where, '(at > @lastAt OR (at = @lastAt AND seq > @lastSeq))'].join(' AND ')}
       ORDER BY at, seq LIMIT 1000`,
    );
    let lastAt = -Infinity;
    let lastSeq = -1;
    for (;;) {
      const rows = page.all({ ...params, lastAt: Number.isFinite(lastAt) ? lastAt : -8.64e15, lastSeq }) as any[];
      for (const r of rows) yield rowToEvent(r);
      if (rows.length < 1000) return;
      lastAt = rows[rows.length - 1].at;
      lastSeq = rows[rows.length - 1].seq;
    }
  }

  async *scanEventsByAnonymousId(filter: EventFilter = {}): AsyncIterable<StoredEvent> {
    const { where, params } = filterSql(filter);
    // Keyset pagination on (anonymous_id, at, seq), which the events_by_anonymous index holds in order.
    const page = this.db.prepare(
      `SELECT * FROM events WHERE ${[...where, '(anonymous_id, at, seq) > (@lastAnon, @lastAt, @lastSeq)'].join(' AND ')}
       ORDER BY anonymous_id, at, seq LIMIT ${SCAN_PAGE}`,
    );
    let last = { lastAnon: '', lastAt: -8.64e15, lastSeq: -1 };
    for (;;) {
      const rows = page.all({ ...params, ...last }) as any[];
      for (const r of rows) yield rowToEvent(r);
      if (rows.length < SCAN_PAGE) return;
      const r = rows[rows.length - 1];
      last = { lastAnon: r.anonymous_id, lastAt: r.at, lastSeq: r.seq };
    }
  }

  async eventsForIdentities(ids: IdentityQuery, filter: EventFilter = {}): Promise<StoredEvent[]> {
    const { where, params } = filterSql(filter);
    const rows = this.db.prepare(
      `SELECT * FROM events WHERE ${[...where, IDENTITY_MATCH].join(' AND ')} ORDER BY at, seq`,
    ).all({ ...params, anons: JSON.stringify(ids.anonymousIds), users: JSON.stringify(ids.userIds) }) as any[];
    if (ids.aliasesNaming?.length) {
      // A query of its own, so each side keeps to its index (events_alias_previous_id here).
      const seen = new Set(rows.map((r) => r.seq));
      const aliases = this.db.prepare(
        `SELECT * FROM events WHERE ${[...where, `type = 'alias'`, `json_extract(body, '$.previousId') IN (SELECT value FROM json_each(@prevs))`].join(' AND ')}`,
      ).all({ ...params, prevs: JSON.stringify(ids.aliasesNaming) }) as any[];
      const more = aliases.filter((r) => !seen.has(r.seq));
      if (more.length) rows.push(...more), rows.sort((a, b) => a.at - b.at || a.seq - b.seq);
    }
    return rows.map(rowToEvent);
  }

  async identityLinks(): Promise<IdentityLink[]> {
    return sqliteIdentityLinks(this.db);
  }

  async eraseIdentities(erasure: ErasureRecord): Promise<{ deleted: number }> {
    await this.drain(); // events accepted a moment ago are erased too
    const { anonymousIds, userIds } = erasure.identities;
    const shared = erasure.sharedAnonymousIds ?? [];
    const named = new Set([...anonymousIds, ...userIds, ...shared]);
    const run = this.db.transaction(() => {
      const byIdentity = this.db.prepare(`DELETE FROM events WHERE ${IDENTITY_MATCH}`).run({
        anons: JSON.stringify(anonymousIds), users: JSON.stringify(userIds),
      }).changes;
      const byId = this.db.prepare(`DELETE FROM events WHERE id IN (SELECT unhex(value, '-') FROM json_each(?))`)
        .run(JSON.stringify((erasure.events ?? []).map((e) => e.id))).changes;
      const candidates = this.db.prepare(
        'SELECT seq, raw FROM quarantine WHERE EXISTS (SELECT 1 FROM json_each(?) AS n WHERE instr(raw, n.value) > 0)',
      ).all(JSON.stringify(quarantineNeedles(named))) as { seq: number; raw: string }[];
      const quarantined = candidates.filter((q) => namesAnyId(q.raw, named)).map((q) => q.seq);
      this.db.prepare('DELETE FROM quarantine WHERE seq IN (SELECT value FROM json_each(?))').run(JSON.stringify(quarantined));
      this.db.prepare('INSERT INTO erasures (at, customer_id, identities, requested_by, deleted) VALUES (?, ?, ?, ?, ?)').run(
        Date.now(), erasure.customerId, JSON.stringify(shared.length ? { ...erasure.identities, sharedAnonymousIds: shared } : erasure.identities),
        erasure.requestedBy, byIdentity + byId,
      );
      return byIdentity + byId;
    });
    const deleted = run.immediate();
    await this.dropOldPageCopies();
    return { deleted };
  }

  /**
   * secure_delete zeroes what was erased in the pages written now, but the WAL still holds the
   * pages as they were, and the database file gets the zeroed ones only at a checkpoint. A
   * TRUNCATE checkpoint copies them over and empties the WAL; it waits for readers, so it runs
   * in the checkpoint thread (never blocking this one) and is retried while they hold it off.
   */
  private async dropOldPageCopies() {
    if (this.file === ':memory:') return;
    const [checkpointer] = await this.threads;
    const truncated = checkpointer && !this.closed ? await checkpointer.truncate() : truncateWal(this.db);
    if (!truncated) console.error('erasure: the WAL could not be emptied (readers held it); the erased rows are zeroed, and their old copies in the WAL go at the next checkpoint');
  }

  /** About how many events are stored (the highest seq: exact until erasures leave gaps). */
  eventCount(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
  }

  /**
   * `parts` ranges of anonymous ids holding about as many events each, in id order, covering
   * every id. Split points come from a sample of rows (rowid lookups: milliseconds), not from
   * walking the index.
   */
  anonymousIdRanges(parts: number): AnonRange[] {
    const max = this.eventCount();
    const sample = Array.from({ length: Math.min(max, 1000) }, (_, i) => Math.floor(((i + 0.5) * max) / Math.min(max, 1000)) + 1);
    const ids = (this.db.prepare(
      'SELECT anonymous_id AS a FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY anonymous_id',
    ).all(JSON.stringify(sample)) as { a: string }[]).map((r) => r.a);
    return rangesFromSample(ids, parts);
  }

  async dataVersion(): Promise<string> {
    // max(seq) grows with every insert; the erasure count changes with every delete (a deleted
    // max seq can be reused, but never with the same erasure count).
    const r = this.db.prepare(
      `SELECT (SELECT coalesce(max(seq), 0) FROM events) AS e, (SELECT coalesce(max(seq), 0) FROM erasures) AS x`,
    ).get() as { e: number; x: number };
    return `${r.e}.${r.x}`;
  }

  async listQuarantine(opts: { siteId?: string; limit?: number; before?: number } = {}) {
    const where = [opts.siteId !== undefined ? 'site_id = @siteId' : '', opts.before !== undefined ? 'seq < @before' : ''].filter(Boolean);
    // 1001: a caller pages by asking one row more than it shows.
    const rows = this.db.prepare(
      `SELECT * FROM quarantine ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${Math.min(opts.limit ?? 100, 1001)}`,
    ).all({ siteId: opts.siteId, before: opts.before }) as any[];
    return rows.map((r) => ({
      seq: r.seq, siteId: r.site_id, receivedAt: r.received_at, index: r.idx, eventId: r.event_id,
      errors: JSON.parse(r.errors), raw: r.raw,
    }));
  }

  async trimQuarantine(siteId: string, keep: { rows: number; since: number }): Promise<number> {
    const run = this.db.transaction(() => {
      const p = { siteId, since: keep.since, rows: keep.rows };
      const old = this.db.prepare('DELETE FROM quarantine WHERE site_id = @siteId AND received_at < @since').run(p).changes;
      const over = this.db.prepare(
        `DELETE FROM quarantine WHERE site_id = @siteId AND seq <= (SELECT seq FROM quarantine WHERE site_id = @siteId ORDER BY seq DESC LIMIT 1 OFFSET @rows)`,
      ).run(p).changes;
      if (old + over > 0) {
        this.db.prepare('INSERT INTO quarantine_dropped (site_id, dropped) VALUES (?, ?) ON CONFLICT (site_id) DO UPDATE SET dropped = dropped + excluded.dropped')
          .run(siteId, old + over);
      }
      return old + over;
    });
    return run.immediate();
  }

  async quarantineDropped(siteId?: string): Promise<number> {
    const r = this.db.prepare(`SELECT coalesce(sum(dropped), 0) AS n FROM quarantine_dropped ${siteId !== undefined ? 'WHERE site_id = ?' : ''}`)
      .get(...(siteId !== undefined ? [siteId] : [])) as { n: number };
    return r.n;
  }

  async addMapNote(note: NewMapNote): Promise<MapNote> {
    const createdAt = Date.now();
    const info = this.db.prepare('INSERT INTO map_notes (stage, row_key, text, owner, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(note.stage, note.row, note.text, note.owner ?? null, createdAt);
    return { id: Number(info.lastInsertRowid), ...note, owner: note.owner ?? null, createdAt };
  }

  async listMapNotes(): Promise<MapNote[]> {
    const rows = this.db.prepare('SELECT * FROM map_notes ORDER BY seq').all() as any[];
    return rows.map((r) => ({ id: r.seq, stage: r.stage, row: r.row_key, text: r.text, owner: r.owner, createdAt: r.created_at }));
  }

  async deleteMapNote(id: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM map_notes WHERE seq = ?').run(id).changes > 0;
  }

  async eventsPerDay(filter: EventFilter = {}): Promise<{ day: string; count: number }[]> {
    const where: string[] = [];
    if (filter.siteId !== undefined) where.push('site_id = @siteId');
    if (filter.from !== undefined) where.push('at >= @from');
    if (filter.to !== undefined) where.push('at < @to');
    const rows = this.db.prepare(
      `SELECT at / 86400000 AS d, count(*) AS n FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY d ORDER BY d`,
    ).all({ siteId: filter.siteId, from: filter.from, to: filter.to }) as { d: number; n: number }[];
    return rows.map((r) => ({ day: new Date(r.d * 86400000).toISOString().slice(0, 10), count: r.n }));
  }

  async close() {
    this.closed = true;
    await this.drain();
    const [checkpointer, writer] = await this.threads;
    await writer?.stop();
    await checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
