// The actions outbox on PostgreSQL (store.ts DeliveryStore): claims take due rows with
// FOR UPDATE SKIP LOCKED, so collectors sharing the database never take the same delivery.
import type pg from 'pg';
import { deliveryOf, newDeliveryId } from '../sqlite/deliveries.js';
import type { DeliveryStatus, DeliveryStore, NewDelivery } from '../store.js';

/** Stores the deliveries whose (action, key) is new, due at `now`: on the pool, or in the caller's transaction. */
export async function insertDeliveries(db: pg.Pool | pg.PoolClient, list: NewDelivery[], now: number): Promise<number> {
  if (!list.length) return 0;
  // In key order, so two collectors storing the same moments lock them in the same order.
  list = [...list].sort((a, b) => (a.actionId < b.actionId ? -1 : a.actionId > b.actionId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const r = await db.query(
    `INSERT INTO action_deliveries (id, action_id, moment, customer_id, payload, status, created_at, next_at)
     SELECT d.*, 'pending', $6::bigint, $6::bigint
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS d(id, action_id, moment, customer_id, payload)
     ON CONFLICT (action_id, moment) DO NOTHING`,
    [list.map(() => newDeliveryId()), list.map((d) => d.actionId), list.map((d) => d.key), list.map((d) => d.customerId), list.map((d) => d.payload), now],
  );
  return r.rowCount ?? 0;
}

export function postgresDeliveries(pool: pg.Pool): DeliveryStore {
  return {
    enqueue: (list, now) => insertDeliveries(pool, list, now),
    async claim(actionId, limit, now, leaseMs) {
      if (limit <= 0) return [];
      const { rows } = await pool.query(
        `UPDATE action_deliveries SET lease_until = $1
         WHERE id IN (SELECT id FROM action_deliveries WHERE action_id = $2 AND status = 'pending' AND next_at <= $3 AND lease_until <= $3
                      ORDER BY next_at LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now + leaseMs, actionId, now, limit],
      );
      return rows.map(deliveryOf).sort((a, b) => a.nextAt - b.nextAt);
    },
    async finish(id, o) {
      await pool.query(
        `UPDATE action_deliveries SET status = $2, attempts = attempts + 1, lease_until = 0,
           next_at = coalesce($3, next_at), first_attempt_at = coalesce(first_attempt_at, $4),
           last_status = $5, last_error = $6, latency_ms = coalesce($7, latency_ms),
           delivered_at = CASE WHEN $2 = 'delivered' THEN $4 ELSE delivered_at END
         WHERE id = $1`,
        [id, o.status, o.nextAt ?? null, o.at, o.lastStatus, o.lastError, o.latencyMs ?? null],
      );
    },
    async list({ actionId, status, limit }) {
      const { rows } = await pool.query(
        `SELECT * FROM action_deliveries WHERE ($1::text IS NULL OR action_id = $1) AND ($2::text IS NULL OR status = $2)
         ORDER BY created_at DESC, id LIMIT $3`,
        [actionId ?? null, status ?? null, limit],
      );
      return rows.map(deliveryOf);
    },
    async get(id) {
      const { rows } = await pool.query('SELECT * FROM action_deliveries WHERE id = $1', [id]);
      return rows[0] ? deliveryOf(rows[0]) : null;
    },
    async resend(id, now) {
      const r = await pool.query(`UPDATE action_deliveries SET status = 'pending', attempts = 0, first_attempt_at = NULL, next_at = $1, lease_until = 0 WHERE id = $2`, [now, id]);
      return (r.rowCount ?? 0) > 0;
    },
    async counts() {
      const { rows } = await pool.query('SELECT action_id, status, count(*) AS n FROM action_deliveries GROUP BY action_id, status ORDER BY action_id, status');
      return rows.map((r) => ({ actionId: r.action_id, status: r.status as DeliveryStatus, count: Number(r.n) }));
    },
    async forget(customerIds) {
      if (!customerIds.length) return 0;
      return (await pool.query('DELETE FROM action_deliveries WHERE customer_id = ANY($1::text[])', [customerIds])).rowCount ?? 0;
    },
  };
}
