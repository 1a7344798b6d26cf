// Ingest throughput end to end (autocannon → collector process → SQLite) against the raw insert
// rate of the same rows into the same schema, in the same run. Budget: ratio ≥ 0.5, p99 ≤ 50 ms.
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../collector/src/store/sqlite/sqlite-store.js';
import { startCheckpointer } from '../../collector/src/store/sqlite/checkpointer.js';
import { INSERT_EVENT } from '../../collector/src/store/sqlite/writer.js';
import { startCollector } from '../helpers/collector.js';

const EVENTS_PER_BATCH = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);

/** UUIDv7: 48-bit ms timestamp, then random bits (RFC 9562). */
function uuidv7(): string {
  const b = randomBytes(16);
  const ms = Date.now();
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function makeEvent(i: number, id = uuidv7()) {
  const anon = `anon-${i % 5000}`;
  return {
    id, type: 'track', name: '$click', anonymousId: anon, sessionId: `${anon}-s1`, timestamp: new Date().toISOString(),
    properties: { element: { tag: 'button', id: `buy-${i % 40}`, text: 'Add to cart' }, x: i % 1280, y: i % 720 },
    context: {
      url: `https://shop.example/products/item-${i % 300}?ref=home`, path: `/products/item-${i % 300}`, title: 'Product — Shop',
      referrer: 'https://www.google.com/', locale: 'en-GB', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
      screen: { width: 1920, height: 1080 }, viewport: { width: 1280, height: 720 }, sdk: { name: 'waymark', version: '0.1.0' },
    },
  };
}

let counter = 0;
const batchBody = (writeKey: string) =>
  JSON.stringify({ v: 1, writeKey, sentAt: new Date().toISOString(), events: Array.from({ length: EVENTS_PER_BATCH }, () => makeEvent(counter++)) });

async function load(url: string, writeKey: string, connections: number) {
  const r = await autocannon({
    url: `${url}/v1/batch`, connections, duration: SECONDS, method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: any) => ({ ...req, body: batchBody(writeKey) }) }],
  });
  const ok = r['2xx'];
  return { connections, eventsPerSec: (ok * EVENTS_PER_BATCH) / SECONDS, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, bytes: r.requests.total ? batchBody(writeKey).length : 0 };
}

/**
 * Rows/s of plain 1000-row transactions on the collector's schema and pragmas. `background`:
 * WAL checkpoints in a thread of their own, as the collector runs them, instead of inside the
 * commit that fills the WAL (SQLite's default).
 */
async function rawInsertRate(rows: number, ids: () => string, background = false): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-raw-'));
  const db: Database.Database = openSqliteDatabase(join(dir, 'raw.db'));
  const checkpointer = background ? await startCheckpointer(join(dir, 'raw.db'), (why) => { throw new Error(why); }) : null;
  if (checkpointer) db.pragma('wal_autocheckpoint = 0');
  const insert = db.prepare(INSERT_EVENT);
  const events = Array.from({ length: rows }, (_, i) => makeEvent(i, ids()));
  const tx = db.transaction((chunk: typeof events) => {
    for (const e of chunk) insert.run(e.id, 'bench', e.type, e.name, e.anonymousId, null, e.sessionId, Date.now(), Date.now(), null, null, JSON.stringify(e));
  });
  const t0 = performance.now();
  for (let i = 0; i < rows; i += 1000) tx(events.slice(i, i + 1000));
  const s = (performance.now() - t0) / 1000;
  await checkpointer?.stop();
  db.close();
  return rows / s;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main() {
  const c = await startCollector({ config: { sites: [{ id: 'bench', writeKey: 'wk_bench_key', origins: ['*'] }], readToken: 'rt_bench_read_token', limits: { eventsPerSecond: 1e9 } } });
  console.log(`body: ${EVENTS_PER_BATCH} events, ${(batchBody('wk_bench_key').length / 1024).toFixed(1)} KB; ${SECONDS} s per level; collector in its own process`);
  const results = [];
  for (const connections of [1, 4, 16, 32]) {
    const r = await load(c.url, 'wk_bench_key', connections);
    results.push(r);
    console.log(`  ${String(connections).padStart(2)} connections: ${fmt(r.eventsPerSec).padStart(7)} events/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}`);
  }
  await c.stop();
  // The peak is the knee: the fewest connections reaching 95% of the best rate. Past it the
  // collector is saturated, more connections only queue, and latency grows with their number.
  const best = Math.max(...results.map((r) => r.eventsPerSec));
  const peak = results.find((r) => r.eventsPerSec >= 0.95 * best)!;

  const rows = 200_000;
  const rawV7 = await rawInsertRate(rows, uuidv7);
  const rawV4 = await rawInsertRate(rows, randomUUID);
  const rawBackground = await rawInsertRate(rows, uuidv7, true);
  console.log(`raw SQLite insert, same rows and schema, 1000-row transactions (${fmt(rows)} rows):`);
  console.log(`  UUIDv7 ids: ${fmt(rawV7)} rows/s   UUIDv4 ids: ${fmt(rawV4)} rows/s   v4/v7 = ${(rawV4 / rawV7).toFixed(2)}`);
  console.log(`  UUIDv7 ids, checkpoints in a background thread as the collector runs them: ${fmt(rawBackground)} rows/s`);
  const ratio = peak.eventsPerSec / rawV7;
  console.log(`peak end to end (fewest connections within 5% of the best, ${fmt(best)} events/s): ${fmt(peak.eventsPerSec)} events/s at ${peak.connections} connections, p50 ${peak.p50} ms, p99 ${peak.p99} ms`);
  console.log(`ratio end-to-end / raw = ${ratio.toFixed(2)}  (budget ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'}; p99 ≤ 50 ms: ${peak.p99 <= 50 ? 'met' : 'MISSED'})`);
  console.log(`ratio end-to-end / raw with background checkpoints (like for like) = ${(peak.eventsPerSec / rawBackground).toFixed(2)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
