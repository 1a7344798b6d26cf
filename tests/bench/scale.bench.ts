// Journey states at scale, on SQLite and PostgreSQL: ingest with the dirty marks against raw
// ingest, a full rebuild of every state (events/s, peak RSS), the first views folded from
// states (overview, map, a 30-day map, stage flows, a stage funnel), the stage lookup's p99,
// and the state lag under sustained ingest with the worker running.
// Budgets (10M events / 500k customers, SQLite): first views ≤ 1 s each; lag p95 ≤ 5 s and
// p99 ≤ 10 s at 10k events/s; ingest ≥ 0.5 × raw; full rebuild ≥ 100k events/s, RSS ≤ 2 GB.
//
//   npm run bench -- scale [--events 200000] [--rate 5000] [--seconds 20] [--store sqlite|postgres|both]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createReadService } from '../../collector/src/read/service.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink, type Sink } from '../../collector/src/seed/sinks.js';
import { stateFingerprint } from '../../collector/src/state/fingerprint.js';
import { rebuildByScan } from '../../collector/src/state/full-rebuild.js';
import { rebuildDirty, startStateWorker } from '../../collector/src/state/worker.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresForTests } from '../../collector/src/store/postgres/test-databases.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: {
  events: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' }, store: { type: 'string' },
} });
const EVENTS = Number(values.events ?? process.env.SCALE_EVENTS ?? 200_000);
const RATE = Number(values.rate ?? process.env.SCALE_RATE ?? 5000);
const SECONDS = Number(values.seconds ?? process.env.SCALE_SECONDS ?? 20);
const WHICH = values.store ?? process.env.SCALE_STORE ?? 'both';
const OPTS = { timeoutMinutes: 30 };
const DAY = 86_400_000;
const END = Math.floor(Date.now() / DAY) * DAY - DAY;

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
async function time<T>(f: () => Promise<T>): Promise<[T, number]> { const t = performance.now(); const r = await f(); return [r, performance.now() - t]; }

async function ingest(store: Store, events: number, seed: number, sink: Sink = storeSink(store, 'shop', { trusted: true })) {
  const [, ms] = await time(() => seedVolume({ customers: Math.max(1, Math.floor(events / 20)), events, seed, end: END }, sink));
  return events / (ms / 1000);
}

/** A sink holding `rate` events/s, recording for each batch one anonymous id, its commit time and the write count then. */
function paced(store: Store, rate: number, samples: { anon: string; at: number; built: number }[]): Sink {
  const inner = storeSink(store, 'shop', { trusted: true });
  const start = performance.now();
  let sent = 0;
  return {
    name: 'paced',
    async send(events) {
      const due = start + (sent / rate) * 1000;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      await inner.send(events);
      sent += events.length;
      const anon = (events[events.length - 1] as { anonymousId?: string }).anonymousId;
      if (anon) samples.push({ anon, at: performance.now(), built: Number((await store.dataVersion()).split('.')[0]) });
    },
  };
}

