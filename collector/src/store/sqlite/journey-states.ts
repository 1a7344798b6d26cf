// Journey states in SQLite (store.ts JourneyStateStore). One writer at a time is SQLite's own
// rule, so a claim or a commit is simply an IMMEDIATE transaction.
import type Database from 'better-sqlite3';
import type { DirtyClaim, JourneyStateStore, StateCommit } from '../store.js';
import { deliveryInserter } from './deliveries.js';
import { compareIds } from '../id-ranges.js';

/** The write count of a data version (`<writes>.<erasures>`). */
export const builtFrom = (dataVersion: string) => Number(dataVersion.split('.')[0]);
const erasuresOf = (dataVersion: string) => Number(dataVersion.split('.')[1] ?? 0);

const nextSeq = (db: Database.Database): number =>
  Number((db.prepare(`UPDATE journey_state_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'seq' RETURNING value`).get() as { value: string }).value);

/**
 * Removes states, recording each removal for readers; inside the caller's transaction. By
 * customer id and by the anonymous ids they cover (an erasure names both).
 */
export function removeStates(db: Database.Database, customerIds: string[], anonymousIds: string[] = []): number {
  const ids = (db.prepare(
    `SELECT id FROM journey_states WHERE customer_id IN (SELECT value FROM json_each(?))
     UNION SELECT state_id FROM journey_state_ids WHERE anonymous_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(customerIds), JSON.stringify(anonymousIds)) as { id: number }[]).map((r) => r.id);
  if (!ids.length) return 0;
  const seq = nextSeq(db);
  const list = JSON.stringify(ids);
  db.prepare('DELETE FROM journey_states WHERE id IN (SELECT value FROM json_each(?))').run(list);
  db.prepare('DELETE FROM journey_state_ids WHERE state_id IN (SELECT value FROM json_each(?))').run(list);
  db.prepare('INSERT INTO journey_state_removals (seq, state_id) SELECT ?, value FROM json_each(?)').run(seq, list);
  return ids.length;
}

/**
 * Runs a write of this connection when no other write of this process holds the database
 * (sqlite-store.ts betweenWrites): never a wait inside SQLite's busy handler, which would hold
 * the whole event loop, and no losing the lock, turn after turn, to ingest's writer thread.
 */
export type WriteGate = <T>(write: () => T) => Promise<T>;

export function sqliteStateStore(db: Database.Database, gate: WriteGate = async (w) => w()): JourneyStateStore {
  // Statement by statement, prepared once: a full rebuild releases and writes thousands of ids a
  // second, and building and parsing JSON lists for them cost more than the statements.
  const clean = db.prepare('DELETE FROM journey_state_dirty WHERE anonymous_id = ? AND mark = ?');
  const unclaim = db.prepare('UPDATE journey_state_dirty SET claimed_by = NULL, claim_until = NULL WHERE anonymous_id = ?');
  /** Each claimed id is clean again unless it was marked meanwhile: then it stays, unclaimed. */
  const release = (claims: DirtyClaim[]) => {
    for (const c of claims) if (!clean.run(c.anonymousId, Number(c.mark)).changes) unclaim.run(c.anonymousId);
  };

  const enqueue = deliveryInserter(db);
  const upsert = db.prepare(
    `INSERT INTO journey_states (customer_id, state, data_version, built, seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET state = excluded.state, data_version = excluded.data_version, built = excluded.built, seq = excluded.seq
     WHERE journey_states.built <= excluded.built
     RETURNING id`,
  );
  const dropIds = db.prepare('DELETE FROM journey_state_ids WHERE state_id = ?');
  const addId = db.prepare('INSERT OR IGNORE INTO journey_state_ids (anonymous_id, state_id) VALUES (?, ?)');
  const commit = db.transaction((c: StateCommit): boolean => {
    const erasures = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM erasures').get() as { n: number }).n;
    if (erasures !== erasuresOf(c.dataVersion)) {
      // Built from events read before an erasure: it may hold what was erased. Try again.
      db.prepare(`UPDATE journey_state_dirty SET claimed_by = NULL, claim_until = NULL WHERE anonymous_id IN (SELECT value FROM json_each(?))`)
        .run(JSON.stringify(c.done.map((d) => d.anonymousId)));
      return false;
    }
    const built = builtFrom(c.dataVersion);
    const written = new Set(c.write.map((w) => w.customerId));
    const gone = c.remove.filter((id) => !written.has(id));
    const seq = nextSeq(db);
    if (gone.length) {
      const ids = (db.prepare('SELECT id FROM journey_states WHERE customer_id IN (SELECT value FROM json_each(?)) AND built <= ?')
        .all(JSON.stringify(gone), built) as { id: number }[]).map((r) => r.id);
      const list = JSON.stringify(ids);
      db.prepare('DELETE FROM journey_states WHERE id IN (SELECT value FROM json_each(?))').run(list);
      db.prepare('DELETE FROM journey_state_ids WHERE state_id IN (SELECT value FROM json_each(?))').run(list);
      db.prepare('INSERT INTO journey_state_removals (seq, state_id) SELECT ?, value FROM json_each(?)').run(seq, list);
    }
    for (const w of c.write) {
      const row = upsert.get(w.customerId, w.state, c.dataVersion, built, seq) as { id: number } | undefined;
      if (!row) continue; // a newer build is already there
      dropIds.run(row.id);
      for (const a of w.anonymousIds) addId.run(a, row.id);
    }
    if (c.deliveries?.list.length) enqueue(c.deliveries.list, c.deliveries.now);
    release(c.done);
    return true;
  });

  return {
    async claim(owner, limit, leaseMs, after) {
      const rows = await gate(() => {
        const now = Date.now();
        // By key after `after`: in the order of `since` each page walked past every id claimed
        // before it (a full rebuild's 61 pages of 10,000 took 11 s at 10M events).
        const which = after === undefined
          ? 'SELECT anonymous_id FROM journey_state_dirty WHERE claim_until IS NULL OR claim_until < @now ORDER BY since LIMIT @limit'
          : 'SELECT anonymous_id FROM journey_state_dirty WHERE anonymous_id > @after AND (claim_until IS NULL OR claim_until < @now) ORDER BY anonymous_id LIMIT @limit';
        return db.transaction(() => db.prepare(
          `UPDATE journey_state_dirty SET claimed_by = @owner, claim_until = @until WHERE anonymous_id IN (${which}) RETURNING anonymous_id, mark`,
        ).all({ owner, until: now + leaseMs, now, limit, ...(after === undefined ? {} : { after }) }) as { anonymous_id: string; mark: number }[]).immediate();
      });
      const claims = rows.map((r) => ({ anonymousId: r.anonymous_id, mark: String(r.mark) }));
      return after === undefined ? claims : claims.sort((a, b) => compareIds(a.anonymousId, b.anonymousId));
    },

    async unclaim(claims) {
      await gate(() => db.prepare(`UPDATE journey_state_dirty SET claimed_by = NULL, claim_until = NULL WHERE anonymous_id IN (SELECT value FROM json_each(?))`)
        .run(JSON.stringify(claims.map((c) => c.anonymousId))));
    },

    async covering(anonymousIds) {
      const rows = db.prepare(
        `SELECT s.customer_id AS c, json_group_array(i2.anonymous_id) AS a FROM journey_states s
         JOIN journey_state_ids i2 ON i2.state_id = s.id
         WHERE s.id IN (SELECT state_id FROM journey_state_ids WHERE anonymous_id IN (SELECT value FROM json_each(?)))
         GROUP BY s.id`,
      ).all(JSON.stringify(anonymousIds)) as { c: string; a: string }[];
      return rows.map((r) => ({ customerId: r.c, anonymousIds: JSON.parse(r.a) }));
    },

    commit: (c) => gate(() => commit.immediate(c)),

    async seq() {
      return Number((db.prepare(`SELECT value FROM journey_state_meta WHERE key = 'seq'`).get() as { value: string }).value);
    },

    async changed(after, upTo, limit) {
      return db.prepare(
        `SELECT seq, id, state FROM journey_states WHERE (seq, id) > (?, ?) AND seq <= ? ORDER BY seq, id LIMIT ?`,
      ).all(after.seq, after.id, upTo, limit) as { seq: number; id: number; state: string }[];
    },

    async removed(after, upTo) {
      return (db.prepare('SELECT state_id FROM journey_state_removals WHERE seq > ? AND seq <= ?').all(after, upTo) as { state_id: number }[]).map((r) => r.state_id);
    },

    async stateOf(id) {
      const r = db.prepare(
        `SELECT customer_id, state, data_version, seq FROM journey_states
         WHERE customer_id = @id OR id IN (SELECT state_id FROM journey_state_ids WHERE anonymous_id = @id)
         ORDER BY customer_id = @id DESC LIMIT 1`,
      ).get({ id }) as { customer_id: string; state: string; data_version: string; seq: number } | undefined;
      return r ? { customerId: r.customer_id, state: r.state, dataVersion: r.data_version, seq: r.seq } : null;
    },

    async backlog() {
      return (db.prepare('SELECT count(*) AS n FROM journey_state_dirty').get() as { n: number }).n;
    },

    async dirty(anonymousIds) {
      return !!db.prepare('SELECT 1 FROM journey_state_dirty WHERE anonymous_id IN (SELECT value FROM json_each(?)) LIMIT 1').get(JSON.stringify(anonymousIds));
    },

    markAll() {
      return gate(() => db.transaction(() => db.prepare(
        `INSERT INTO journey_state_dirty (anonymous_id, mark) SELECT anonymous_id, -(abs(random()) % 4503599627370496) FROM (SELECT DISTINCT anonymous_id FROM events) WHERE true
         ON CONFLICT (anonymous_id) DO UPDATE SET mark = excluded.mark`,
      ).run().changes).immediate());
    },

    async getMeta(key) {
      return (db.prepare('SELECT value FROM journey_state_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
    },

    async setMeta(key, value) {
      await gate(() => db.prepare('INSERT INTO journey_state_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value));
    },
  };
}
