// The embedded default store: one SQLite file in WAL mode.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnnotationStore, ErasureRecord, EventFilter, IdentityQuery, IngestResult, DeliveryStore, JourneyReader, JourneyStateStore, PendingIngest, MapNote, MapNoteStatus, NewMapNote, QuarantinedEvent, ReaderSource, SavedPredictionModel, SegmentStore, Store, StoredEvent } from '../store.js';
import { rangesFromSample, type AnonRange } from '../id-ranges.js';
import { namesAnyId, quarantineNeedles } from '../quarantine-match.js';
import { startCheckpointer, walRestartRequest, type Checkpointer } from './checkpointer.js';
import { EVENT_COLUMNS, filterSql, IDENTITY_MATCH, identityRows, rowToEvent, type Row } from './event-queries.js';
import { sqliteJourneyReader } from './journey-rows.js';
import { removeStates, sqliteStateStore } from './journey-states.js';
import { migrate } from './migrations.js';
import { INSERT_EVENT, INSERT_QUARANTINE, startWriter, type SqliteWriter, type WriteRows } from './writer.js';
import { sqliteDeliveries } from './deliveries.js';
import { sqliteSegments } from './segments.js';
import { sqliteAnnotations } from './annotations.js';

export interface SqliteOptions {
  /**
   * NORMAL (default): in WAL mode a commit reaches the OS before the 200 is sent, so a killed
   * or crashed collector loses nothing; a power cut may lose the last moments. FULL also fsyncs
   * every commit (WAYMARK_SQLITE_SYNC=full), costing about half the throughput on this disk.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Checkpoint the WAL from a background thread (checkpointer.ts); true by default for files. */
  backgroundCheckpoints?: boolean;
  /** Insert ingested events from a worker thread (writer.ts); true by default for files. */
  writerThread?: boolean;
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

/** Checkpoints and empties the WAL, retrying while readers hold it; false if they never let go. */
export function truncateWal(db: Database.Database, tries = 10): boolean {
  for (let i = 0; i < tries; i++) {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r.busy === 0) return true;
  }
  return false;
}

