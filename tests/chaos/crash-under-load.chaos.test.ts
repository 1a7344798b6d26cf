// Scenario 1, long variant: 4 client processes at peak for 2 minutes, 12 SIGKILLs.
import { expect, it } from 'vitest';
import { crashUnderLoad } from '../reliability/lib/crash.js';
import { failures, record } from './results.js';

it('crash under load: 12 SIGKILLs in 2 minutes, nothing lost or duplicated', async () => {
  const r = await crashUnderLoad({ clients: 4, kills: 12, durationMs: 120_000 });
  const row = record({
    scenario: '1 crash under load', requestsPerSecond: Math.round(r.requests / r.seconds), eventsPerSecond: Math.round(r.events / r.seconds),
    faults: `${r.kills} SIGKILL + restart (${r.failures} requests failed and were retried)`, inputs: r.created, lost: r.lost, duplicated: r.duplicated,
    failed: failures({ 'events lost': r.lost === 0, 'events duplicated': r.duplicated === 0, 'left undelivered': r.undelivered === 0 }),
  });
  expect(row.failed).toEqual([]);
});
