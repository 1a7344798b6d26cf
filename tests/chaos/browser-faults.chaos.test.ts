// Scenario 2, long variant: the collector down for 2 minutes while a visitor browses; a tab
// closed mid-flush and the browser SIGKILLed and restarted on its profile; quota exhausted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector } from '../helpers/collector.js';
import { collectorDown, quotaExhausted, serveShop, tabClosedAndBrowserKilled, type RunningCollector, type ShopSite } from '../reliability/lib/browser-faults.js';
import { failures, record } from './results.js';

const site = { id: 'shop', writeKey: 'wk_browser_chaos', origins: [] };
let c: RunningCollector;
let shop: ShopSite;
beforeAll(async () => {
  c = await startCollector({ config: { sites: [site], readToken: 'rt_browser_chaos_token' } });
  shop = await serveShop(c.url, site.writeKey);
});
afterAll(async () => { await shop?.close(); await c?.stop(); });

const row = (scenario: string, faults: string, r: { expected: number; lost: number; duplicated: number; stored: number; reportedLost: number }) => record({
  scenario, requestsPerSecond: null, eventsPerSecond: null, faults, inputs: r.expected, lost: r.lost, duplicated: r.duplicated,
  failed: failures({ 'events lost unreported': r.lost === 0, 'events duplicated': r.duplicated === 0, 'every event accounted for': r.stored + r.reportedLost === r.expected }),
});

it('browser: collector down for 2 minutes', async () => {
  const r = await collectorDown(c, shop, 120_000);
  expect(row('2 browser: collector down 2 min', 'collector SIGKILLed, down 120 s over 4 page loads', r).failed).toEqual([]);
});

it('browser: tab closed mid-flush, browser SIGKILLed and restarted', async () => {
  const r = await tabClosedAndBrowserKilled(c, shop, mkdtempSync(join(tmpdir(), 'waymark-profile-')));
  expect(row('2 browser: tab closed, browser killed', 'tab closed mid-flush; collector down + Chromium SIGKILL, same profile', r).failed).toEqual([]);
});

it('browser: storage quota exhausted', async () => {
  const r = await quotaExhausted(c, shop);
  expect(row('2 browser: storage quota exhausted', `origin quota 1 byte (CDP); ${r.debugFailures} losses reported on the debug channel`, r).failed).toEqual([]);
});
