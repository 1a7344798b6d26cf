// Scenario 5, long variant: 20 alternating quiet/flooded windows of 3 s; the neighbour's p99
// in flooded windows must stay within 2x of the quiet ones.
import { expect, it } from 'vitest';
import { floodRun } from '../reliability/lib/flood.js';
import { failures, record } from './results.js';

it('flood: one write key floods, the other site and /healthz keep their p99', async () => {
  const r = await floodRun({ windows: 20, windowMs: 3000, floodClients: 2, lanes: 6, eventsPerSecond: 300 });
  console.log('flood:', JSON.stringify(r));
  const row = record({
    scenario: '5 flood (one write key)', requestsPerSecond: r.flood.requestsPerSecond, eventsPerSecond: r.flood.eventsPerSecond,
    faults: `flood of ${r.flood.requests} batches, ${r.flood.status429} answered 429, ${r.flood.letThrough} events let through of ${r.flood.allowance} allowed; neighbour p99 ingest ${r.quiet.ingestP99}→${r.flooded.ingestP99} ms, /healthz ${r.quiet.healthP99}→${r.flooded.healthP99} ms`,
    inputs: r.flood.requests, lost: r.neighbourErrors, duplicated: null,
    failed: failures({
      'flooder got 429s': r.flood.status429 > 0,
      'flooder held to its limit': r.flood.letThrough <= r.flood.allowance,
      'neighbour never failed': r.neighbourErrors === 0,
      'ingest p99 within 2x': r.flooded.ingestP99 <= 2 * r.quiet.ingestP99,
      '/healthz p99 within 2x': r.flooded.healthP99 <= 2 * r.quiet.healthP99,
    }),
  });
  expect(row.failed).toEqual([]);
});
