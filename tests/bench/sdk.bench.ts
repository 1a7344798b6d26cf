// SDK benchmark, in real Chromium, every SDK through the same harness and the same local sink:
// bundle sizes; 2000 track() calls in one loop, then per event the synchronous cost of the call,
// all main-thread work (Chromium's TaskDuration from just before the burst until the sends have
// settled, read over CDP `Performance.getMetrics`, ÷ 2000), bytes on the wire (bodies, headers
// and URLs) per event delivered, and events delivered. Waymark (gzip, and its plain-JSON
// fallback) beside posthog-js (its 2026-05-30 defaults, and with its client-side rate limiter
// raised) and Snowplow. Median of WAYMARK_BENCH_RUNS runs (3).
// `npm run bench -- sdk`
import { createServer, type IncomingMessage } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { SIZE_BUDGET_GZIP, SURVEY_BUDGET_GZIP } from '../../sdk/build.js';
import { launchChromium } from '../helpers/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = `${root}dist/sdk/`;
const CALLS = 2000;
const RUNS = Number(process.env.WAYMARK_BENCH_RUNS ?? 3);
const only = process.env.WAYMARK_BENCH_ONLY; // e.g. "waymark" to measure one SDK
// Another build of the core to measure in the same harness, e.g. an earlier commit's, for before/after figures.
const sdkFile = process.env.WAYMARK_BENCH_SDK ?? `${dist}waymark.iife.js`;

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
const snowplowFile = `${root}node_modules/@snowplow/browser-tracker/dist/index.umd.min.js`;
for (const [name, file] of [['posthog-js array.js', posthogFile], ['snowplow browser-tracker', snowplowFile]]) {
  const buf = readFileSync(file);
  console.log(`${name.padEnd(26)} ${String(buf.length).padStart(7)} ${String(gzipSync(buf, { level: 9 }).length).padStart(8)}`);
}
const ours = gzipSync(readFileSync(sdkFile), { level: 9 }).length;
const survey = sizes['waymark-survey.js'];

// ---- a local sink that serves the test page and counts what each SDK sends ----
const sink = { requests: 0, bytes: 0, ids: new Set<string>() };
const readAll = (req: IncomingMessage) => new Promise<Buffer>((r) => { const c: Buffer[] = []; req.on('data', (d) => c.push(d)); req.on('end', () => r(Buffer.concat(c))); });

/** The ids of the events in a request body, whatever the SDK: gzip or not, form-encoded or not. */
function eventIds(raw: Buffer): string[] {
  let text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString() : raw.toString();
  if (text.startsWith('data=')) text = Buffer.from(decodeURIComponent(text.slice(5)), 'base64').toString();
  let json: any;
  try { json = JSON.parse(text); } catch { return []; }
  const list: any[] = Array.isArray(json) ? json : json.events ?? json.batch ?? json.data ?? [json];
  // Only the benchmark's own events, not an SDK's page views or start-up events.
  const bench = (e: any) => (e?.event ?? e?.name ?? (e?.e === 'ue' ? 'bench_event' : e?.e)) === 'bench_event';
  return list.filter(bench).map((e) => e.id ?? e.uuid ?? e.eid).filter((id): id is string => typeof id === 'string');
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url!, 'http://x');
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Headers', '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  if (req.method === 'OPTIONS') return res.end();
  const file: Record<string, string> = { '/waymark.js': sdkFile, '/posthog.js': posthogFile, '/snowplow.js': snowplowFile };
  if (url.pathname === '/page.html') { res.setHeader('Content-Type', 'text/html'); return res.end('<!doctype html><html><head><title>bench</title></head><body><p>bench</p></body></html>'); }
  if (file[url.pathname]) { res.setHeader('Content-Type', 'text/javascript'); return res.end(readFileSync(file[url.pathname])); }
  if (req.method === 'POST') {
    const b = await readAll(req);
    sink.requests++;
    sink.bytes += b.length + JSON.stringify(req.headers).length + (req.url?.length ?? 0);
    for (const id of eventIds(b)) sink.ids.add(id);
    res.setHeader('Content-Type', 'application/json');
    return res.end(JSON.stringify({ accepted: 1, duplicates: 0, duplicateIds: [], rejected: [], status: 1 }));
  }
  res.setHeader('Content-Type', 'application/json');
  res.end('{}');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface Result { trackUs: number; mainThreadUs: number; bytesPerEvent: number; requests: number; delivered: number }

