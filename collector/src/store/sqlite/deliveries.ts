// The actions outbox on SQLite (store.ts DeliveryStore). Every statement is one transaction, so
// two collectors on one file never claim the same delivery.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Delivery, DeliveryOutcome, DeliveryStatus, DeliveryStore, NewDelivery } from '../store.js';
import type { WriteGate } from './journey-states.js';

export function deliveryOf(r: any): Delivery {
  return {
    id: r.id, actionId: r.action_id, key: r.moment, customerId: r.customer_id, payload: r.payload,
    status: r.status, attempts: Number(r.attempts), createdAt: Number(r.created_at), nextAt: Number(r.next_at),
    firstAttemptAt: r.first_attempt_at === null ? null : Number(r.first_attempt_at),
    lastStatus: r.last_status === null ? null : Number(r.last_status), lastError: r.last_error,
    latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  };
}

/** A webhook-id: `msg_` and 32 hex digits, safe in a header and in a URL. */
export const newDeliveryId = () => `msg_${randomUUID().replaceAll('-', '')}`;

/** Stores the deliveries whose (action, key) is new, due at `now`; in a transaction of its own, or the caller's. */
export function deliveryInserter(db: Database.Database): (list: NewDelivery[], now: number) => number {
  const insert = db.prepare(`INSERT INTO action_deliveries (id, action_id, moment, customer_id, payload, status, created_at, next_at)
    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (action_id, moment) DO NOTHING`);
  return db.transaction((list: NewDelivery[], now: number) => {
    let added = 0;
    for (const d of list) added += insert.run(newDeliveryId(), d.actionId, d.key, d.customerId, d.payload, now, now).changes;
    return added;
  });
}

export function sqliteDeliveries(db: Database.Database, gate: WriteGate = async (w) => w()): DeliveryStore {
  const enqueue = deliveryInserter(db);
  const claim = db.prepare(`UPDATE action_deliveries SET lease_until = ?
    WHERE id IN (SELECT id FROM action_deliveries WHERE action_id = ? AND status = 'pending' AND next_at <= ? AND lease_until <= ?
                 ORDER BY next_at LIMIT ?)
    RETURNING *`);
  const finish = db.prepare(`UPDATE action_deliveries SET status = @status, attempts = attempts + 1, lease_until = 0,
      next_at = coalesce(@nextAt, next_at), first_attempt_at = coalesce(first_attempt_at, @at),
      last_status = @lastStatus, last_error = @lastError, latency_ms = coalesce(@latencyMs, latency_ms),
      delivered_at = CASE WHEN @status = 'delivered' THEN @at ELSE delivered_at END
    WHERE id = @id`);
  return {
    async enqueue(list, now) { return list.length ? gate(() => enqueue(list, now)) : 0; },
    async claim(actionId, limit, now, leaseMs) {
      if (limit <= 0) return [];
      return (await gate(() => claim.all(now + leaseMs, actionId, now, now, limit) as any[])).map(deliveryOf).sort((a, b) => a.nextAt - b.nextAt);
    },
    async finish(id, o: DeliveryOutcome) {
      await gate(() => finish.run({ id, status: o.status, nextAt: o.nextAt ?? null, at: o.at, lastStatus: o.lastStatus, lastError: o.lastError, latencyMs: o.latencyMs ?? null }));
    },
    async list({ actionId, status, limit }) {
      const where: string[] = [], params: unknown[] = [];
      if (actionId !== undefined) { where.push('action_id = ?'); params.push(actionId); }
      if (status !== undefined) { where.push('status = ?'); params.push(status); }
      const sql = `SELECT * FROM action_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`;
      return (db.prepare(sql).all(...params, limit) as any[]).map(deliveryOf);
    },
    async get(id) {
      const r = db.prepare('SELECT * FROM action_deliveries WHERE id = ?').get(id);
      return r ? deliveryOf(r) : null;
    },
    async resend(id, now) {
      return gate(() => db.prepare(`UPDATE action_deliveries SET status = 'pending', attempts = 0, first_attempt_at = NULL, next_at = ?, lease_until = 0 WHERE id = ?`)
        .run(now, id).changes > 0);
    },
    async counts() {
      return (db.prepare('SELECT action_id, status, count(*) AS n FROM action_deliveries GROUP BY action_id, status ORDER BY action_id, status').all() as any[])
        .map((r) => ({ actionId: r.action_id, status: r.status as DeliveryStatus, count: Number(r.n) }));
    },
    async forget(customerIds) {
      if (!customerIds.length) return 0;
      return gate(() => db.prepare(`DELETE FROM action_deliveries WHERE customer_id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(customerIds)).changes);
    },
  };
}
