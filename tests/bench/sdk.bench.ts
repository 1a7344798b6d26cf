// SDK benchmark: bundle sizes, main-thread cost of track() and the longest task in a burst, and
// requests/bytes per 100 events, in real Chromium, side by side with posthog-js (the same
// measurements, pointed at the same local sink). `npm run bench -- sdk`
import { createServer, type IncomingMessage } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { launchChromium } from '../helpers/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = `${root}dist/sdk/`;
const CALLS = 2000;
const BUDGET_GZIP = 6 * 1024;

// ---- sizes ----
console.log('file                         raw      gzip    brotli');
const sizes: Record<string, number> = {};
for (const f of readdirSync(dist).sort()) {
  const buf = readFileSync(dist + f);
  const gz = gzipSync(buf, { level: 9 }).length;
  sizes[f] = gz;
  console.log(`${f.padEnd(26)} ${String(buf.length).padStart(7)} ${String(gz).padStart(8)} ${String(brotliCompressSync(buf).length).padStart(8)}`);
}
const posthogFile = `${root}node_modules/posthog-js/dist/array.js`;
const posthogGz = gzipSync(readFileSync(posthogFile), { level: 9 }).length;
console.log(`${'posthog-js array.js'.padEnd(26)} ${String(readFileSync(posthogFile).length).padStart(7)} ${String(posthogGz).padStart(8)}`);
const ours = sizes['waymark.iife.js'];
console.log(`waymark.iife.js gzip ${ours} B, budget ${BUDGET_GZIP} B: ${ours <= BUDGET_GZIP ? 'within' : 'OVER'}; ours/posthog ${(ours / posthogGz).toFixed(2)}`);

// ---- a local sink that serves the test page and counts what each SDK sends ----
const sink = { requests: 0, bytes: 0 };
const body = (req: IncomingMessage) => new Promise<Buffer>((r) => { const c: Buffer[] = []; req.on('data', (d) => c.push(d)); req.on('end', () => r(Buffer.concat(c))); });
const server = createServer(async (req, res) => {
  const url = new URL(req.url!, 'http://x');
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Headers', '*');
  if (req.method === 'OPTIONS') return res.end();
  if (url.pathname === '/page.html') { res.setHeader('Content-Type', 'text/html'); return res.end('<!doctype html><html><head><title>bench</title></head><body><p>bench</p></body></html>'); }
  if (url.pathname === '/waymark.js') { res.setHeader('Content-Type', 'text/javascript'); return res.end(readFileSync(`${dist}waymark.iife.js`)); }
  if (url.pathname === '/posthog.js') { res.setHeader('Content-Type', 'text/javascript'); return res.end(readFileSync(posthogFile)); }
  if (req.method === 'POST') {
    const b = await body(req);
    sink.requests++;
    sink.bytes += b.length + JSON.stringify(req.headers).length + (req.url?.length ?? 0);
    res.setHeader('Content-Type', 'application/json');
    return res.end(JSON.stringify({ accepted: 1, duplicates: 0, duplicateIds: [], rejected: [], status: 1 }));
  }
  res.setHeader('Content-Type', 'application/json');
  res.end('{}');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface Result { medianUs: number; p95Us: number; burstMs: number; longestTaskMs: number; requestsPer100: number; bytesPer100: number }

const browser = await launchChromium();
async function measure(name: string, setup: string, call: string): Promise<Result> {
  const page = await browser.context.newPage();
  await page.goto(`${base}/page.html`);
  await page.evaluate(() => {
    (window as any).__long = [];
    new PerformanceObserver((l) => (window as any).__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.evaluate(setup);
  await page.waitForTimeout(2500); // let the SDK finish its start-up requests
  sink.requests = 0;
  sink.bytes = 0;
  // performance.now() is coarsened (100 µs without cross-origin isolation): time blocks of 20 calls.
  const r = await page.evaluate(`(() => {
    const per = [];
    const t0 = performance.now();
    for (let b = 0; b < ${CALLS / 20}; b++) {
      const s = performance.now();
      for (let i = 0; i < 20; i++) { const n = b * 20 + i; ${call} }
      per.push((performance.now() - s) / 20);
    }
    const burst = performance.now() - t0;
    per.sort((a, b) => a - b);
    return { median: per[per.length >> 1] * 1000, p95: per[Math.floor(per.length * 0.95)] * 1000, burst };
  })()`) as { median: number; p95: number; burst: number };
  await page.waitForTimeout(6000); // batching windows and the SDK's async work after the burst
  const long = (await page.evaluate(() => (window as any).__long)) as number[];
  await page.close();
  const res: Result = {
    medianUs: r.median, p95Us: r.p95, burstMs: r.burst, longestTaskMs: Math.max(0, ...long.filter((d) => Math.abs(d - r.burst) > 5)),
    requestsPer100: (sink.requests / CALLS) * 100, bytesPer100: (sink.bytes / CALLS) * 100,
  };
  console.log(`${name.padEnd(10)} track median ${res.medianUs.toFixed(1)} µs (p95 ${res.p95Us.toFixed(1)}), burst of ${CALLS} ${res.burstMs.toFixed(1)} ms, longest task after it ${res.longestTaskMs ? res.longestTaskMs.toFixed(1) + ' ms' : 'none over 50 ms'}, ` +
    `${res.requestsPer100.toFixed(2)} requests and ${Math.round(res.bytesPer100)} B per 100 events`);
  return res;
}

const w = await measure('waymark', `(() => { const s = document.createElement('script'); s.src = '/waymark.js'; document.head.append(s); return new Promise((r) => s.onload = () => { waymark.init({ writeKey: 'wk_bench', endpoint: '${base}', autocapture: false }); r(); }); })()`,
  `waymark.track('bench_event', { n, plan: 'pro', price: 49 });`);
const p = await measure('posthog', `(() => { const s = document.createElement('script'); s.src = '/posthog.js'; document.head.append(s); return new Promise((r) => s.onload = () => { posthog.init('phc_bench', { api_host: '${base}', autocapture: false, capture_pageview: false, disable_session_recording: true, advanced_disable_decide: true, persistence: 'localStorage', opt_out_useragent_filter: true }); r(); }); })()`,
  `posthog.capture('bench_event', { n, plan: 'pro', price: 49 });`);
await browser.close();
server.close();

const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');
console.log(`ours/posthog: track median ${ratio(w.medianUs, p.medianUs)}, burst ${ratio(w.burstMs, p.burstMs)}, longest task ${ratio(w.longestTaskMs, p.longestTaskMs)}, ` +
  `requests ${ratio(w.requestsPer100, p.requestsPer100)}, bytes ${ratio(w.bytesPer100, p.bytesPer100)}, gzip size ${ratio(ours, posthogGz)}`);
console.log(`budgets: median ≤ 20 µs ${w.medianUs <= 20 ? 'met' : 'MISSED'}; no task over 50 ms besides the caller's own loop ${w.longestTaskMs <= 50 ? 'met' : 'MISSED'}; gzip ≤ ${BUDGET_GZIP} B ${ours <= BUDGET_GZIP ? 'met' : 'MISSED'}`);
