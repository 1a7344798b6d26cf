// Scenario 1: client processes send at the collector's peak (closed loop, flat out) while the
// collector is SIGKILLed at random moments and restarted; then every created event is looked up.
import { join } from 'node:path';
import { startCollector } from '../../helpers/collector.js';
import { bundled } from './bundle.js';
import { runClient, tally, tempDir, type Tally } from './load.js';

export interface CrashOptions { clients: number; kills: number; durationMs: number; batchSize?: number; concurrency?: number }
export interface CrashResult extends Tally { kills: number; restartsMs: number[] }

const site = { id: 'crash', writeKey: 'wk_crash_under_load', origins: [] };

export async function crashUnderLoad(o: CrashOptions): Promise<CrashResult> {
  // The rate limit is lifted: this scenario is about durability at peak, not about fairness.
  const entry = await bundled('collector/src/server.ts');
  const c = await startCollector({ entry, config: { sites: [site], readToken: 'rt_crash_under_load_token', limits: { eventsPerSecond: 1e7 } } });
  const dir = tempDir('waymark-crash-');
  const idsFiles = Array.from({ length: o.clients }, (_, i) => join(dir, `ids-${i}.txt`));
  const clients = idsFiles.map((idsFile, client) => runClient({
    url: c.url, writeKey: site.writeKey, client, idsFile, durationMs: o.durationMs, drainMs: 60_000,
    batchSize: o.batchSize ?? 20, concurrency: o.concurrency ?? 4,
  }));

  const restartsMs: number[] = [];
  const start = Date.now();
  // Kills spread over the run at random moments: one in each slot of duration/kills.
  const slot = (o.durationMs - 1000) / o.kills;
  for (let k = 0; k < o.kills; k++) {
    const at = start + 500 + k * slot + Math.random() * slot * 0.7;
    await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
    await c.kill();
    const t = Date.now();
    await c.restart();
    restartsMs.push(Date.now() - t);
  }
  const reports = await Promise.all(clients);
  await c.stop();
  return { ...tally(c.dbFile, reports, idsFiles, site.id), kills: o.kills, restartsMs };
}
