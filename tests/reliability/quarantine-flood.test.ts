// Attack: junk is free to send and the quarantine kept all of it. 16 senders posting batches of
// 70 KB junk events grew a database by ~1.5 GB in 15 s with no 429: the rate limit counted
// events, not bytes, and every rejected event was kept (64 KB of it) with no cap or retention.
// Now a byte budget per write key answers 429, a quarantined event keeps 4 KB, and each site
// keeps its newest `limits.quarantineRows` for `limits.quarantineDays` days, counting the rest.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import type { Store } from '../../collector/src/store/store.js';
import { serveCollector, startCollector, type RunningCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../store/postgres-db.js';

const server = await postgresForTests();
if ('skip' in server) console.warn(`\n${server.skip}\n`);
const databases: TestDatabase[] = [];
afterAll(async () => { for (const d of databases) await d.drop(); });

const site = { id: 'junk', writeKey: 'wk_junk_flood_site', origins: [] };
const readToken = 'rt_quarantine_flood_token';

// Small enough to see every bound in a few seconds; the defaults are 10,000 rows, 30 days and
// 2 KB × eventsPerSecond (4 MB/s).
const FLOOD_LIMITS = { eventsPerSecond: 1000, bytesPerSecond: 200_000, quarantineRows: 300 };

/** An event far over the 32 KB limit, of incompressible junk (as an attacker would send). */
const bigJunk = () => ({ junk: randomBytes(52_000).toString('base64') }); // ~70 KB of JSON
const smallJunk = (i: number) => ({ nope: i });

async function readAll(url: string, path: string) {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${readToken}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<{ events: { seq: number; raw: string; index: number }[]; nextCursor: string | null; dropped: number }>;
}

/** Every page of /v1/quarantine, following nextCursor. */
async function allPages(url: string, limit: number) {
  const rows: { seq: number; raw: string; index: number }[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const page = await readAll(url, `/v1/quarantine?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    rows.push(...page.events);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}

type Target = { name: string; start(): Promise<{ c: RunningCollector; size(): Promise<number> }> };
const targets: Target[] = [{
  name: 'sqlite',
  async start() {
    const c = await startCollector({ config: { sites: [site], readToken, limits: FLOOD_LIMITS } });
    // What the file keeps: the WAL is first copied in and emptied (the collector's checkpoint thread
    // does this too, later under load; secure_delete makes a trim write its zeroed pages there first).
    const size = async () => {
      if (existsSync(c.dbFile)) {
        const db = new Database(c.dbFile);
        try { db.pragma('wal_checkpoint(TRUNCATE)'); } finally { db.close(); }
      }
      return [c.dbFile, `${c.dbFile}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
    };
    return { c, size };
  },
}];
if (!('skip' in server)) targets.push({
  name: 'postgres',
  async start() {
    const db = await createTestDatabase(server.url);
    databases.push(db);
    const c = await startCollector({ config: { sites: [site], readToken, limits: FLOOD_LIMITS }, env: { DATABASE_URL: db.url } });
    const size = async () => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
      } finally {
        await client.end();
      }
    };
    return { c, size };
  },
});

describe.each(targets)('a junk flood on $name', (t) => {
  it('is answered 429 by the byte budget, and the database grows by a bounded amount', async () => {
    const { c, size } = await t.start();
    try {
      await post(c.url, batch(site.writeKey, [event()])); // tables and indexes exist before measuring
      const before = await size();
      const until = Date.now() + 4000;
      const statuses: Record<number, number> = {};
      const retryAfter = new Set<string | null>();
      let sentBytes = 0;
      // 8 senders that ignore Retry-After: half post 7 × 70 KB junk events, half 500 tiny ones.
      await Promise.all(Array.from({ length: 8 }, async (_, sender) => {
        while (Date.now() < until) {
          const body = JSON.stringify(batch(site.writeKey, sender % 2 ? Array.from({ length: 7 }, bigJunk) : Array.from({ length: 500 }, (_, i) => smallJunk(i))));
          sentBytes += body.length;
          const r = await post(c.url, null, { raw: body });
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status === 429) retryAfter.add(r.headers.get('retry-after'));
        }
      }));
      const grown = (await size()) - before;
      console.log(`junk flood on ${t.name}: ${(sentBytes / 1e6).toFixed(1)} MB sent in 4 s, answers ${JSON.stringify(statuses)}; database grew ${(grown / 1e6).toFixed(2)} MB`);
      expect(statuses[429]).toBeGreaterThan(0);
      expect([...retryAfter].every((v) => Number(v) >= 1)).toBe(true);
      expect(statuses[500] ?? 0).toBe(0);
      expect(grown).toBeLessThan(8e6);

      // Capped at 300 rows, newest first across pages, the rest counted as dropped; big events cut to 4 KB.
      const { rows, pages } = await allPages(c.url, 100);
      expect(rows.length).toBeLessThanOrEqual(300);
      expect(pages).toBeGreaterThan(1);
      expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => b - a));
      expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
      expect((await readAll(c.url, '/v1/quarantine?limit=1')).dropped).toBeGreaterThan(0);
      for (const r of rows) expect(Buffer.byteLength(r.raw)).toBeLessThan(4096 + 100);
      const ui = await fetch(`${c.url}/quarantine`, { headers: { authorization: `Bearer ${readToken}` } });
      expect(await ui.text()).toMatch(/id="quarantine-dropped"[^>]*>[\d,]+ older rejected events were dropped/);
    } finally {
      await c.stop();
    }
  }, 120_000);
});

// The same bounds as store properties, on each store, with the clock under the test's control.
const stores: [string, (() => Promise<Store>) | null][] = [['sqlite', null]];
if (!('skip' in server)) stores.push(['postgres', async () => {
  const db = await createTestDatabase(server.url);
  databases.push(db);
  return PostgresStore.open({ connectionString: db.url });
}]);

describe.each(stores)('the quarantine on %s', (_name, open) => {
  it('keeps each site its newest quarantineRows for quarantineDays, cuts big events to 4 KB, and counts what it dropped', async () => {
    let now = Date.UTC(2026, 0, 1);
    const c = await serveCollector({ store: open ? await open() : undefined, now: () => now, config: { readToken, limits: { quarantineRows: 3, quarantineDays: 30 } } });
    try {
      const read = (path: string) => readAll(c.url, path);
      // 4 rejects 31 days ago, then 5 today in one batch: the old ones age out, 2 of today's fall to the cap.
      expect((await post(c.url, batch(c.writeKey, [1, 2, 3, 4].map(smallJunk)))).status).toBe(200);
      now += 31 * 86_400_000;
      expect((await post(c.url, batch(c.writeKey, [smallJunk(0), smallJunk(1), bigJunk(), smallJunk(3), smallJunk(4)]))).status).toBe(200);
      const first = await read('/v1/quarantine?limit=2');
      expect(first.events.map((e) => e.index)).toEqual([4, 3]);
      expect(first.dropped).toBe(6);
      const second = await read(`/v1/quarantine?limit=2&cursor=${first.nextCursor}`);
      expect(second.events.map((e) => e.index)).toEqual([2]);
      expect(second.nextCursor).toBeNull();
      expect(second.events[0].raw).toMatch(/^\{"junk":"[A-Za-z0-9+/]+…\[cut: the event was \d+ bytes; the first 4096 are kept\]$/);
      expect((await fetch(`${c.url}/v1/quarantine?cursor=abc`, { headers: { authorization: `Bearer ${readToken}` } })).status).toBe(400);
    } finally {
      await c.close();
    }
  });
});
