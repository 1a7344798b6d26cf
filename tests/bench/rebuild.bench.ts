// A full rebuild of every journey state, as a configuration change starts it (state/full-rebuild.ts):
// events/s, CPU seconds (every thread), peak RSS and time waiting on the disk, on SQLite with
// PostgreSQL beside it; then the rebuild customer by customer (by claims, as after ingest) for comparison.
// Budget (SQLite, this machine): ≥ 100k events/s with peak RSS ≤ 2 GB.
//
// The SQLite dataset is generated once into data/bench/ and reused (delete it to regenerate);
// PostgreSQL gets the same events in a fresh database each run. Each store is measured in a
// child process of its own, so the peak RSS is the rebuild's and not the seeding's.
//
//   npm run bench -- rebuild [--events 1000000] [--store sqlite|postgres|both] [--parallel N] [--claims off]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { rebuildByScan } from '../../collector/src/state/full-rebuild.js';
import { rebuildDirty } from '../../collector/src/state/worker.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresForTests } from '../../collector/src/store/postgres/test-databases.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: {
  events: { type: 'string' }, store: { type: 'string' }, parallel: { type: 'string' }, claims: { type: 'string' },
  measure: { type: 'string' }, schema: { type: 'string' },
} });
const EVENTS = Number(values.events ?? 1_000_000);
const WHICH = values.store ?? 'both';
const PARALLEL = values.parallel === undefined ? undefined : Number(values.parallel);
const OPTS = { timeoutMinutes: 30 };
const BUDGET = { eventsPerSecond: 100_000, rssMb: 2048 };
const DAY = 86_400_000;
// A fixed end, so the SQLite dataset kept in data/bench/ is the same events every day.
const END = Date.UTC(2026, 10, 30);

const root = fileURLToPath(new URL('../../', import.meta.url));
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const cpuS = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

/**
 * Seconds during which some task of this machine waited on the disk, since boot (Linux pressure
 * stall information), or null where there is none. A rebuild whose index pages are not in the
 * page cache reads them from disk: on a virtual machine whose balloon takes back the page cache,
 * at 10M events this was 15 % of a rebuild's time (vmstat: 7–13 % I/O wait), and its rate fell.
 */
