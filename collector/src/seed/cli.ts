// `npm run seed -- --customers N --events M [--seed S] [--url URL] [--write-key K] [--out truth.json]`
// Writes a reproducible population through POST /v1/batch (or, with --db, straight into a
// SQLite file through the same normalisation) and the ground truth it used.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../store/sqlite.js';
import { seed } from './seed.js';
import { httpSink, storeSink, type Sink } from './sinks.js';

const USAGE = `usage: npm run seed -- --customers N --events M [--seed S] [--weeks W]
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
      customers: { type: 'string' }, events: { type: 'string' }, seed: { type: 'string' }, weeks: { type: 'string' },
      url: { type: 'string' }, 'write-key': { type: 'string' }, out: { type: 'string' },
      db: { type: 'string' }, site: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) { console.log(USAGE); return; }
  const customers = positiveInt('customers', values.customers);
  const events = positiveInt('events', values.events);
  if (events < customers) fail(`--events (${events}) must be at least --customers (${customers}): everyone does something`);
  const opts = { customers, events, seed: positiveInt('seed', values.seed, 1), weeks: positiveInt('weeks', values.weeks, 12) };

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

  console.error(`seeding ${customers} customers, ~${events} events (seed ${opts.seed}) into ${sink.name}`);
  const bar = progressBar(events);
  const result = await seed(opts, sink, (p) => bar(p.events));
  bar(result.events, true);
  await store?.close();
  if (values.out) {
    writeFileSync(values.out, JSON.stringify(result));
    console.error(`ground truth of ${result.customers.length} customers written to ${values.out}`);
  }
  console.error(`done: ${result.events} events from ${result.customers.length} customers`);
}

main().catch((e) => {
  console.error(`seed failed: ${(e as Error).message}`);
  process.exit(1);
});
