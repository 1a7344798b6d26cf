// Scenario 5: one write key floods the collector while another site keeps sending and a monitor
// polls /healthz. Quiet and flooded windows alternate (the flood clients keep to a shared
// clock), so both latency samples see the same background load on a shared machine. The flood
// must be held to its limit with 429s and the others' p99 must stay within 2x of the quiet windows.
import { bundled } from './bundle.js';
import { startCollector } from '../../helpers/collector.js';
import { runClient } from './load.js';
import type { ClientReport } from './load-client.js';
import { validEvent } from './hostile.js';

const flooder = { id: 'flooder', writeKey: 'wk_flooding_site', origins: [] };
const neighbour = { id: 'neighbour', writeKey: 'wk_neighbour_site', origins: [] };

export interface Latencies { ingestP99: number; healthP99: number; samples: number }
export interface FloodResult {
  quiet: Latencies;
  flooded: Latencies;
  flood: {
    requests: number; status429: number; accepted: number; requestsPerSecond: number; eventsPerSecond: number;
    /** Events in the flooder's requests that got through (200), and what the limit allows over the run (rate × time + burst). */
    letThrough: number; allowance: number;
  };
  neighbourErrors: number;
  neighbourEventsPerSecond: number;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

async function timed(url: string, init?: RequestInit): Promise<number | null> {
  const t = performance.now();
  const r = await fetch(url, init).catch(() => null);
  await r?.text();
  return r?.status === 200 ? performance.now() - t : null;
}

export async function floodRun(o: { windows: number; windowMs: number; floodClients: number; lanes: number; eventsPerSecond: number }): Promise<FloodResult> {
  const entry = await bundled('collector/src/server.ts');
  const c = await startCollector({ entry, config: { sites: [flooder, neighbour], readToken: 'rt_flood_scenario_token', limits: { eventsPerSecond: o.eventsPerSecond } } });
  try {
    for (let i = 0; i < 20; i++) await timed(`${c.url}/healthz`); // warm up
    // Windows start once the flood clients have surely started; window 0 (quiet) comes first.
    const epoch = Date.now() + 3000;
    const end = epoch + o.windows * o.windowMs;
    const floods: Promise<ClientReport>[] = Array.from({ length: o.floodClients }, (_, client) => runClient({
      url: c.url, writeKey: flooder.writeKey, client, durationMs: end - Date.now(), drainMs: 0, batchSize: 50,
      concurrency: o.lanes, flood: true, windowMs: o.windowMs, epoch,
    }));
    await new Promise((r) => setTimeout(r, epoch - Date.now()));
    const samples = { quiet: { ingest: [] as number[], health: [] as number[] }, flooded: { ingest: [] as number[], health: [] as number[] } };
    let errors = 0;
    let sent = 0;
    while (Date.now() < end - 50) {
      const started = Date.now();
      const window = Math.floor((started - epoch) / o.windowMs);
      // Skip the first 200 ms of a window: the flood is still ramping up or draining.
      const settled = started - epoch - window * o.windowMs > 200;
      const body = JSON.stringify({ v: 1, writeKey: neighbour.writeKey, sentAt: new Date().toISOString(), events: [validEvent()] });
      const [ingest, health] = await Promise.all([
        timed(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
        timed(`${c.url}/healthz`),
      ]);
      if (ingest === null || health === null) errors++;
      else sent += 1;
      const bucket = window % 2 === 0 ? samples.quiet : samples.flooded;
      if (settled && ingest !== null && health !== null) { bucket.ingest.push(ingest); bucket.health.push(health); }
      await new Promise((r) => setTimeout(r, Math.max(0, started + 10 - Date.now())));
    }
    const reports = await Promise.all(floods);
    const floodSeconds = (o.windows / 2) * (o.windowMs / 1000);
    const sum = (k: keyof ClientReport) => reports.reduce((n, r) => n + (r[k] as number), 0);
    const lat = (s: { ingest: number[]; health: number[] }): Latencies => ({ ingestP99: Math.round(percentile(s.ingest, 99)), healthP99: Math.round(percentile(s.health, 99)), samples: s.ingest.length });
    return {
      quiet: lat(samples.quiet), flooded: lat(samples.flooded),
      flood: {
        requests: sum('requests'), status429: sum('status429'), accepted: sum('accepted'),
        requestsPerSecond: Math.round(sum('requests') / floodSeconds), eventsPerSecond: Math.round((sum('requests') * 50) / floodSeconds),
        letThrough: (sum('requests') - sum('status429') - sum('failures')) * 50,
        allowance: Math.round(o.eventsPerSecond * (Math.max(...reports.map((r) => r.seconds)) + 10)),
      },
      neighbourErrors: errors,
      neighbourEventsPerSecond: Math.round(sent / ((end - epoch) / 1000)),
    };
  } finally {
    await c.stop();
  }
}