const SCAN_PAGE = 1000;

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private pending: PendingIngest[] = [];
  private scheduled = false;
  /** The group the writer thread is committing; requests arriving meanwhile wait for the next. */
  private writing: Promise<void> | null = null;
  /** This connection's own writes, waiting for the group in flight to commit (betweenWrites). */
  private waitingWrites: (() => void)[] = [];
  private writer: SqliteWriter | null = null;
  private closed = false;
  /** wal_autocheckpoint for whichever connection inserts: 0 while the checkpoint thread runs. */
  private autocheckpoint = 1000;
  private readonly insertEvent: Database.Statement;
  private readonly insertQuarantine: Database.Statement;
  private readonly commit: Database.Transaction<(work: WriteRows[]) => number[][]>;
  private readonly threads: Promise<[Checkpointer | null, SqliteWriter | null]>;
  readonly journeys: JourneyReader;
  readonly deliveries: DeliveryStore;
  readonly states: JourneyStateStore;
  readonly segments: SegmentStore;
  readonly annotations: AnnotationStore;

  constructor(readonly file: string, opts: SqliteOptions = {}) {
    this.db = openSqliteDatabase(file, opts);
    this.journeys = sqliteJourneyReader(this.db);
    this.deliveries = sqliteDeliveries(this.db, (write) => this.betweenWrites(write));
    this.states = sqliteStateStore(this.db, (write) => this.betweenWrites(write));
    this.segments = sqliteSegments(this.db, (write) => this.betweenWrites(write));
    this.annotations = sqliteAnnotations(this.db);
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
    const restart = walRestartRequest();
    const checkpointer = !onDisk || opts.backgroundCheckpoints === false ? Promise.resolve(null)
      : startCheckpointer(onDisk, () => this.setAutocheckpoint(1000), undefined, restart).then((c) => { this.setAutocheckpoint(0); return c; }, () => null);
    const writer = !onDisk || opts.writerThread === false ? Promise.resolve(null)
      : startWriter(onDisk, { synchronous: synchronousOf(opts), autocheckpoint: this.autocheckpoint, restart }, () => { this.writer = null; }).then((w) => {
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
      for (const write of this.waitingWrites.splice(0)) write();
      this.flush();
    });
  }

  /**
   * Runs a write of this connection (the journey states' claims and commits) while the writer
   * thread holds no transaction: at once when it is idle, else right after its group commits and
   * before the next one starts. Waiting for the lock inside SQLite would block the event loop,
   * and under steady ingest the writer thread would take the lock back first nearly every time.
   */
  betweenWrites<T>(write: () => T): Promise<T> {
    if (!this.writing) {
      try { return Promise.resolve(write()); } catch (e) { return Promise.reject(e); }
    }
    return new Promise((resolve, reject) => {
      this.waitingWrites.push(() => { try { resolve(write()); } catch (e) { reject(e); } });
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
    const { where, params } = filterSql(filter);
    // Keyset pagination on (at, seq) so a long scan never holds a read transaction open.
    const page = this.db.prepare(
      `SELECT seq, at, ${EVENT_COLUMNS} FROM events WHERE ${[...where, '(at > @lastAt OR (at = @lastAt AND seq > @lastSeq))'].join(' AND ')}
       ORDER BY at, seq LIMIT ${SCAN_PAGE}`,
    ).raw(true);
    let last = { lastAt: -8.64e15, lastSeq: -1 };
    for (;;) {
      const rows = page.all({ ...params, ...last }) as Row[];
      for (const r of rows) yield rowToEvent(r);
      if (rows.length < SCAN_PAGE) return;
      const [lastSeq, lastAt] = rows[rows.length - 1];
      last = { lastAt, lastSeq };
    }
  }

  async eventsForIdentities(ids: IdentityQuery, filter: EventFilter = {}): Promise<StoredEvent[]> {
    return identityRows(this.db, EVENT_COLUMNS, ids, filter).map(rowToEvent);
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
      removeStates(this.db, [erasure.customerId], anonymousIds);
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
  async eventCount(): Promise<number> {
    return this.maxSeq();
  }

  private maxSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
  }

  /** SQLite plans these queries the same with or without statistics (keyset pages, named indexes). */
  async refreshStatistics(): Promise<boolean> {
    return false;
  }

  /** Split points come from a sample of rows (rowid lookups: milliseconds), not from walking the index. */
  async splitRanges(parts: number): Promise<AnonRange[]> {
    const max = this.maxSeq();
    const sample = Array.from({ length: Math.min(max, 1000) }, (_, i) => Math.floor(((i + 0.5) * max) / Math.min(max, 1000)) + 1);
    const ids = (this.db.prepare(
      'SELECT anonymous_id AS a FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY anonymous_id',
    ).all(JSON.stringify(sample)) as { a: string }[]).map((r) => r.a);
    return rangesFromSample(ids, parts);
  }

  /** Workers open the file read-only; an in-memory database has no file to open. */
  readerSource(): ReaderSource | null {
    return this.file === ':memory:' ? null : { kind: 'sqlite', file: this.file };
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
    const status = note.status ?? 'open';
    const info = this.db.prepare('INSERT INTO map_notes (stage, row_key, text, owner, status, pain_point, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(note.stage, note.row, note.text, note.owner ?? null, status, note.painPoint ?? null, createdAt);
    return { id: Number(info.lastInsertRowid), ...note, owner: note.owner ?? null, status, painPoint: note.painPoint ?? null, createdAt };
  }

  async listMapNotes(): Promise<MapNote[]> {
    const rows = this.db.prepare('SELECT * FROM map_notes ORDER BY seq').all() as any[];
    return rows.map((r) => ({ id: r.seq, stage: r.stage, row: r.row_key, text: r.text, owner: r.owner, status: r.status, painPoint: r.pain_point, createdAt: r.created_at }));
  }

  async deleteMapNote(id: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM map_notes WHERE seq = ?').run(id).changes > 0;
  }

  async setMapNoteStatus(id: number, status: MapNoteStatus): Promise<boolean> {
    return this.db.prepare('UPDATE map_notes SET status = ? WHERE seq = ?').run(status, id).changes > 0;
  }

  async savePredictionModel(m: Omit<SavedPredictionModel, 'version'>): Promise<SavedPredictionModel> {
    const info = this.db.prepare('INSERT INTO prediction_models (kind, trained_at, model, evaluation) VALUES (?, ?, ?, ?)')
      .run(m.kind, m.trainedAt, JSON.stringify(m.model), m.evaluation == null ? null : JSON.stringify(m.evaluation));
    return { version: Number(info.lastInsertRowid), kind: m.kind, trainedAt: m.trainedAt, model: m.model, evaluation: m.evaluation ?? null };
  }

  async predictionModels(kind: string, limit = 1): Promise<SavedPredictionModel[]> {
    const rows = this.db.prepare('SELECT * FROM prediction_models WHERE kind = ? ORDER BY version DESC LIMIT ?').all(kind, limit) as any[];
    return rows.map((r) => ({ version: r.version, kind: r.kind, trainedAt: r.trained_at, model: JSON.parse(r.model), evaluation: r.evaluation === null ? null : JSON.parse(r.evaluation) }));
  }

  async eventsPerDay(filter: EventFilter = {}): Promise<{ day: string; count: number }[]> {
    const { where, params } = filterSql(filter);
    const rows = this.db.prepare(
      `SELECT at / 86400000 AS d, count(*) AS n FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY d ORDER BY d`,
    ).all(params) as { d: number; n: number }[];
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
