// Scenario 3, long variant: 12,000 generated hostile requests, 200 slow bodies held for 20 s.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { hostileRun } from '../reliability/lib/hostile-run.js';
import { failures, record } from './results.js';

const seed = Number(process.env.WAYMARK_HOSTILE_SEED ?? Date.now() % 1_000_000);
let c: RunningCollector;
beforeAll(async () => {
  c = await startCollector({ config: { sites: [{ id: 'shop', writeKey: 'wk_hostile_chaos', origins: [] }], readToken: 'rt_hostile_chaos_secret_token' } });
});
afterAll(async () => { await c?.stop(); });

it(`hostile input: 12,000 generated requests (seed ${seed})`, async () => {
  const r = await hostileRun(c, { ingest: 11_000, read: 1_000, slow: { n: 200, ms: 20_000 }, seed, concurrency: 8 });
  console.log(r.problems.slice(0, 20).join('\n'));
  const row = record({
    scenario: '3 hostile input', requestsPerSecond: r.requestsPerSecond, eventsPerSecond: null,
    faults: `${Object.keys(r.byKind).length} kinds of bad request, malformed HTTP, ${r.slowStatuses.length} slow bodies`, inputs: r.inputs,
    lost: r.validMissing, duplicated: null,
    failed: failures({ 'no 5xx, no crash, nothing leaked': r.problems.length === 0, 'peak RSS under 700 MB': (r.peakRssMb ?? 0) < 700 }),
  });
  console.log(`peak RSS ${r.peakRssMb} MB; ${r.validSent} valid neighbours stored; ${r.quarantined} quarantined`);
  expect(row.failed).toEqual([]);
});