async function measure(name: string, open: () => Promise<Store>, raw: () => Promise<Store>, dropRaw: () => Promise<void>) {
  console.log(`\n--- ${name}: ${EVENTS} events, ${EVENTS / 20} customers ---`);
  // Raw ingest: the same events into a store without what journey states add to it.
  const bare = await raw();
  const rawRate = await ingest(bare, EVENTS, 1);
  await bare.close();
  // Gone before the rest: at 10M events its 10 GB would otherwise share the page cache with the
  // store measured below, which a collector's own store does not have to.
  await dropRaw();
  const store = await open();
  const rate = await ingest(store, EVENTS, 1);
  console.log(`ingest: ${Math.round(rate)} events/s with dirty marks, ${Math.round(rawRate)} raw (ratio ${(rate / rawRate).toFixed(2)})`);

  // As a configuration change does it: every id marked, one streaming pass (state/full-rebuild.ts).
  await store.states.markAll();
  const [built, rebuildMs] = await time(() => rebuildByScan(store, OPTS, 'bench', 600_000));
  console.log(`full rebuild (one pass): ${built.customers} customers from ${EVENTS} events in ${(rebuildMs / 1000).toFixed(1)} s = ${Math.round(EVENTS / (rebuildMs / 1000))} events/s; peak RSS so far ${rssMb()} MB`);
  await store.states.setMeta('fingerprint', stateFingerprint(OPTS)); // the worker below must not start another
  // Customer by customer, as after ingest: every id marked again, rebuilt by claims.
  await store.states.markAll();
  const [, claimsMs] = await time(() => rebuildDirty(store, OPTS, { batch: 500 }));
  console.log(`rebuild by claims (customer by customer): ${Math.round(EVENTS / (claimsMs / 1000))} events/s`);

  const config = { session: { timeoutMinutes: 30 } };
  // The collector loads every state into memory at start, in the background, and follows them
  // from then on (server.ts): the first views below find them loaded, as they would.
  const read = createReadService({ config, store, states: true, settleMs: 0, followMs: 1000 });
  const [, loadMs] = await time(() => read.journeyStates());
  console.log(`loading every state into memory (at the collector's start, in the background): ${(loadMs / 1000).toFixed(1)} s; heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB`);
  const views: [string, () => Promise<unknown>][] = [
    ['overview (customer list)', () => read.customers({ limit: 50 })],
    ['journey map', () => read.journeyMap()],
    ['journey map, last 30 days', () => read.journeyMap({ from: END - 30 * DAY, to: END + DAY })],
    ['stage flows', () => read.flows({ level: 'stage', steps: 5 })],
    ['stage funnel', () => read.funnel({ steps: [{ kind: 'stage', value: 'awareness' }, { kind: 'stage', value: 'consideration' }, { kind: 'stage', value: 'purchase' }], windowMs: 30 * DAY })],
  ];
  for (const [label, f] of views) {
    const [, ms] = await time(f);
    console.log(`first view, ${label}: ${Math.round(ms)} ms`);
  }

  const ids = (await read.customers({ limit: 500 })).customers.map((c) => c.customerId);
  const lookups: number[] = [];
  for (let i = 0; i < 1000; i++) lookups.push((await time(() => read.customerStage(ids[i % ids.length])))[1]);
  console.log(`stage lookup: p50 ${pct(lookups, 0.5).toFixed(2)} ms, p99 ${pct(lookups, 0.99).toFixed(2)} ms`);

  // Sustained ingest with the worker running: lag from commit to the customer's state built from it.
  const worker = startStateWorker(store, OPTS, { batch: 500, idleMs: 20 });
  await worker.ready;
  const samples: { anon: string; at: number; built: number }[] = [];
  const lags: number[] = [];
  let ingesting = true;
  let deadline = Infinity;
  const checker = (async () => {
    while (ingesting || samples.length) {
      for (const s of samples.splice(0)) {
        const st = await store.states.stateOf(s.anon);
        if (st && Number(st.dataVersion.split('.')[0]) >= s.built) lags.push(performance.now() - s.at); else samples.push(s);
      }
      await new Promise((r) => setTimeout(r, 50));
      if (!ingesting && lags.length && performance.now() > deadline) break;
    }
  })();
  const [, ingestMs] = await time(() => seedVolume({ customers: Math.max(1, Math.floor((RATE * SECONDS) / 20)), events: RATE * SECONDS, seed: 2, end: END }, paced(store, RATE, samples)));
  ingesting = false;
  deadline = performance.now() + 60_000;
  await checker;
  await worker.stop();
  console.log(`sustained ingest: ${Math.round((RATE * SECONDS) / (ingestMs / 1000))} events/s held for ${(ingestMs / 1000).toFixed(0)} s (asked ${RATE}); state lag p50 ${Math.round(pct(lags, 0.5))} ms, p95 ${Math.round(pct(lags, 0.95))} ms, p99 ${Math.round(pct(lags, 0.99))} ms over ${lags.length} sampled commits (${samples.length} never caught up within 60 s)`);
  console.log(`peak RSS ${rssMb()} MB`);
  await store.close();
}

async function main() {
  if (WHICH !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-scale-'));
    await measure('SQLite', async () => new SqliteStore(join(dir, 'states.db')), async () => {
      const s = new SqliteStore(join(dir, 'raw.db'));
      // Without what the states need: the marking trigger, and events_journey, which holds every
      // column a rebuild reads, in place of the plain (anonymous_id, at) index it replaced.
      s.db.exec(`DROP TRIGGER journey_state_mark_insert; DROP INDEX events_journey;
        CREATE INDEX events_by_anonymous ON events (anonymous_id, at)`);
      await s.threadsReady();
      return s;
    }, async () => {
      for (const f of ['raw.db', 'raw.db-wal', 'raw.db-shm']) rmSync(join(dir, f), { force: true });
    });
    rmSync(dir, { recursive: true, force: true });
  }
  if (WHICH !== 'sqlite') {
    const server = await postgresForTests();
    if ('skip' in server) { console.log(`\nPostgreSQL: ${server.skip}`); return; }
    const db = await createTestDatabase(server.url);
    try {
      await measure('PostgreSQL', async () => {
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: db.url }); await c.connect(); await c.query('CREATE SCHEMA IF NOT EXISTS states'); await c.end();
        return PostgresStore.open({ connectionString: db.url, schema: 'states' });
      }, async () => {
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: db.url }); await c.connect(); await c.query('CREATE SCHEMA IF NOT EXISTS raw'); await c.end();
        const s = await PostgresStore.open({ connectionString: db.url, schema: 'raw' });
        await s.pool.query('DROP TRIGGER journey_state_mark_insert ON events');
        return s;
      }, async () => {
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: db.url }); await c.connect(); await c.query('DROP SCHEMA raw CASCADE'); await c.end();
      });
    } finally {
      await db.drop();
    }
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
