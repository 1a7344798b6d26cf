// Scenario 5, short variant: one write key floods; it gets 429s while another site's ingest and
// /healthz keep their p99 within 2x of the unloaded figure.
import { expect, it } from 'vitest';
import { floodRun } from './lib/flood.js';

it('a flooding write key gets 429s and does not slow the other site down', async () => {
  const r = await floodRun({ baselineMs: 4000, floodMs: 8000, floodClients: 2, lanes: 4, eventsPerSecond: 500 });
  console.log('flood:', JSON.stringify(r));
  expect(r.neighbourErrors).toBe(0);
  expect(r.flood.status429).toBeGreaterThan(r.flood.requests / 2);
  expect(r.flooded.ingestP99).toBeLessThanOrEqual(2 * r.baseline.ingestP99);
  expect(r.flooded.healthP99).toBeLessThanOrEqual(2 * r.baseline.healthP99);
}, 120_000);
