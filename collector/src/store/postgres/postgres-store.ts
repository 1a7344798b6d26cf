// The production store: PostgreSQL through a connection pool, shared by any number of
// collectors. A process holds only the pool and the writes waiting for their commit.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { rangesFromSample, type AnonRange } from '../id-ranges.js';
import { namesAnyId, quarantineNeedles } from '../quarantine-match.js';
import type { AnnotationStore, ErasureRecord, EventFilter, IdentityQuery, IngestResult, DeliveryStore, JourneyReader, JourneyStateStore, PendingIngest, MapNote, MapNoteStatus, NewMapNote, QuarantinedEvent, ReaderSource, SavedPredictionModel, SegmentStore, Store, StoredEvent } from '../store.js';
import { EVENT_COLUMNS, filterSql, IDENTITY_MATCH, identityRows, rowToEvent, type Row } from './event-queries.js';
import { postgresJourneyReader } from './journey-rows.js';
import { LOCK_STATES, postgresStateStore, removeStates } from './journey-states.js';
import { migrate } from './schema.js';
import { postgresDeliveries } from './deliveries.js';
import { postgresSegments } from './segments.js';
import { postgresAnnotations } from './annotations.js';

export interface PostgresOptions {
  /** `postgres://user@host:port/db`. */
  connectionString: string;
  /** Schema for every table (default `public`); tests use a fresh one each. */
  schema?: string;
  /** Pool size per collector (default 10). */
  max?: number;
}

const SCAN_PAGE = 2000;
/** Flushes running at once; requests arriving meanwhile queue up and share the next one. */
const MAX_FLUSHES = 4;

// One statement whatever the row count, and one atomic step: the events, the identity links
// they carry, and this writer's data version. Rows travel as one JSON array ($1) that the
// server unpacks in C: the event bodies go in as the JSON text the collector already has, so
// nothing is escaped or serialised twice.
const INSERT_EVENTS = `
  WITH ins AS (
    INSERT INTO events (anonymous_id, id, site_id, type, name, user_id, session_id, at, received_at, ip, flags, body)
    SELECT a, i, s, t, n, u, se, at, r, ip, f, b
    FROM json_to_recordset($1::json)
         AS x(a text, i uuid, s text, t text, n text, u text, se text, at bigint, r bigint, ip text, f text[], b jsonb)
    ON CONFLICT (anonymous_id, id) DO NOTHING
    RETURNING anonymous_id, id, user_id, CASE WHEN type = 'alias' THEN body->>'previousId' END AS previous_id
  ), links AS (
    INSERT INTO identity_links (anonymous_id, user_id, previous_id)
    SELECT DISTINCT anonymous_id, user_id, coalesce(previous_id, '') FROM ins WHERE user_id IS NOT NULL
    ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING
  ), bump AS (
    INSERT INTO data_versions AS d (writer, version) VALUES ($2, 1)
    ON CONFLICT (writer) DO UPDATE SET version = d.version + 1
  )
  SELECT anonymous_id, id FROM ins`;

const BUMP_VERSION = `
  INSERT INTO data_versions AS d (writer, version) VALUES ($1, 1)
  ON CONFLICT (writer) DO UPDATE SET version = d.version + 1`;

/** The identity links deleted rows carried (see identity_links), and how many rows carried each. */
const GONE_LINKS = `SELECT anonymous_id, user_id, coalesce(previous_id, '') AS previous_id, count(*) AS n FROM gone GROUP BY 1, 2, 3`;
const GONE_COLUMNS = `anonymous_id, user_id, CASE WHEN type = 'alias' THEN body->>'previousId' END AS previous_id`;

/** Deletes the events of whole identities: $1 anonymous ids, $2 user ids (two index scans). */
const ERASE_IDENTITIES = `
  WITH gone AS (DELETE FROM events WHERE ${IDENTITY_MATCH(1, 2)} RETURNING ${GONE_COLUMNS}) ${GONE_LINKS}`;

