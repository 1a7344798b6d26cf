// The PostgreSQL store, measured in one run:
//  1. ingest end to end (autocannon → collector process → PostgreSQL) against the raw insert rate
//     of the same rows into the same schema, and the ratio; one collector, then two sharing the load;
//  2. the journey map over the same 1,000,000 events on SQLite and on PostgreSQL, side by side.
// BENCH_SECONDS (default 6) per load level; BENCH_EVENTS (default 1,000,000) for part 2;
// WAYMARK_TEST_DB / DATABASE_URL pick the server (see tests/store/postgres-db.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createJourneyService } from '../../collector/src/api/service.js';
import { parseConfig } from '../../collector/src/config.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store, StoredEvent } from '../../collector/src/store/store.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../store/postgres-db.js';

const EVENTS_PER_BATCH = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const JOURNEY_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const WRITE_KEY = 'wk_store_bench';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// autocannon ships no types; it is only driven here.
const autocannon: (opts: Record<string, unknown>) => Promise<any> = (await import('autocannon' as string)).default;

let counter = 0;
function makeEvent(i: number) {
  const anon = `anon-${i % 5000}`;
  return {
    id: crypto.randomUUID(), type: 'track', name: '$click', anonymousId: anon, sessionId: `${anon}-s1`, timestamp: new Date().toISOString(),
    properties: { element: { tag: 'button', id: `buy-${i % 40}`, text: 'Add to cart' }, x: i % 1280, y: i % 720 },
    context: {
      url: `https://shop.example/products/item-${i % 300}?ref=home`, path: `/products/item-${i % 300}`, title: 'Product — Shop',
      referrer: 'https://www.google.com/', locale: 'en-GB', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
      screen: { width: 1920, height: 1080 }, viewport: { width: 1280, height: 720 }, sdk: { name: 'waymark', version: '0.1.0' },
    },
  };
}
const batchBody = () =>
  JSON.stringify({ v: 1, writeKey: WRITE_KEY, sentAt: new Date().toISOString(), events: Array.from({ length: EVENTS_PER_BATCH }, () => makeEvent(counter++)) });

/** Bounded load on loopback: `connections` in flight against each collector for SECONDS. */
async function load(collectors: RunningCollector[], connections: number) {
  const runs = await Promise.all(collectors.map((c) => autocannon({
    url: `${c.url}/v1/batch`, connections, duration: SECONDS, method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: any) => ({ ...req, body: batchBody() }) }],
  })));
  const ok = runs.reduce((n, r) => n + r['2xx'], 0);
  return {
    eventsPerSec: (ok * EVENTS_PER_BATCH) / SECONDS,
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
  };
}

/**
 * The same rows, straight into a fresh copy of the events table with the statement shape the
 * store uses (one JSON array per statement, json_to_recordset, ON CONFLICT DO NOTHING
 * RETURNING), 1,000 rows a statement, 4 at a time: no HTTP, no validation, no identity links.
 * What PostgreSQL itself takes on this machine.
 */
async function rawInsertRate(url: string): Promise<{ rows: number; perSec: number }> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await pool.query('CREATE TABLE events_raw (LIKE events INCLUDING ALL)');
    const { rows } = await pool.query('SELECT anonymous_id, id, site_id, type, name, user_id, session_id, at, received_at, ip, flags, body::text AS body FROM events');
    const sql = `INSERT INTO events_raw (anonymous_id, id, site_id, type, name, user_id, session_id, at, received_at, ip, flags, body)
      SELECT a, i, s, t, n, u, se, at, r, ip, f, b
      FROM json_to_recordset($1::json) AS x(a text, i uuid, s text, t text, n text, u text, se text, at bigint, r bigint, ip text, f text[], b jsonb)
      ON CONFLICT (anonymous_id, id) DO NOTHING RETURNING id`;
    const json = (chunk: any[]) => `[${chunk.map((r) => `${JSON.stringify({
      a: r.anonymous_id, i: r.id, s: r.site_id, t: r.type, n: r.name, u: r.user_id, se: r.session_id, at: Number(r.at), r: Number(r.received_at), ip: r.ip, f: r.flags,
    }).slice(0, -1)},"b":${r.body}}`).join(',')}]`;
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < rows.length) {
        const chunk = rows.slice(next, (next += 1000));
        await pool.query(sql, [json(chunk)]);
      }
    }));
    return { rows: rows.length, perSec: rows.length / ((performance.now() - t0) / 1000) };
  } finally {
    await pool.end();
  }
}

