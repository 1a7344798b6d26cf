// Scenario 2, short variant, with the real SDK in Chromium: the collector down for ~20 s while a
// visitor browses several pages; a tab closed mid-flush; the browser SIGKILLed and restarted on
// the same profile; storage quota exhausted. Every event that reached the outbox must arrive
// exactly once, or be reported lost on the debug channel.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector } from '../helpers/collector.js';
import { SEND_MODES } from '../sdk/e2e-helpers.js';
import { closedWhileOutboxOpens, collectorDown, quotaExhausted, serveShop, tabClosedAndBrowserKilled, type RunningCollector, type ShopSite } from './lib/browser-faults.js';

const site = { id: 'shop', writeKey: 'wk_browser_faults', origins: [] };
let c: RunningCollector;
let shop: ShopSite;
beforeAll(async () => {
  c = await startCollector({ config: { sites: [site], readToken: 'rt_browser_faults_token' } });
  shop = await serveShop(c.url, site.writeKey);
});
afterAll(async () => { await shop?.close(); await c?.stop(); });

it.each(SEND_MODES)('collector down for 20 s while the visitor browses: everything arrives once it is back ($mode)', async ({ compress }) => {
  const r = await collectorDown(c, shop, 20_000, { compress });
  console.log('collector down:', JSON.stringify(r));
  expect(r).toEqual({ expected: 50, stored: 50, lost: 0, duplicated: 0, reportedLost: 0 });
}, 150_000);

it.each(SEND_MODES)('a tab closed mid-flush and a browser killed and restarted on its profile lose nothing ($mode)', async ({ compress }) => {
  const r = await tabClosedAndBrowserKilled(c, shop, mkdtempSync(join(tmpdir(), 'waymark-profile-')), { compress });
  console.log('tab closed + browser killed:', JSON.stringify(r));
  expect(r).toEqual({ expected: 50, stored: 50, lost: 0, duplicated: 0, reportedLost: 0 });
}, 150_000);

it('a tab closed while its outbox is still opening loses nothing', async () => {
  const r = await closedWhileOutboxOpens(c, shop, site.writeKey);
  console.log('closed while the outbox opens:', JSON.stringify(r));
  expect(r).toEqual({ expected: 30, stored: 30, lost: 0, duplicated: 0, reportedLost: 0 });
}, 90_000);

it('storage quota exhausted: events still arrive or are reported lost on the debug channel', async () => {
  const r = await quotaExhausted(c, shop);
  console.log('quota exhausted:', JSON.stringify(r));
  expect(r.expected).toBe(40);
  expect(r.lost).toBe(0);
  expect(r.duplicated).toBe(0);
}, 90_000);
