// Journey states in PostgreSQL (store.ts JourneyStateStore), shared by every collector on the
// database. Claims skip rows another worker holds (FOR UPDATE SKIP LOCKED) and expire with their
// lease. State commits and erasures both lock the 'seq' row of journey_state_meta first: they
// happen one at a time, in seq order, so a reader that has seen seq n has seen every change up
// to n, and a state built before an erasure is refused after it.
import type pg from 'pg';
import type { DirtyClaim, JourneyStateStore, StateCommit } from '../store.js';
import { insertDeliveries } from './deliveries.js';
import { compareIds } from '../id-ranges.js';

const builtFrom = (dataVersion: string) => Number(dataVersion.split('.')[0]);
const erasuresOf = (dataVersion: string) => Number(dataVersion.split('.')[1] ?? 0);
const RETRYABLE = new Set(['40P01', '40001']);

/** Takes the state lock; call first in a transaction that changes states or erases. */
export const LOCK_STATES = `SELECT value FROM journey_state_meta WHERE key = 'seq' FOR UPDATE`;
const NEXT_SEQ = `UPDATE journey_state_meta SET value = (value::bigint + 1)::text WHERE key = 'seq' RETURNING value::bigint AS seq`;

/** Removes states by customer id and by the anonymous ids they cover, recording the removals; inside a transaction holding LOCK_STATES. */
export async function removeStates(client: pg.PoolClient, customerIds: string[], anonymousIds: string[] = [], maxBuilt = Number.MAX_SAFE_INTEGER): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM journey_states WHERE (customer_id = ANY($1::text[])
       OR id IN (SELECT state_id FROM journey_state_ids WHERE anonymous_id = ANY($2::text[]))) AND built <= $3`,
    [customerIds, anonymousIds, maxBuilt],
  );
  if (!rows.length) return 0;
  const ids = rows.map((r) => r.id);
  const { rows: [{ seq }] } = await client.query<{ seq: string }>(NEXT_SEQ);
  await client.query('DELETE FROM journey_states WHERE id = ANY($1::bigint[])', [ids]);
  await client.query('DELETE FROM journey_state_ids WHERE state_id = ANY($1::bigint[])', [ids]);
  await client.query('INSERT INTO journey_state_removals (seq, state_id) SELECT $1, unnest($2::bigint[])', [seq, ids]);
  return ids.length;
}

async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>, attempt = 1): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    if (attempt < 5 && RETRYABLE.has((e as { code?: string }).code ?? '')) return inTransaction(pool, work, attempt + 1);
    throw e;
  } finally {
    client.release();
  }
}

const unclaim = (c: pg.PoolClient | pg.Pool, ids: string[]) =>
  c.query('UPDATE journey_state_dirty SET claimed_by = NULL, claim_until = NULL WHERE anonymous_id = ANY($1::text[])', [ids]);

export function postgresStateStore(pool: pg.Pool): JourneyStateStore {
  async function commit(client: pg.PoolClient, commit: StateCommit): Promise<boolean> {
    // One row per customer (the last given), as SQLite's one-by-one upserts leave it: one INSERT cannot touch a row twice.
    const c = { ...commit, write: [...new Map(commit.write.map((w) => [w.customerId, w])).values()] };
    await client.query(LOCK_STATES);
    const { rows: [{ n }] } = await client.query<{ n: string }>('SELECT coalesce(max(seq), 0) AS n FROM erasures');
    const done = [...c.done].sort((a, b) => (a.anonymousId < b.anonymousId ? -1 : 1));
    if (Number(n) !== erasuresOf(c.dataVersion)) {
      await unclaim(client, done.map((d) => d.anonymousId));
      return false;
    }
    const built = builtFrom(c.dataVersion);
    const written = new Set(c.write.map((w) => w.customerId));
    await removeStates(client, c.remove.filter((id) => !written.has(id)), [], built);
    if (c.write.length) {
      const { rows: [{ seq }] } = await client.query<{ seq: string }>(NEXT_SEQ);
      const { rows } = await client.query<{ id: string; customer_id: string }>(
        `INSERT INTO journey_states (customer_id, state, data_version, built, seq)
         SELECT c, s, $3, $4, $5 FROM unnest($1::text[], $2::text[]) AS x(c, s) ORDER BY c
         ON CONFLICT (customer_id) DO UPDATE SET state = excluded.state, data_version = excluded.data_version, built = excluded.built, seq = excluded.seq
         WHERE journey_states.built <= excluded.built
         RETURNING id, customer_id`,
        [c.write.map((w) => w.customerId), c.write.map((w) => w.state), c.dataVersion, built, seq],
      );
      const byCustomer = new Map(c.write.map((w) => [w.customerId, w]));
      const ids = rows.map((r) => r.id);
      await client.query('DELETE FROM journey_state_ids WHERE state_id = ANY($1::bigint[])', [ids]);
      const pairs = rows.flatMap((r) => byCustomer.get(r.customer_id)!.anonymousIds.map((a) => [a, r.id] as const));
      await client.query(
        'INSERT INTO journey_state_ids (anonymous_id, state_id) SELECT DISTINCT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING',
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
    }
    if (c.deliveries?.list.length) await insertDeliveries(client, c.deliveries.list, c.deliveries.now);
    // In id order, as ingest's marks lock them.
    await client.query('SELECT 1 FROM journey_state_dirty WHERE anonymous_id = ANY($1::text[]) ORDER BY anonymous_id FOR UPDATE', [done.map((d) => d.anonymousId)]);
    await client.query('DELETE FROM journey_state_dirty WHERE (anonymous_id, mark) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))',
      [done.map((d) => d.anonymousId), done.map((d) => d.mark)]);
    await unclaim(client, done.map((d) => d.anonymousId));
    return true;
  }

  return {
    async claim(owner, limit, leaseMs, after) {
      const now = Date.now();
      // By key after `after` (byte order: the column is COLLATE "C"), as a full rebuild pages.
      const which = after === undefined ? 'ORDER BY since' : 'AND anonymous_id > $5 ORDER BY anonymous_id';
      const { rows } = await pool.query<{ anonymous_id: string; mark: string }>(
        `UPDATE journey_state_dirty d SET claimed_by = $1, claim_until = $2
         FROM (SELECT anonymous_id FROM journey_state_dirty WHERE (claim_until IS NULL OR claim_until < $3)
               ${which} LIMIT $4 FOR UPDATE SKIP LOCKED) c
         WHERE d.anonymous_id = c.anonymous_id
         RETURNING d.anonymous_id, d.mark`,
        after === undefined ? [owner, now + leaseMs, now, limit] : [owner, now + leaseMs, now, limit, after],
      );
      const claims = rows.map((r) => ({ anonymousId: r.anonymous_id, mark: String(r.mark) }));
      return after === undefined ? claims : claims.sort((a, b) => compareIds(a.anonymousId, b.anonymousId));
    },

    async unclaim(claims) {
      await unclaim(pool, claims.map((c) => c.anonymousId));
    },

    async covering(anonymousIds) {
      const { rows } = await pool.query<{ c: string; a: string[] }>(
        `SELECT s.customer_id AS c, array_agg(i2.anonymous_id) AS a FROM journey_states s
         JOIN journey_state_ids i2 ON i2.state_id = s.id
         WHERE s.id IN (SELECT state_id FROM journey_state_ids WHERE anonymous_id = ANY($1::text[]))
         GROUP BY s.id`,
        [anonymousIds],
      );
      return rows.map((r) => ({ customerId: r.c, anonymousIds: r.a }));
    },

    commit: (c) => inTransaction(pool, (client) => commit(client, c)),

    async seq() {
      return Number((await pool.query<{ value: string }>(`SELECT value FROM journey_state_meta WHERE key = 'seq'`)).rows[0].value);
    },

    async changed(after, upTo, limit) {
      const { rows } = await pool.query<{ seq: string; id: string; state: string }>(
        'SELECT seq, id, state FROM journey_states WHERE (seq, id) > ($1, $2) AND seq <= $3 ORDER BY seq, id LIMIT $4',
        [after.seq, after.id, upTo, limit],
      );
      return rows.map((r) => ({ seq: Number(r.seq), id: Number(r.id), state: r.state }));
    },

    async removed(after, upTo) {
      const { rows } = await pool.query<{ state_id: string }>('SELECT state_id FROM journey_state_removals WHERE seq > $1 AND seq <= $2', [after, upTo]);
      return rows.map((r) => Number(r.state_id));
    },

    async stateOf(id) {
      const { rows } = await pool.query<{ customer_id: string; state: string; data_version: string; seq: string }>(
        `SELECT customer_id, state, data_version, seq FROM journey_states
         WHERE customer_id = $1 OR id IN (SELECT state_id FROM journey_state_ids WHERE anonymous_id = $1)
         ORDER BY customer_id = $1 DESC LIMIT 1`,
        [id],
      );
      const r = rows[0];
      return r ? { customerId: r.customer_id, state: r.state, dataVersion: r.data_version, seq: Number(r.seq) } : null;
    },

    async backlog() {
      return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM journey_state_dirty')).rows[0].n);
    },

    async dirty(anonymousIds) {
      return (await pool.query('SELECT 1 FROM journey_state_dirty WHERE anonymous_id = ANY($1::text[]) LIMIT 1', [anonymousIds])).rowCount! > 0;
    },

    async markAll() {
      const { rowCount } = await pool.query(
        `INSERT INTO journey_state_dirty (anonymous_id, mark)
         SELECT anonymous_id, nextval('journey_state_marks') FROM (SELECT DISTINCT anonymous_id FROM events ORDER BY 1) d
         ON CONFLICT (anonymous_id) DO UPDATE SET mark = excluded.mark`,
      );
      return rowCount ?? 0;
    },

    async getMeta(key) {
      return (await pool.query<{ value: string }>('SELECT value FROM journey_state_meta WHERE key = $1', [key])).rows[0]?.value ?? null;
    },

    async setMeta(key, value) {
      await pool.query('INSERT INTO journey_state_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
  };
}