/** Deletes single events by primary key: $1 anonymous ids and $2 ids, pairwise. */
const ERASE_EVENTS = `
  WITH gone AS (
    DELETE FROM events e USING unnest($1::text[], $2::uuid[]) AS p(a, i) WHERE e.anonymous_id = p.a AND e.id = p.i
    RETURNING ${GONE_COLUMNS}
  ) ${GONE_LINKS}`;

/** Of the links the erased rows carried, those no remaining event carries (a superset is kept: it only groups). */
const ERASE_UNBACKED_LINKS = `
  DELETE FROM identity_links l USING unnest($1::text[], $2::text[], $3::text[]) AS g(a, u, p)
  WHERE l.anonymous_id = g.a AND l.user_id = g.u AND l.previous_id = g.p
    AND NOT EXISTS (SELECT 1 FROM events e WHERE e.anonymous_id = g.a AND e.user_id = g.u
                    AND (g.p = '' OR (e.type = 'alias' AND e.body->>'previousId' = g.p)))`;

/** The tables whose statistics the journey states' point queries lean on (refreshStatistics). */
const PLANNED_TABLES = ['events', 'identity_links', 'journey_states', 'journey_state_ids', 'journey_state_dirty', 'action_deliveries'];

/** Deadlock and serialization failures: retrying the same write succeeds. */
const RETRYABLE = new Set(['40P01', '40001']);

const INSERT_QUARANTINE = `
  INSERT INTO quarantine (site_id, received_at, idx, event_id, errors, raw)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::jsonb[], $6::text[])`;

/** Quarantine rows trimmed between two vacuums of the table (see trimQuarantine). */
const QUARANTINE_VACUUM_ROWS = 1000;

// One statement: the site's rows past the retention or past the newest $3 go, and the count
// of them is added to the site's dropped tally.
const TRIM_QUARANTINE = `
  WITH gone AS (
    DELETE FROM quarantine WHERE site_id = $1 AND (received_at < $2
      OR seq <= (SELECT seq FROM quarantine WHERE site_id = $1 ORDER BY seq DESC OFFSET $3 LIMIT 1))
    RETURNING 1
  ), tally AS (
    INSERT INTO quarantine_dropped AS d (site_id, dropped) SELECT $1, count(*) FROM gone HAVING count(*) > 0
    ON CONFLICT (site_id) DO UPDATE SET dropped = d.dropped + EXCLUDED.dropped
  )
  SELECT count(*)::int AS n FROM gone`;

/**
 * A pool on the store's schema; journey workers open one of their own with this too. JIT is off:
 * the collector's queries are many small ones, and when the planner over-estimates one (on a
 * table not yet analysed after a bulk load, say) JIT compiles it first: 15–80 ms for a customer's
 * 60 rows that take 1 ms without, which made a full rebuild on PostgreSQL 11× slower than on SQLite.
 */
export function postgresPool({ connectionString, schema, max }: { connectionString: string; schema: string; max: number }): pg.Pool {
  return new pg.Pool({ connectionString, max, options: `-c search_path=${schema} -c jit=off`, application_name: 'waymark-collector' });
}