async function ingestBenchmark(db: TestDatabase) {
  console.log(`ingest: ${EVENTS_PER_BATCH}-event batches (${(batchBody().length / 1024).toFixed(1)} KB), ${SECONDS} s per level, collectors in their own processes, PostgreSQL on loopback`);
  const config = { sites: [{ id: 'bench', writeKey: WRITE_KEY, origins: ['*'] }], readToken: 'rt_store_bench_token', limits: { eventsPerSecond: 1e9 } };
  const collectors = await Promise.all([0, 1].map(() => startCollector({ config, env: { DATABASE_URL: db.url } })));
  const results: { label: string; eventsPerSec: number; p50: number; p99: number; errors: number }[] = [];
  let two: (typeof results)[number];
  try {
    for (const connections of [4, 16, 32]) {
      const r = { label: `1 collector, ${connections} connections`, ...(await load(collectors.slice(0, 1), connections)) };
      results.push(r);
      console.log(`  ${r.label.padEnd(32)} ${fmt(r.eventsPerSec).padStart(7)} events/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}`);
    }
    two = { label: '2 collectors, 16 connections each', ...(await load(collectors, 16)) };
    results.push(two);
    console.log(`  ${two.label.padEnd(32)} ${fmt(two.eventsPerSec).padStart(7)} events/s  p50 ${two.p50} ms  p99 ${two.p99} ms  errors ${two.errors}`);
  } finally {
    await Promise.all(collectors.map((c) => c.stop()));
  }
  const raw = await rawInsertRate(db.url);
  const peak = results.slice(0, 3).reduce((a, b) => (b.eventsPerSec > a.eventsPerSec ? b : a));
  console.log(`raw PostgreSQL insert of the same ${fmt(raw.rows)} rows (json_to_recordset, 1,000-row statements, 4 connections): ${fmt(raw.perSec)} rows/s`);
  console.log(`peak end to end (one collector): ${fmt(peak.eventsPerSec)} events/s (${peak.label}), p99 ${peak.p99} ms`);
  console.log(`ratio end-to-end / raw = ${(peak.eventsPerSec / raw.perSec).toFixed(2)}; two collectors / one = ${(two.eventsPerSec / peak.eventsPerSec).toFixed(2)} (one 2-core machine runs PostgreSQL, the collectors and the load generator)`);
}

/** Fills SQLite through the seed generator, then copies the very same rows into PostgreSQL. */
async function journeyBenchmark(db: TestDatabase) {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-store-bench-'));
  const sqlite = new SqliteStore(join(dir, 'bench.db'), { synchronous: 'NORMAL' });
  sqlite.db.pragma('synchronous = OFF'); // a generated dataset can be generated again
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query('CREATE SCHEMA journeys');
  await c.end();
  const postgres = await PostgresStore.open({ connectionString: db.url, schema: 'journeys' });
  try {
    const customers = Math.max(1, Math.round(JOURNEY_EVENTS / 40));
    let t0 = performance.now();
    const seeded = await seedVolume({ customers, events: JOURNEY_EVENTS, seed: 7 }, storeSink(sqlite, 'bench'));
    console.log(`journey map: ${fmt(seeded.events)} events from ${fmt(customers)} customers (seed generator), SQLite filled in ${secs(performance.now() - t0)}`);
    t0 = performance.now();
    let chunk: StoredEvent[] = [];
    const inFlight = new Set<Promise<unknown>>();
    const send = async (events: StoredEvent[]) => {
      const p = postgres.ingest(events, []).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 4) await Promise.race(inFlight);
    };
    for await (const e of sqlite.scanEvents()) {
      chunk.push(e);
      if (chunk.length === 5000) { await send(chunk); chunk = []; }
    }
    await send(chunk);
    await Promise.all(inFlight);
    await postgres.pool.query('VACUUM ANALYZE events');
    console.log(`  the same rows copied into PostgreSQL in ${secs(performance.now() - t0)}`);

    const timeMap = async (store: Store) => {
      const service = createJourneyService({ config: parseConfig({}), store });
      const start = performance.now();
      const map = await service.journeyMap();
      const ms = performance.now() - start;
      const again = performance.now();
      await service.journeyMap();
      return { ms, cachedMs: performance.now() - again, map };
    };
    const s = await timeMap(sqlite);
    const p = await timeMap(postgres);
    const same = JSON.stringify({ ...s.map, meta: undefined }) === JSON.stringify({ ...p.map, meta: undefined });
    console.log(`  journey map, first (uncached) request:  SQLite ${secs(s.ms)}   PostgreSQL ${secs(p.ms)}   PostgreSQL/SQLite = ${(p.ms / s.ms).toFixed(2)}`);
    console.log(`  journey map, repeated (data version unchanged): SQLite ${s.cachedMs.toFixed(1)} ms   PostgreSQL ${p.cachedMs.toFixed(1)} ms`);
    console.log(`  both stores give the same map: ${same ? 'yes' : 'NO — a store bug'}`);
    if (!same) process.exitCode = 1;
  } finally {
    await postgres.close();
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const server = await postgresForTests();
  if ('skip' in server) {
    console.log(`store benchmark SKIPPED: ${server.skip}`);
    return;
  }
  const db = await createTestDatabase(server.url);
  try {
    if (!process.env.BENCH_SKIP_INGEST) await ingestBenchmark(db);
    if (!process.env.BENCH_SKIP_JOURNEY) await journeyBenchmark(db);
  } finally {
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
