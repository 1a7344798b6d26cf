// Where the SDK's main-thread time goes in the 2000-call burst: a CDP Profiler sample of the
// burst until its sends settle, summed by function (self time), in real Chromium.
// `npx tsx tests/bench/sdk-profile.ts [file.iife.js]` (an unminified build names the functions).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../helpers/chromium.js';

const file = process.argv[2] ?? new URL('../../dist/sdk/waymark.iife.js', import.meta.url).pathname;
const CALLS = 2000;
let requests = 0;
const server = createServer((req, res) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  if (req.url === '/page.html') return res.setHeader('Content-Type', 'text/html'), res.end('<!doctype html><title>bench</title><p>bench');
  if (req.url === '/waymark.js') return res.setHeader('Content-Type', 'text/javascript'), res.end(readFileSync(file));
  req.resume();
  req.on('end', () => {
    requests++;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ accepted: 1, duplicates: 0, duplicateIds: [], rejected: [] }));
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();
const page = await browser.context.newPage();
const cdp = await browser.context.newCDPSession(page);
await cdp.send('Performance.enable');
await page.goto(`${base}/page.html`);
await page.evaluate(`(() => { const s = document.createElement('script'); s.src = '/waymark.js'; document.head.append(s);
  return new Promise((r) => s.onload = () => { waymark.init({ writeKey: 'wk_bench', endpoint: '${base}', autocapture: false }); r(); }); })()`);
await page.waitForTimeout(2500);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
const task = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value);
const before = await task();
await cdp.send('Profiler.start');
requests = 0;
const loopMs = (await page.evaluate(`(() => { const t0 = performance.now();
  for (let n = 0; n < ${CALLS}; n++) waymark.track('bench_event', { n, plan: 'pro', price: 49 });
  return performance.now() - t0; })()`)) as number;
let last = -1;
for (let quiet = 0, waited = 0; quiet < 2000 || waited < 4000; waited += 250) {
  await page.waitForTimeout(250);
  quiet = requests === last ? quiet + 250 : 0;
  last = requests;
}
const { profile } = await cdp.send('Profiler.stop');
const after = await task();
console.log(`track() ${((loopMs * 1000) / CALLS).toFixed(1)} µs; main thread ${(((after - before) * 1e6) / CALLS).toFixed(0)} µs/event; ${requests} requests`);
// Self time per node from the samples' time deltas.
const self = new Map<number, number>();
profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + profile.timeDeltas![i]));
const byName = new Map<string, number>();
for (const n of profile.nodes) {
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0));
}
const total = [...byName.values()].reduce((a, b) => a + b, 0);
console.log(`sampled ${(total / 1000).toFixed(0)} ms; top self times (µs per event):`);
for (const [k, v] of [...byName].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(v / CALLS).toFixed(1).padStart(7)}  ${k}`);
await browser.close();
server.close();
