// Scenario 3, short variant: 3,000 generated hostile requests at the ingest and read APIs of a
// real collector process. The long variant (npm run test:chaos) sends more and holds slow bodies
// longer. Replay a failure with WAYMARK_HOSTILE_SEED=<the seed in the test name>.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCollector, startCollector, type InProcessCollector, type RunningCollector } from '../helpers/collector.js';
import { ingestCases } from './lib/hostile.js';
import { hostileRun } from './lib/hostile-run.js';
import { sendAll } from './lib/send.js';

const seed = Number(process.env.WAYMARK_HOSTILE_SEED ?? Date.now() % 1_000_000);
const config = { sites: [{ id: 'shop', writeKey: 'wk_hostile_test', origins: [] }], readToken: 'rt_hostile_read_token_secret' };

describe('hostile input', () => {
  let c: RunningCollector;
  beforeAll(async () => { c = await startCollector({ config }); });
  afterAll(async () => { await c?.stop(); });

  it(`a collector process survives 3,000 hostile requests (seed ${seed})`, async () => {
    const r = await hostileRun(c, { ingest: 2_700, read: 300, slow: { n: 40, ms: 3_000 }, seed, concurrency: 6 });
    console.log(`hostile input: ${r.inputs} inputs in ${r.seconds} s (${r.requestsPerSecond} req/s), ${r.validSent} valid neighbours stored, ${r.quarantined} quarantined, peak RSS ${r.peakRssMb} MB`);
    console.table(Object.fromEntries(Object.entries(r.byKind).map(([k, v]) => [k, { cases: v.cases, statuses: JSON.stringify(v.statuses) }])));
    expect(r.problems.slice(0, 20)).toEqual([]);
    expect(r.inputs).toBeGreaterThanOrEqual(3_000);
    expect(r.validSent).toBeGreaterThan(300);
    expect(r.quarantined).toBeGreaterThan(300);
    // SQLite may cache up to 256 MiB of pages; beyond that, memory would grow with the attack.
    expect(r.peakRssMb).toBeLessThan(700);
  }, 240_000);
});

describe('prototype pollution', () => {
  let s: InProcessCollector;
  beforeAll(async () => { s = await serveCollector({ config }); });
  afterAll(async () => { await s?.close(); });

  // In-process, so a polluted Object.prototype in the collector would be visible here.
  it('__proto__ and constructor keys at every level leave Object.prototype alone', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).join();
    const cases = ingestCases(s.writeKey, 2000, seed).filter((c) => c.kind === '__proto__ keys' || c.kind === 'wrong types (event)');
    const out = await sendAll(s.url, cases, 8);
    expect(out.flatMap((o) => o.problems)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The keys are kept as data, exactly as sent.
    let kept = 0;
    for await (const e of s.store.scanEvents()) if (Object.prototype.hasOwnProperty.call(e.event.properties ?? {}, '__proto__')) kept++;
    expect(kept).toBeGreaterThan(0);
  });
});
