// A journey map rebuilds every journey in one long scan; ingest must keep answering meanwhile.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';

let c: InProcessCollector;
beforeAll(async () => {
  c = await serveCollector();
  // Several scan pages' worth of events, written straight into the store.
  await seedVolume({ customers: 1000, events: 20_000, seed: 9 }, storeSink(c.store, 'dev', { trusted: true }));
}, 120_000);
afterAll(() => c?.close());

it('answers POST /v1/batch while a journey map is being computed', async () => {
  let mapDone = 0;
  const map = fetch(`${c.url}/v1/journey-map`, { headers: { authorization: `Bearer ${c.readToken}` } })
    .then(async (r) => { mapDone = performance.now(); return r.json(); });
  await new Promise((r) => setTimeout(r, 50));
  const r = await post(c.url, batch(c.writeKey, [event()]));
  const ingestDone = performance.now();
  expect(r.status).toBe(200);
  const result: any = await map;
  expect(result.customers).toBeGreaterThanOrEqual(1000);
  expect(ingestDone).toBeLessThan(mapDone);
}, 120_000);
