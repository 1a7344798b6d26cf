// The shared rate limiter against a real PostgreSQL: two collectors (two pools) draw on one
// budget per write key, so together they allow the configured rate, not twice it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresRateLimiter } from '../../collector/src/store/postgres/rate-limit.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from './postgres-db.js';

const server = await postgresForTests();
if ('skip' in server) console.warn(`\n${server.skip}\n`);

describe.skipIf('skip' in server)('shared rate limit on PostgreSQL', () => {
  let db: TestDatabase;
  const stores: PostgresStore[] = [];
  const collector = async () => {
    const s = await PostgresStore.open({ connectionString: db.url, max: 4 });
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await createTestDatabase((server as { url: string }).url);
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db?.drop();
  });

  it('lets two collectors together spend one budget per window, then answers with the wait', async () => {
    const [a, b] = [await collector(), await collector()];
    // 10 events/s × 10 s window = 100 events per window, claimed in slices of 5.
    const limits = [a, b].map((s) => postgresRateLimiter(s.pool, { perSecond: 10 }));
    const now = Date.UTC(2026, 0, 1, 12, 0, 3); // 3 s into a window
    const key = `wk_${randomBytes(4).toString('hex')}`;
    const waits = await Promise.all(Array.from({ length: 80 }, (_, i) => limits[i % 2].take(key, 3, now)));
    const allowed = waits.filter((w) => w === 0).length * 3;
    // Never more than the budget; at most one unspent slice per collector is left over.
    expect(allowed).toBeLessThanOrEqual(100);
    expect(allowed).toBeGreaterThanOrEqual(100 - 2 * 5 - 3);
    expect(new Set(waits.filter((w) => w > 0))).toEqual(new Set([7]));
    // The next window starts afresh, for both.
    expect(await limits[1].take(key, 3, now + 7000)).toBe(0);
    expect(await limits[0].take(key, 3, now + 7000)).toBe(0);
  });

  it('keeps write keys apart', async () => {
    const s = await collector();
    const limit = postgresRateLimiter(s.pool, { perSecond: 1 });
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(await limit.take('wk_one_1234', 10, now)).toBe(0);
    expect(await limit.take('wk_one_1234', 1, now)).toBeGreaterThan(0);
    expect(await limit.take('wk_two_1234', 10, now)).toBe(0);
  });

  it('refuses a batch larger than a whole window with the time it would need', async () => {
    const s = await collector();
    const limit = postgresRateLimiter(s.pool, { perSecond: 2 });
    expect(await limit.take('wk_big_1234', 50, Date.UTC(2026, 0, 1))).toBe(25);
  });

  it('stores one counter row per key and window, shared by the collectors', async () => {
    const [a, b] = [await collector(), await collector()];
    const now = Date.UTC(2026, 0, 1, 13, 0, 0);
    await postgresRateLimiter(a.pool, { perSecond: 100 }).take('wk_rows_1234', 7, now);
    await postgresRateLimiter(b.pool, { perSecond: 100 }).take('wk_rows_1234', 7, now);
    const { rows } = await a.pool.query<{ used: string }>('SELECT used FROM rate_limit_windows WHERE key = $1', ['wk_rows_1234']);
    // Each claimed its 7 plus a slice of 5% of 1,000.
    expect(rows.map((r) => Number(r.used))).toEqual([2 * (7 + 50)]);
  });
});