const browser = await launchChromium();
const taskSeconds = async (cdp: { send(m: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }> }) =>
  (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;

async function measureOnce(setup: string, call: string): Promise<Result> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${base}/page.html`);
  await page.evaluate(setup);
  await page.waitForTimeout(2500); // let the SDK finish its start-up requests
  sink.requests = 0;
  sink.bytes = 0;
  sink.ids.clear();
  const before = await taskSeconds(cdp);
  // performance.now() is coarsened (100 µs without cross-origin isolation): time the whole loop.
  const loopMs = (await page.evaluate(`(() => {
    const t0 = performance.now();
    for (let n = 0; n < ${CALLS}; n++) { ${call} }
    return performance.now() - t0;
  })()`)) as number;
  // Settled: at least 8 s (an SDK may hold its queue a few seconds), then nothing sent for 3 s
  // (batching windows, retries and the SDK's work after the burst).
  let last = -1;
  for (let quiet = 0, waited = 0; (quiet < 3000 || waited < 8000) && waited < 60_000; waited += 500) {
    await page.waitForTimeout(500);
    quiet = sink.requests === last ? quiet + 500 : 0;
    last = sink.requests;
  }
  const after = await taskSeconds(cdp);
  await page.close();
  return {
    trackUs: (loopMs * 1000) / CALLS,
    mainThreadUs: ((after - before) * 1e6) / CALLS,
    // Per event delivered: an SDK that drops events (a client-side rate limiter) must not look lighter for it.
    bytesPerEvent: sink.bytes / Math.max(1, sink.ids.size),
    requests: sink.requests,
    delivered: sink.ids.size,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
async function measure(name: string, setup: string, call: string): Promise<Result> {
  const runs: Result[] = [];
  // Snowplow takes minutes to work through a burst of 2000 on this harness: one run of it.
  for (let i = 0; i < (name === 'snowplow' ? 1 : RUNS); i++) runs.push(await measureOnce(setup, call));
  const m = (k: keyof Result) => median(runs.map((r) => r[k]));
  const res: Result = { trackUs: m('trackUs'), mainThreadUs: m('mainThreadUs'), bytesPerEvent: m('bytesPerEvent'), requests: m('requests'), delivered: m('delivered') };
  console.log(`${name.padEnd(18)} track() ${res.trackUs.toFixed(1).padStart(7)} µs | main thread ${res.mainThreadUs.toFixed(0).padStart(6)} µs | ` +
    `${res.bytesPerEvent.toFixed(0).padStart(5)} B on the wire | ${String(res.requests).padStart(4)} requests | delivered ${res.delivered} / ${CALLS}` +
    `   (runs: ${runs.map((r) => `${r.mainThreadUs.toFixed(0)} µs ${r.bytesPerEvent.toFixed(0)} B`).join(', ')})`);
  return res;
}

const load = (src: string, init: string) =>
  `(() => { const s = document.createElement('script'); s.src = '${src}'; document.head.append(s); return new Promise((r) => s.onload = () => { ${init}; r(); }); })()`;
const posthogInit = (extra: string) =>
  `posthog.init('phc_bench', { api_host: '${base}', defaults: '2026-05-30', autocapture: false, capture_pageview: false, disable_session_recording: true, advanced_disable_flags: true, persistence: 'localStorage', opt_out_useragent_filter: true${extra} })`;
const sdks: [string, string, string][] = [
  ['waymark', load('/waymark.js', `waymark.init({ writeKey: 'wk_bench', endpoint: '${base}', autocapture: false })`),
    `waymark.track('bench_event', { n, plan: 'pro', price: 49 });`],
  // The fallback where a browser has no CompressionStream: the shared context only.
  ['waymark, plain JSON', `delete window.CompressionStream; ${load('/waymark.js', `waymark.init({ writeKey: 'wk_bench', endpoint: '${base}', autocapture: false })`)}`,
    `waymark.track('bench_event', { n, plan: 'pro', price: 49 });`],
  ['posthog', load('/posthog.js', posthogInit('')), `posthog.capture('bench_event', { n, plan: 'pro', price: 49 });`],
  ['posthog, limiter↑', load('/posthog.js', posthogInit(', rate_limiting: { events_per_second: 100000, events_burst_limit: 100000 }')),
    `posthog.capture('bench_event', { n, plan: 'pro', price: 49 });`],
  ['snowplow', load('/snowplow.js', `snowplowBrowserTracking.newTracker('sp', '${base}', { appId: 'bench' })`),
    `snowplowBrowserTracking.trackSelfDescribingEvent({ event: { schema: 'iglu:com.example/bench_event/jsonschema/1-0-0', data: { n, plan: 'pro', price: 49 } } });`],
];
const results: Record<string, Result> = {};
for (const [name, setup, call] of sdks) if (!only || name.startsWith(only)) results[name] = await measure(name, setup, call);
await browser.close();
server.close();

const w = results.waymark;
// PostHog at its best: the better of its rows that delivered every event.
const best = Object.entries(results).filter(([n, r]) => n.startsWith('posthog') && r.delivered === CALLS).map(([, r]) => r);
const bestOf = (k: keyof Result) => (best.length ? Math.min(...best.map((r) => r[k])) : NaN);
if (w) {
  const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');
  console.log(`ours/posthog at its best: track() ${ratio(w.trackUs, bestOf('trackUs'))}, main thread ${ratio(w.mainThreadUs, bestOf('mainThreadUs'))}, bytes ${ratio(w.bytesPerEvent, bestOf('bytesPerEvent'))}`);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`budgets: bytes on the wire ≤ 40 B/event ${met(w.bytesPerEvent <= 40)}; main thread ≤ 50 µs/event ${met(w.mainThreadUs <= 50)}; ` +
    `track() ≤ 20 µs ${met(w.trackUs <= 20)}; all ${CALLS} delivered ${met(w.delivered === CALLS)}; ` +
    `core gzip ${ours} ≤ ${SIZE_BUDGET_GZIP} B ${met(ours <= SIZE_BUDGET_GZIP)}; survey widget gzip ${survey} ≤ ${SURVEY_BUDGET_GZIP} B ${met(survey <= SURVEY_BUDGET_GZIP)}`);
}
