// Scenario 5: one write key floods the collector while another site keeps sending and a monitor
// polls /healthz. The flood must get 429s and the others' p99 latency must stay within 2x of
// what it was with no flood.
import { bundled } from './bundle.js';
import { startCollector } from '../../helpers/collector.js';
import { runClient } from './load.js';
import type { ClientReport } from './load-client.js';
import { validEvent } from './hostile.js';

const flooder = { id: 'flooder', writeKey: 'wk_flooding_site', origins: [] };
const neighbour = { id: 'neighbour', writeKey: 'wk_neighbour_site', origins: [] };

export interface FloodResult {
  baseline: { ingestP99: number; healthP99: number; samples: number };
  flooded: { ingestP99: number; healthP99: number; samples: number };
  flood: { requests: number; status429: number; accepted: number; requestsPerSecond: number; eventsPerSecond: number };
  neighbourErrors: number;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

/** One neighbour batch and one /healthz every `everyMs`, for `ms`; latencies in ms. */
async function probe(url: string, ms: number, everyMs: number) {
  const ingest: number[] = [];
  const health: number[] = [];
  let errors = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const next = Date.now() + everyMs;
    const body = JSON.stringify({ v: 1, writeKey: neighbour.writeKey, sentAt: new Date().toISOString(), events: Array.from({ length: 10 }, () => validEvent()) });
    await Promise.all([
      (async () => {
        const t = performance.now();
        const r = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => null);
        await r?.text();
        if (r?.status === 200) ingest.push(performance.now() - t); else errors++;
      })(),
      (async () => {
        const t = performance.now();
        const r = await fetch(`${url}/healthz`).catch(() => null);
        await r?.text();
        if (r?.status === 200) health.push(performance.now() - t); else errors++;
      })(),
    ]);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  return { ingest, health, errors };
}

export async function floodRun(o: { baselineMs: number; floodMs: number; floodClients: number; lanes: number; eventsPerSecond: number }): Promise<FloodResult> {
  const entry = await bundled('collector/src/server.ts');
  const c = await startCollector({ entry, config: { sites: [flooder, neighbour], readToken: 'rt_flood_scenario_token', limits: { eventsPerSecond: o.eventsPerSecond } } });
  try {
    await probe(c.url, 500, 10); // warm up the JIT and the connections
    const base = await probe(c.url, o.baselineMs, 10);
    const floods: Promise<ClientReport>[] = Array.from({ length: o.floodClients }, (_, client) => runClient({
      url: c.url, writeKey: flooder.writeKey, client, durationMs: o.floodMs + 1500, drainMs: 0, batchSize: 50, concurrency: o.lanes, flood: true,
    }));
    await new Promise((r) => setTimeout(r, 1500)); // let the flood clients start and reach full speed
    const loaded = await probe(c.url, o.floodMs, 10);
    const reports = await Promise.all(floods);
    const seconds = Math.max(...reports.map((r) => r.seconds));
    const sum = (k: keyof ClientReport) => reports.reduce((n, r) => n + (r[k] as number), 0);
    return {
      baseline: { ingestP99: percentile(base.ingest, 99), healthP99: percentile(base.health, 99), samples: base.ingest.length },
      flooded: { ingestP99: percentile(loaded.ingest, 99), healthP99: percentile(loaded.health, 99), samples: loaded.ingest.length },
      flood: {
        requests: sum('requests'), status429: sum('status429'), accepted: sum('accepted'),
        requestsPerSecond: Math.round(sum('requests') / seconds), eventsPerSecond: Math.round((sum('requests') * 50) / seconds),
      },
      neighbourErrors: base.errors + loaded.errors,
    };
  } finally {
    await c.stop();
  }
}