const key = (anonymousId: string, id: string) => `${anonymousId}\u0000${id.toLowerCase()}`;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  /** Where the store is, for worker threads that open a pool of their own (readerSource). */
  readonly connection: { connectionString: string; schema: string };
  private pending: PendingIngest[] = [];
  private trimmedSinceVacuum = 0;
  private vacuuming: Promise<void> | null = null;
  private flushing = 0;
  /** Flush slots: each writes its own data_versions row, so flushes never wait on each other. */
  private readonly freeSlots = Array.from({ length: MAX_FLUSHES }, (_, i) => i);
  private readonly writer = randomUUID();
  private readonly inflight = new Set<Promise<void>>();
  readonly journeys: JourneyReader;
  readonly deliveries: DeliveryStore;
  readonly states: JourneyStateStore;
  readonly segments: SegmentStore;
  readonly annotations: AnnotationStore;

  private constructor(pool: pg.Pool, connection: PostgresStore['connection']) {
    this.pool = pool;
    this.connection = connection;
    this.journeys = postgresJourneyReader(pool);
    this.deliveries = postgresDeliveries(pool);
    this.states = postgresStateStore(pool);
    this.segments = postgresSegments(pool);
    this.annotations = postgresAnnotations(pool);
  }

  /** Connects, applies pending migrations (safe when several collectors start at once), and returns the store. */
  static async open(opts: PostgresOptions): Promise<PostgresStore> {
    const schema = opts.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`PostgreSQL schema "${schema}" must be a plain lower-case identifier`);
    const pool = postgresPool({ connectionString: opts.connectionString, schema, max: opts.max ?? 10 });
    // An idle client that loses its server must not crash the collector; the next query reconnects.
    pool.on('error', (e) => console.error('PostgreSQL pool: idle connection failed:', e.message));
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end();
      throw new Error(`cannot connect to PostgreSQL at ${redact(opts.connectionString)}: ${(e as Error).message}; check DATABASE_URL and that the server is running`);
    }
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    return new PostgresStore(pool, { connectionString: opts.connectionString, schema });
  }

  /**
   * Group commit: requests arriving while earlier flushes run are written together in one
   * statement (one WAL flush), so throughput grows with load instead of round-trips.
   */
  ingest(events: StoredEvent[], quarantined: QuarantinedEvent[]): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, quarantined, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.pending.length && this.freeSlots.length) {
      const work = this.pending;
      const slot = this.freeSlots.pop()!;
      this.pending = [];
      this.flushing++;
      const done: Promise<void> = this.flush(work, `${this.writer}:${slot}`).finally(() => {
        this.flushing--;
        this.inflight.delete(done);
        this.freeSlots.push(slot);
        this.pump();
      });
      this.inflight.add(done);
    }
  }

  private async flush(work: PendingIngest[], writer: string) {
    try {
      const results = await this.write(work, writer);
      work.forEach((w, i) => w.resolve(results[i]));
    } catch (e) {
      if (work.length === 1) return work[0].reject(e);
      // One bad request must not fail the others it was grouped with: retry each alone.
      for (const w of work) await this.write([w], writer).then(([r]) => w.resolve(r), w.reject);
    }
  }

  private async write(work: PendingIngest[], writer: string, attempt = 1): Promise<IngestResult[]> {
    try {
      return await this.writeOnce(work, writer);
    } catch (e) {
      // Two collectors inserting the same events in different orders can deadlock; PostgreSQL
      // aborts one, and doing it again then finds the other's rows as duplicates.
      if (attempt < 4 && RETRYABLE.has((e as { code?: string }).code ?? '')) return this.write(work, writer, attempt + 1);
      throw e;
    }
  }

  private async writeOnce(work: PendingIngest[], writer: string): Promise<IngestResult[]> {
    // The first copy of an event in this group is the one that may be inserted; later copies
    // (in the same request or another) are duplicates whatever the database says.
    const first = new Map<string, StoredEvent>();
    for (const w of work) for (const e of w.events) if (!first.has(key(noNul(e.anonymousId), e.id))) first.set(key(noNul(e.anonymousId), e.id), e);
    const rows = [...first.values()];
    const quarantined = work.flatMap((w) => w.quarantined);
    if (!rows.length && !quarantined.length) return work.map(() => ({ duplicateIds: [] }));

    const client = await this.pool.connect();
    let inserted: { anonymous_id: string; id: string }[] = [];
    try {
      const tx = rows.length > 0 && quarantined.length > 0;
      if (tx) await client.query('BEGIN');
      try {
        if (rows.length) inserted = (await client.query({ name: 'waymark_insert_events', text: INSERT_EVENTS, values: [rowsJson(rows), writer] })).rows;
        if (quarantined.length) await client.query({ name: 'waymark_insert_quarantine', text: INSERT_QUARANTINE, values: quarantineColumns(quarantined) });
        if (tx) await client.query('COMMIT');
      } catch (e) {
        if (tx) await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    } finally {
      client.release();
    }
    const stored = new Set(inserted.map((r) => key(r.anonymous_id, r.id)));
    return work.map((w) => ({
      duplicateIds: w.events.filter((e) => {
        const k = key(noNul(e.anonymousId), e.id);
        // Accepted only for the very copy that was inserted (object identity marks it).
        if (first.get(k) === e && stored.has(k)) { stored.delete(k); return false; }
        return true;
      }).map((e) => e.id),
    }));
  }

  async *scanEvents(filter: EventFilter = {}): AsyncIterable<StoredEvent> {
    const { where, params } = filterSql(filter);
    const n = params.length;
    // Keyset pagination on (at, seq): each page is its own short query, no cursor held open.
    const text = `SELECT seq, at, ${EVENT_COLUMNS} FROM events WHERE ${[...where, `(at, seq) > ($${n + 1}, $${n + 2})`].join(' AND ')}
                  ORDER BY at, seq LIMIT ${SCAN_PAGE}`;
    let last = ['-9223372036854775808', '-1'];
    for (;;) {
      const { rows } = await this.pool.query<Row>({ text, values: [...params, ...last], rowMode: 'array' });
      for (const r of rows) yield rowToEvent(r);
      if (rows.length < SCAN_PAGE) return;
      const [seq, at] = rows[rows.length - 1];
      last = [at, seq];
    }
  }

  async eventsForIdentities(ids: IdentityQuery, filter: EventFilter = {}): Promise<StoredEvent[]> {
    return (await identityRows(this.pool, EVENT_COLUMNS, ids, filter)).map(rowToEvent);
  }

  /** About how many events there are: the planner's estimate, counted when there is none yet. */
  async eventCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'events'::regclass`);
    // -1: never vacuumed or analysed (PostgreSQL 14+; 0 before), so count.
    if (rows[0].n > 0) return rows[0].n;
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
  }

  /**
   * Split points come from a sample of about 2000 rows (TABLESAMPLE reads only the sampled
   * pages), not from walking the index; REPEATABLE keeps a plan stable while the data is.
   */
  async splitRanges(parts: number): Promise<AnonRange[]> {
    const percent = Math.min(100, (100 * 2000) / Math.max(1, await this.eventCount()));
    const { rows } = await this.pool.query<{ a: string }>(
      'SELECT anonymous_id AS a FROM events TABLESAMPLE SYSTEM ($1) REPEATABLE (0) ORDER BY anonymous_id', [percent],
    );
    return rangesFromSample(rows.map((r) => r.a), parts);
  }

  readerSource(): ReaderSource {
    return { kind: 'postgres', ...this.connection };
  }

  async refreshStatistics(): Promise<boolean> {
    const { rows } = await this.pool.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY($1)
         AND (coalesce(last_analyze, last_autoanalyze) IS NULL OR n_mod_since_analyze > 0.1 * greatest(n_live_tup, 1000))`,
      [PLANNED_TABLES],
    );
    if (!rows.length) return false;
    await this.pool.query(`ANALYZE ${rows.map((r) => r.relname).join(', ')}`);
    return true;
  }

  async eraseIdentities(erasure: ErasureRecord): Promise<{ deleted: number }> {
    // Events this collector accepted a moment ago are erased too: wait for the writes running
    // or queued now (an empty write queues behind them), not for a quiet moment that may never come.
    await Promise.allSettled([...this.inflight, this.ingest([], [])]);
    const { anonymousIds, userIds } = erasure.identities;
    const shared = erasure.sharedAnonymousIds ?? [];
    const events = erasure.events ?? [];
    const named = new Set([...anonymousIds, ...userIds, ...shared]);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // First, as a state commit takes it: no state built before this erasure lands after it.
      await client.query(LOCK_STATES);
      type Gone = { anonymous_id: string; user_id: string | null; previous_id: string; n: string };
      // Two statements, not one with OR: each keeps to its indexes (an OR with the pair list scans the table).
      const gone = [
        ...(await client.query<Gone>(ERASE_IDENTITIES, [anonymousIds, userIds])).rows,
        ...(await client.query<Gone>(ERASE_EVENTS, [events.map((e) => noNul(e.anonymousId)), events.map((e) => e.id)])).rows,
      ];
      const links = gone.filter((g) => g.user_id !== null);
      await client.query(ERASE_UNBACKED_LINKS, [links.map((l) => l.anonymous_id), links.map((l) => l.user_id), links.map((l) => l.previous_id)]);
      const { rows: candidates } = await client.query<{ site_id: string; seq: string; raw: string }>(
        'SELECT site_id, seq, raw FROM quarantine WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS n WHERE strpos(raw, n) > 0)',
        [quarantineNeedles(named)],
      );
      const quarantined = candidates.filter((q) => namesAnyId(q.raw, named));
      await client.query('DELETE FROM quarantine WHERE (site_id, seq) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))',
        [quarantined.map((q) => q.site_id), quarantined.map((q) => q.seq)]);
      const deleted = gone.reduce((n, g) => n + Number(g.n), 0);
      await client.query(
        'INSERT INTO erasures (at, customer_id, identities, requested_by, deleted) VALUES ($1, $2, $3, $4, $5)',
        [Date.now(), erasure.customerId, JSON.stringify(shared.length ? { ...erasure.identities, sharedAnonymousIds: shared } : erasure.identities), erasure.requestedBy, deleted],
      );
      await removeStates(client, [erasure.customerId], anonymousIds);
      await client.query(BUMP_VERSION, [`${this.writer}:erase`]);
      await client.query('COMMIT');
      return { deleted };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async dataVersion(): Promise<string> {
    const { rows } = await this.pool.query<{ v: string }>(
      `SELECT (SELECT coalesce(sum(version), 0) FROM data_versions)::text || '.' || (SELECT coalesce(max(seq), 0) FROM erasures)::text AS v`,
    );
    return rows[0].v;
  }

  async listQuarantine(opts: { siteId?: string; limit?: number; before?: number } = {}) {
    // 1001: a caller pages by asking one row more than it shows.
    const params: unknown[] = [Math.min(opts.limit ?? 100, 1001)];
    const where: string[] = [];
    if (opts.siteId !== undefined) { params.push(opts.siteId); where.push(`site_id = $${params.length}`); }
    if (opts.before !== undefined) { params.push(opts.before); where.push(`seq < $${params.length}`); }
    const { rows } = await this.pool.query(
      `SELECT * FROM quarantine ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $1`, params,
    );
    return rows.map((r) => ({
      seq: Number(r.seq), siteId: r.site_id, receivedAt: Number(r.received_at), index: r.idx, eventId: r.event_id,
      errors: r.errors, raw: r.raw,
    }));
  }

  async trimQuarantine(siteId: string, keep: { rows: number; since: number }): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(TRIM_QUARANTINE, [siteId, keep.since, keep.rows]);
    // Trimmed rows stay in the table as dead tuples until a vacuum. On a server with autovacuum
    // off (or behind) a junk flood grew the table with every batch let through, whatever the row
    // cap; so after enough trimmed rows the collector vacuums it itself, in the background (a
    // plain VACUUM: inserts go on meanwhile, and the space is reused).
    this.trimmedSinceVacuum += rows[0].n;
    if (this.trimmedSinceVacuum >= QUARANTINE_VACUUM_ROWS && !this.vacuuming) {
      this.trimmedSinceVacuum = 0;
      this.vacuuming = this.pool.query('VACUUM quarantine').then(() => {}, () => {}).finally(() => { this.vacuuming = null; });
    }
    return rows[0].n;
  }

  async quarantineDropped(siteId?: string): Promise<number> {
    const { rows } = siteId !== undefined
      ? await this.pool.query<{ n: string }>('SELECT coalesce(sum(dropped), 0) AS n FROM quarantine_dropped WHERE site_id = $1', [siteId])
      : await this.pool.query<{ n: string }>('SELECT coalesce(sum(dropped), 0) AS n FROM quarantine_dropped');
    return Number(rows[0].n);
  }

  async addMapNote(note: NewMapNote): Promise<MapNote> {
    const createdAt = Date.now();
    const { rows } = await this.pool.query<{ id: string }>(
      'INSERT INTO map_notes (stage, row_key, text, owner, status, pain_point, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [note.stage, note.row, note.text, note.owner ?? null, note.status ?? 'open', note.painPoint ?? null, createdAt],
    );
    return { id: Number(rows[0].id), ...note, owner: note.owner ?? null, status: note.status ?? 'open', painPoint: note.painPoint ?? null, createdAt };
  }

  async listMapNotes(): Promise<MapNote[]> {
    const { rows } = await this.pool.query('SELECT * FROM map_notes ORDER BY id');
    return rows.map((r) => ({ id: Number(r.id), stage: r.stage, row: r.row_key, text: r.text, owner: r.owner, status: r.status, painPoint: r.pain_point, createdAt: Number(r.created_at) }));
  }

  async deleteMapNote(id: number): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    return ((await this.pool.query('DELETE FROM map_notes WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async setMapNoteStatus(id: number, status: MapNoteStatus): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    return ((await this.pool.query('UPDATE map_notes SET status = $1 WHERE id = $2', [status, id])).rowCount ?? 0) > 0;
  }

  async savePredictionModel(m: Omit<SavedPredictionModel, 'version'>): Promise<SavedPredictionModel> {
    const { rows } = await this.pool.query<{ version: string }>(
      'INSERT INTO prediction_models (kind, trained_at, model, evaluation) VALUES ($1, $2, $3, $4) RETURNING version',
      [m.kind, m.trainedAt, JSON.stringify(m.model), m.evaluation == null ? null : JSON.stringify(m.evaluation)],
    );
    return { version: Number(rows[0].version), kind: m.kind, trainedAt: m.trainedAt, model: m.model, evaluation: m.evaluation ?? null };
  }

  async predictionModels(kind: string, limit = 1): Promise<SavedPredictionModel[]> {
    const { rows } = await this.pool.query('SELECT * FROM prediction_models WHERE kind = $1 ORDER BY version DESC LIMIT $2', [kind, limit]);
    return rows.map((r) => ({ version: Number(r.version), kind: r.kind, trainedAt: Number(r.trained_at), model: r.model, evaluation: r.evaluation }));
  }

  async eventsPerDay(filter: EventFilter = {}): Promise<{ day: string; count: number }[]> {
    const { where, params } = filterSql(filter);
    const { rows } = await this.pool.query<{ d: string; n: string }>(
      `SELECT at / 86400000 AS d, count(*) AS n FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY d ORDER BY d`,
      params,
    );
    return rows.map((r) => ({ day: new Date(Number(r.d) * 86400000).toISOString().slice(0, 10), count: Number(r.n) }));
  }

  async close() {
    while (this.pending.length || this.flushing) await new Promise((r) => setTimeout(r, 5));
    await this.vacuuming;
    if (!this.pool.ended) await this.pool.end();
  }
}

function rowsJson(rows: StoredEvent[]) {
  return `[${rows.map((e) => {
    const columns = JSON.stringify({
      a: noNul(e.anonymousId), i: e.id, s: noNul(e.siteId), t: e.type, n: noNul(e.name), u: noNul(e.userId), se: noNul(e.sessionId),
      at: e.at, r: e.receivedAt, ip: noNul(e.ip ?? null), f: e.flags?.length ? e.flags.map(noNul) : null,
    });
    const body = e.json && !e.json.includes('\\u0000') ? e.json : eventJson(e.event);
    return `${columns.slice(0, -1)},"b":${body}}`;
  }).join(',')}]`;
}

function quarantineColumns(qs: QuarantinedEvent[]) {
  return [
    qs.map((q) => q.siteId),
    qs.map((q) => q.receivedAt),
    qs.map((q) => q.index),
    qs.map((q) => noNul(q.eventId)),
    qs.map((q) => JSON.stringify(q.errors.map(noNul))),
    // PostgreSQL text cannot hold NUL; the raw JSON is for a person to read, so escape it.
    qs.map((q) => q.raw.replace(/\u0000/g, '\\u0000')),
  ];
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, which the wire format does not forbid; it
 * becomes U+FFFD here (SQLite keeps it), rather than failing the request on every retry.
 */
function noNul<T extends string | null | undefined>(v: T): T {
  return (typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '\uFFFD') : v) as T;
}

/** The event body as JSON without U+0000 (see noNul). */
function eventJson(event: unknown) {
  const json = JSON.stringify(event);
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(event, (_k, v) => {
    if (typeof v === 'string') return noNul(v);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.includes('\u0000'))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [noNul(k), x]));
    }
    return v;
  });
}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