function ioStallS(): number | null {
  try {
    return Number(/^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/io', 'utf8'))![1]) / 1e6;
  } catch {
    return null;
  }
}

async function seedInto(store: Store) {
  const t = performance.now();
  process.stderr.write(`seeding ${EVENTS} events / ${EVENTS / 20} customers into ${store.kind} ...\n`);
  await seedVolume({ customers: EVENTS / 20, events: EVENTS, seed: 1, end: END - DAY }, storeSink(store, 'shop', { trusted: true }));
  process.stderr.write(`  seeded in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
}

async function sqliteDataset(): Promise<string> {
  const dir = join(root, 'data/bench');
  const file = join(dir, `rebuild-${EVENTS}-seed1.db`);
  if (existsSync(`${file}.done`)) return file;
  mkdirSync(dir, { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const store = new SqliteStore(file, { synchronous: 'NORMAL' });
  store.db.pragma('synchronous = OFF');
  await seedInto(store);
  await store.close();
  writeFileSync(`${file}.done`, '');
  return file;
}

/** In the child: one full rebuild (every id marked, as at a configuration change), then one by claims. */
async function measure(store: Store, name: string) {
  const events = await store.eventCount();
  await store.states.markAll();
  const cpu0 = cpuS();
  const stall0 = ioStallS();
  const t0 = performance.now();
  const r = await rebuildByScan(store, OPTS, 'bench', 600_000, { parallel: PARALLEL });
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuS() - cpu0;
  const stall = stall0 === null ? null : ioStallS()! - stall0;
  const rate = events / s;
  const rss = rssMb();
  const left = await store.states.backlog();
  if (!r.committed || left) throw new Error(`the full rebuild did not finish: committed ${r.committed}, ${left} ids still dirty`);
  console.log(`${name}: full rebuild of ${r.customers} customers from ${events} events in ${s.toFixed(1)} s = ${Math.round(rate)} events/s; `
    + `CPU ${cpu.toFixed(1)} s (${(cpu / s).toFixed(2)} cores); peak RSS ${rss} MB`
    + (stall === null ? '' : `; some task waiting on the disk ${Math.round((100 * stall) / s)} % of the time`));
  if (store.kind === 'sqlite') {
    const met = rate >= BUDGET.eventsPerSecond && rss <= BUDGET.rssMb;
    console.log(`${name}: budget ≥ ${BUDGET.eventsPerSecond / 1000}k events/s and ≤ ${BUDGET.rssMb / 1024} GB peak RSS: ${met ? 'met' : 'NOT met'}`);
  }
  if (values.claims !== 'off') {
    await store.states.markAll();
    const c0 = cpuS();
    const t1 = performance.now();
    const d = await rebuildDirty(store, OPTS, { batch: 500 });
    const s1 = (performance.now() - t1) / 1000;
    console.log(`${name}: rebuild by claims (customer by customer) ${d.customers} customers in ${s1.toFixed(1)} s = ${Math.round(d.events / s1)} events/s; CPU ${(cpuS() - c0).toFixed(1)} s`);
  }
}

/**
 * A fixed single-thread workload (maps, sorting, JSON), timed: on this kind of machine it took
 * 2.9 to 5.0 s from one run to the next with nothing else running, and the rebuild's rate moved
 * with it (though not in step). Printed beside the rate so runs on different machines, or hours, can be compared.
 */
function machineReference(): number {
  const t = performance.now();
  for (let r = 0; r < 5; r++) {
    const m = new Map<string, { i: number; s: string; a: number[] }>();
    for (let i = 0; i < 300_000; i++) m.set(`k${(Math.imul(i, 2654435761) >>> 0).toString(16)}`, { i, s: `v${i}`, a: [i, i + 1] });
    [...m.keys()].sort();
    JSON.parse(JSON.stringify([...m.values()].slice(0, 100_000)));
  }
  return performance.now() - t;
}

function child(args: string[]): boolean {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2), ...args], { stdio: 'inherit' });
  return r.status === 0;
}

async function main() {
  if (values.measure === 'sqlite') {
    const store = new SqliteStore(join(root, 'data/bench', `rebuild-${EVENTS}-seed1.db`));
    // The dataset is reused: its states from the last run go, so every run starts alike.
    store.db.exec('DELETE FROM journey_states; DELETE FROM journey_state_ids; DELETE FROM journey_state_removals');
    // The WAL those deletions wrote is copied here, not by the checkpointer during the timed rebuild.
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    try { await measure(store, 'SQLite'); } finally { await store.close(); }
    return;
  }
  if (values.measure === 'postgres') {
    const store = await PostgresStore.open({ connectionString: process.env.REBUILD_BENCH_PG!, schema: values.schema! });
    try { await measure(store, 'PostgreSQL'); } finally { await store.close(); }
    return;
  }
  console.log(`${EVENTS} events, ${EVENTS / 20} customers; ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`machine reference: ${Math.round(machineReference())} ms for a fixed single-thread workload (lower is faster)`);
  let ok = true;
  if (WHICH !== 'postgres') {
    await sqliteDataset();
    ok = child(['--measure', 'sqlite']) && ok;
  }
  if (WHICH !== 'sqlite') {
    const server = await postgresForTests();
    if ('skip' in server) { console.log(`PostgreSQL: ${server.skip}`); return ok; }
    const db = await createTestDatabase(server.url);
    try {
      const store = await PostgresStore.open({ connectionString: db.url });
      await seedInto(store);
      await store.close();
      process.env.REBUILD_BENCH_PG = db.url;
      ok = child(['--measure', 'postgres', '--schema', 'public']) && ok;
    } finally {
      await db.drop();
    }
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return ok;
}

main().then((ok) => process.exit(ok === false ? 1 : 0), (e) => { console.error(e); process.exit(1); });
