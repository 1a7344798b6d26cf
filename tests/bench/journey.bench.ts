// Journey read side on the SQLite store: the journey map over every customer, one customer's
// journey, flows, funnels and the customer list, at 100k and 1M events, with the growth ratio.
// Budgets (at 1M events / 50k customers on 2 cores): journey map ≤ 10 s and ≤ 1 GB RSS,
// one journey p95 ≤ 30 ms, flows and funnels ≤ 10 s; unchanged data is answered from cache.
//
// Datasets are generated once (seeded) into data/bench/ and reused; delete the folder to
// regenerate. They are written straight into the store (seed's storeSink, trusted: no zod
// validation), not over HTTP: 1M events through the ingest route take longer than the whole benchmark.
// Each size is measured in a child process of its own, so its peak RSS is its own.
//
//   npm run bench -- journey                       both sizes
//   JOURNEY_BENCH_SIZES=100000 npm run bench -- journey
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJourneyService } from '../../collector/src/api/service.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'data/bench');
const SAMPLE = 200;

interface Figures {
  events: number; customers: number;
  mapMs: number; mapCpuMs: number; mapRssMb: number; mapCachedMs: number;
  journeyP50: number; journeyP95: number;
  flowsMs: number; flowsCpuMs: number; funnelMs: number; funnelCpuMs: number; customersMs: number; rssMb: number;
}

async function dataset(events: number): Promise<string> {
  const customers = events / 20;
  const file = join(dir, `journey-${events}-seed1.db`);
  const done = `${file}.done`;
  if (existsSync(done)) return file;
  mkdirSync(dir, { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const store = new SqliteStore(file, { synchronous: 'NORMAL' });
  store.db.pragma('synchronous = OFF');
  const t = performance.now();
  process.stderr.write(`generating ${events} events / ${customers} customers into ${file} ...\n`);
  const r = await seedVolume({ customers, events, seed: 1 }, storeSink(store, 'shop', { trusted: true }), (p) => {
    if (p.events % 100_000 < 500) process.stderr.write(`  ${p.events} events\n`);
  });
  await store.close();
  writeFileSync(done, JSON.stringify({ events: r.events, customers: r.customers.length }));
  process.stderr.write(`  generated ${r.events} events in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  return file;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function measure(file: string): Promise<Figures> {
  const store = new SqliteStore(file);
  const service = createJourneyService({ store, config: { session: { timeoutMinutes: 30 } } });
  const events = (store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  // Wall time and this process's CPU time: on a shared machine the first includes waiting for a core.
  const time = async <T>(f: () => Promise<T>) => {
    const t = performance.now(), c = process.cpuUsage();
    const v = await f();
    const cpu = process.cpuUsage(c);
    return { v, ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000 };
  };

  const map = await time(() => service.journeyMap());
  const mapRssMb = rssMb();
  const cached = await time(() => service.journeyMap());
  if (!cached.v.meta.cached) throw new Error('the second journey map was recomputed: the cache did not hold');

  const list = await time(() => service.customers({ limit: 500 }));
  const ids = list.v.customers.map((c) => c.customerId);
  const times: number[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    const id = ids[(i * 7919) % ids.length];
    const j = await time(() => service.customerJourney(id));
    if (!j.v) throw new Error(`no journey for ${id}`);
    times.push(j.ms);
  }
  const flows = await time(() => service.flows({ level: 'stage', steps: 5 }));
  const funnel = await time(() => service.funnel({ steps: [{ kind: 'stage', value: 'consideration' }, { kind: 'stage', value: 'purchase' }, { kind: 'stage', value: 'onboarding' }], windowMs: 30 * 86_400_000 }));
  await store.close();
  return {
    events, customers: map.v.customers, mapMs: map.ms, mapCpuMs: map.cpuMs, mapRssMb, mapCachedMs: cached.ms,
    journeyP50: quantile(times, 0.5), journeyP95: quantile(times, 0.95),
    flowsMs: flows.ms, flowsCpuMs: flows.cpuMs, funnelMs: funnel.ms, funnelCpuMs: funnel.cpuMs, customersMs: list.ms, rssMb: rssMb(),
  };
}

async function main() {
  if (process.argv[2] === '--measure') {
    console.log(JSON.stringify(await measure(process.argv[3])));
    return;
  }
  const sizes = (process.env.JOURNEY_BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
  const results: Figures[] = [];
  for (const size of sizes) {
    const file = await dataset(size);
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`measuring ${file} failed`);
    results.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const m = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores (wall times include waiting for a core; cpu is this process's own)`);
  console.log('events     customers  map (wall / cpu)     map RSS  map cached  journey p50  journey p95  flows (wall / cpu)   funnel (wall / cpu)  customers* peak RSS');
  for (const r of results) {
    console.log(`${String(r.events).padEnd(10)} ${String(r.customers).padEnd(10)} ${`${s(r.mapMs)} / ${s(r.mapCpuMs)}`.padEnd(20)} ${`${r.mapRssMb} MB`.padEnd(8)} ${m(r.mapCachedMs).padEnd(11)} ${m(r.journeyP50).padEnd(12)} ${m(r.journeyP95).padEnd(12)} ${`${s(r.flowsMs)} / ${s(r.flowsCpuMs)}`.padEnd(20)} ${`${s(r.funnelMs)} / ${s(r.funnelCpuMs)}`.padEnd(20)} ${s(r.customersMs).padEnd(10)} ${r.rssMb} MB`);
  }
  console.log('* the customer list comes from the same pass as the journey map, so it is served from cache here');
  if (results.length >= 2) {
    const [a, b] = [results[0], results[results.length - 1]];
    const ratio = (x: number, y: number) => (y / x).toFixed(2);
    console.log(`growth ${a.events} → ${b.events} events (×${ratio(a.events, b.events)}): map ×${ratio(a.mapMs, b.mapMs)} (cpu ×${ratio(a.mapCpuMs, b.mapCpuMs)}), RSS ×${ratio(a.mapRssMb, b.mapRssMb)}, journey p95 ×${ratio(a.journeyP95, b.journeyP95)}, flows ×${ratio(a.flowsMs, b.flowsMs)}, funnel ×${ratio(a.funnelMs, b.funnelMs)}`);
  }
  const big = results.find((r) => r.events >= 1_000_000);
  if (big) {
    const ok = big.mapMs <= 10_000 && big.mapRssMb <= 1024 && big.journeyP95 <= 30 && big.flowsMs <= 10_000 && big.funnelMs <= 10_000;
    console.log(`budget at 1M (map ≤ 10 s, ≤ 1 GB; journey p95 ≤ 30 ms; flows, funnel ≤ 10 s): ${ok ? 'met' : 'NOT met'}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
