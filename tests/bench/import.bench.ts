// `npm run bench -- import`: a generated CSV of orders and tickets (1M rows; BENCH_IMPORT_ROWS
// to change) imported through a running collector by `npm run import`, against the collector's
// own ingest rate for the same events (same ids, so the same index work) posted as ready-made
// batches by a load client (500 events a batch, 4 in flight, as the import sends them). Budgets: import rows/s ≥ 0.5 × that rate; peak
// RSS of the import process ≤ 200 MB. Each side gets a fresh collector process and database.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedBody } from '../../server/src/pack-batches.js';
import { sendBatch } from '../../server/src/send-batch.js';
import { csvRecords, parseCsvRecord } from '../../server/import/records.js';
import { csvRow, rowEvent, type Mapping } from '../../server/import/row-event.js';
import { startCollector } from '../helpers/collector.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const root = fileURLToPath(new URL('../../', import.meta.url));
const KEY = 'sk_bench_import_0123456789abcdef';
const config = { sites: [{ id: 'bench', writeKey: 'wk_bench_import', origins: [], serverKeys: [KEY] }], readToken: 'rt_bench_import_token', limits: { eventsPerSecond: 10_000_000 } };
const MAP = ['--map', 'id=row_id', '--map', 'userId=customer', '--map', 'timestamp=at', '--map', 'name=event'];
const mapping: Mapping = { columns: { id: 'row_id', userId: 'customer', timestamp: 'at', name: 'event' }, constants: {} };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function writeFile(file: string) {
  const start = Date.parse('2025-01-01T00:00:00Z');
  appendFileSync(file, 'row_id,customer,at,event,channel,detail\n');
  for (let i = 0; i < ROWS; i += 50_000) {
    let text = '';
    for (let j = i; j < Math.min(ROWS, i + 50_000); j++) {
      const at = new Date(start + j * 15_000).toISOString();
      text += j % 3 ? `R-${j},c-${j % 50_000},${at},order_completed,store,${(j % 90) + 10}.50\n` : `R-${j},c-${j % 50_000},${at},ticket_opened,support,"late, damaged"\n`;
    }
    appendFileSync(file, text);
  }
}

/** The first events of the file exactly as the import makes them, in 500-event bodies. */
async function batchesOf(file: string, n: number): Promise<string[]> {
  const bodies: string[] = [];
  let header: string[] | null = null;
  let batch: { id: string; json: string; bytes: number }[] = [];
  let count = 0;
  for await (const r of csvRecords(file, { offset: 0, line: 1 })) {
    const cells = parseCsvRecord(r.text) as string[];
    if (!header) {
      header = cells;
      continue;
    }
    const e = rowEvent(csvRow(header, cells) as Record<string, string>, mapping, { site: 'bench', source: 'baseline' }, r.text);
    if (!('event' in e)) throw new Error(`line ${r.line}: ${e.errors}`);
    const json = JSON.stringify(e.event);
    batch.push({ id: e.event.id, json, bytes: json.length });
    if (batch.length === 500) {
      bodies.push(packedBody(batch));
      batch = [];
    }
    if (++count === n) break;
  }
  if (batch.length) bodies.push(packedBody(batch));
  return bodies;
}

async function loadClientRate(file: string): Promise<number> {
  const bodies = await batchesOf(file, ROWS);
  const c = await startCollector({ config });
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      await sendBatch(body, { url: `${c.url}/v1/batch`, serverKey: KEY, maxRetries: 20, baseDelayMs: 100, maxDelayMs: 5000, timeoutMs: 60_000 });
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  const rate = ROWS / ((performance.now() - t0) / 1000);
  await c.stop();
  return rate;
}

async function importRun(file: string): Promise<{ seconds: number; peakRssMb: number; lastLine: string }> {
  const c = await startCollector({ config });
  const t0 = performance.now();
  // Exactly what `npm run import` runs (its node flags included), without npm's own process.
  const [node, ...args] = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.import as string).split(' ');
  if (node !== 'node') throw new Error(`the import script should start with node: ${node}`);
  const child = spawn(process.execPath, [...args, file, '--url', c.url, '--key', KEY, ...MAP], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  let peak = 0;
  // VmHWM is the process's own high-water mark: the last reading before it exits is its peak.
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // exited
    }
  }, 100);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(poll);
  const seconds = (performance.now() - t0) / 1000;
  await c.stop();
  if (code !== 0) throw new Error(`the import exited with ${code}: ${out}`);
  return { seconds, peakRssMb: peak, lastLine: out.trim().split('\n').at(-1)! };
}

async function main() {
  const file = join(mkdtempSync(join(tmpdir(), 'waymark-bench-import-')), 'orders-and-tickets.csv');
  writeFile(file);
  console.log(`file: ${fmt(ROWS)} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB (orders and tickets, 50,000 customers)`);
  const base = await loadClientRate(file);
  console.log(`load client, the same ${fmt(ROWS)} events as ready batches (500 a batch, 4 in flight): ${fmt(base)} events/s`);
  const run = await importRun(file);
  const rate = ROWS / run.seconds;
  console.log(`npm run import: ${run.lastLine} in ${run.seconds.toFixed(1)} s (process start included): ${fmt(rate)} rows/s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
  const ratio = rate / base;
  console.log(`ratio import / load client = ${ratio.toFixed(2)} (budget ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'}); peak RSS ≤ 200 MB: ${run.peakRssMb <= 200 ? 'met' : 'MISSED'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
