// `npm run seed -- --people N [--seed S] [--days D] [--url URL] [--write-key K] [--out truth.json]`
// Writes simulated people (collector/src/simulate/) through POST /v1/batch (or, with --db,
// straight into a SQLite file through the same normalisation) and the truth of each.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { seed } from './seed.js';
import { httpSink, storeSink, type Sink } from './sinks.js';

const USAGE = `usage: npm run seed -- --people N [--seed S] [--days D]
         [--url http://127.0.0.1:8787] [--write-key wk_...] [--out truth.json]
         [--db file.db --site dev]   (direct store path, no HTTP: for very large datasets)`;

function fail(message: string): never {
  console.error(`seed: ${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    fail(`--${name} is required`);
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}

function progressBar(total: number) {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  return (events: number, done = false) => {
    const ratio = Math.min(1, events / total);
    const rate = Math.round(events / Math.max(0.001, (Date.now() - started) / 1000));
    const line = `[${'#'.repeat(Math.round(ratio * 30)).padEnd(30, '.')}] ${(ratio * 100).toFixed(0).padStart(3)}% ${events}/${total} events, ${rate}/s`;
    if (tty) process.stderr.write(`\r${line}${done ? '\n' : ''}`);
    else if (Math.floor(ratio * 10) > lastDecile || done) { lastDecile = Math.floor(ratio * 10); process.stderr.write(`${line}\n`); }
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      people: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' },
      url: { type: 'string' }, 'write-key': { type: 'string' }, out: { type: 'string' },
      db: { type: 'string' }, site: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) { console.log(USAGE); return; }
  const people = positiveInt('people', values.people);
  const opts = { people, seed: positiveInt('seed', values.seed, 1), days: positiveInt('days', values.days, 365) };

  let sink: Sink;
  let store: SqliteStore | null = null;
  if (values.db) {
    store = new SqliteStore(values.db, { synchronous: 'NORMAL' });
    // A generated dataset can be generated again: skip fsyncs while filling it.
    store.db.pragma('synchronous = OFF');
    sink = storeSink(store, values.site ?? 'dev');
  } else {
    const keysFile = join('data', 'waymark.keys.json');
    const writeKey = values['write-key'] ?? (existsSync(keysFile) ? JSON.parse(readFileSync(keysFile, 'utf8')).writeKey : undefined);
    if (!writeKey) fail(`no write key: pass --write-key, or start the collector once (npm start) so ${keysFile} exists`);
    sink = httpSink(values.url ?? 'http://127.0.0.1:8787', writeKey);
  }

  console.error(`simulating ${people} people (seed ${opts.seed}) ...`);
  let bar: ReturnType<typeof progressBar> | null = null;
  const result = await seed(opts, sink, (p) => bar?.(p.events), (events) => {
    console.error(`seeding ${events} events into ${sink.name}`);
    bar = progressBar(events);
  });
  if (!bar) bar = progressBar(result.events);
  (bar as ReturnType<typeof progressBar>)(result.events, true);
  await store?.close();
  if (values.out) {
    writeFileSync(values.out, JSON.stringify(result));
    console.error(`truth of ${result.people.length} people written to ${values.out}`);
  }
  const bots = result.people.filter((p) => p.bot).length;
  console.error(`done: ${result.events} events from ${result.people.length} people (${bots} of them bots)`);
}

main().catch((e) => {
  console.error(`seed failed: ${(e as Error).message}`);
  process.exit(1);
});
