// Personalisation end to end: the demo shop in real Chromium (a person's user agent: headless
// Chromium is flagged as a bot and left out of journeys), the real collector as a process with
// its journey-state worker. A visitor places an order; waymark.profile() and the on('stage')
// listener (the demo's banner too) show the stage turn to purchase. The collector's stage rules
// count the cart as consideration, so that the order, not the cart, is what moves the stage.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PERSON_USER_AGENT, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { DEFAULT_STAGE_RULES } from '../../collector/src/journey/classify-stages.js';
import type { Profile } from '../../sdk/src/types.js';
import { until } from './e2e-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let collector: RunningCollector;
let browser: Chromium;

beforeAll(async () => {
  if (!existsSync(`${root}dist/sdk/waymark-profile.js`)) throw new Error('dist/sdk/waymark-profile.js is missing; run `npm run build` first');
  // The default rules, but a cart is still consideration: only the order itself is the purchase.
  const stages = DEFAULT_STAGE_RULES.map((r) => (r.when.url === '*/cart*' ? { ...r, stage: 'consideration' } : r));
  collector = await startCollector({ config: { stages } });
  browser = await launchChromium({ userAgent: PERSON_USER_AGENT });
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

/** Keeps every `stage` change the page's SDK reports, as [stage, previous]. */
const listen = (page: Page) =>
  page.evaluate(() => {
    (window as any).stageChanges = [];
    window.waymark.on('stage', (p, previous) => (window as any).stageChanges.push([p.stage, previous]));
  });
const changes = (page: Page) => page.evaluate(() => (window as any).stageChanges as [string | null, string | null][]);
const banner = (page: Page) => page.evaluate(() => document.getElementById('stage-banner')?.getAttribute('data-stage') ?? null);

describe('waymark.profile() and on("stage") on the demo shop', () => {
  it('show the stage change when the visitor places an order', async () => {
    const page = await browser.context.newPage();
    const profileRequests: string[] = [];
    page.on('request', (r) => r.url().includes('/v1/profile') && profileRequests.push(r.url()));
    await page.goto(`${collector.url}/demo/`);
    // Before consent the visitor is not looked up: nothing of theirs may leave the page.
    expect(await page.evaluate(() => window.waymark.profile())).toEqual({ stage: null, since: null, segments: [] });
    expect(profileRequests).toEqual([]);
    await page.click('#consent-accept');
    // The first touchpoints reach the collector: the stage is known, the demo's banner shows it.
    await until('a stage in the banner', () => banner(page), (s) => s !== null);

    await page.click('text=View lamp');
    await page.click('#add');
    await page.click('text=Go to cart');
    await page.waitForSelector('#items li');
    await listen(page);
    const before = await page.evaluate(() => window.waymark.profile());
    expect(before.stage).not.toBe('purchase');

    await page.fill('#fullname', 'Ada Lovelace');
    await page.fill('#email', 'ada@example.com');
    await page.click('#pay');
    await page.waitForSelector('#done:not([hidden])');

    const seen = await until('the stage change to purchase', () => changes(page), (c) => c.some(([s]) => s === 'purchase'));
    expect(seen.at(-1)).toEqual(['purchase', before.stage]);
    expect(await banner(page)).toBe('purchase');
    expect(await page.textContent('#stage-banner')).toBe('Welcome back — your order is on its way.');

    const after: Profile = await page.evaluate(() => window.waymark.profile());
    expect(after).toMatchObject({ stage: 'purchase', segments: [] });
    expect(Math.abs(Date.now() - Date.parse(after.since!))).toBeLessThan(60_000);
    // Only this visitor's own anonymous id was asked about, with the site's write key.
    const anonymousId = await page.evaluate(() => window.waymark.ids().anonymousId);
    expect(profileRequests.length).toBeGreaterThan(0);
    for (const url of profileRequests) expect(new URL(url).searchParams.get('anonymousId')).toBe(anonymousId);

    // The next page knows the stage at once (profile() on arrival), and a new stage listener stays quiet.
    await page.goto(`${collector.url}/demo/`);
    await listen(page);
    await until('the banner on the next page', () => banner(page), (s) => s === 'purchase');
    expect(await changes(page)).toEqual([]);
  });

  it("work through the snippet's stubs before the SDK has loaded", async () => {
    const page = await browser.context.newPage();
    const writeKey = (await (await fetch(`${collector.url}/demo/`)).text()).match(/writeKey: '([^']+)'/)![1];
    // The demo's snippet, its SDK held back for a while, and both calls made at once.
    // On localhost rather than 127.0.0.1: another origin, so a visitor of its own (storage is per origin).
    const base = collector.url.replace('127.0.0.1', 'localhost');
    const snippet = readFileSync(`${root}collector/demo/snippet.html`, 'utf8')
      .replace('{{sdkUrl}}', `${base}/sdk/waymark.iife.js`).replace('{{endpoint}}', base).replace('{{writeKey}}', writeKey)
      .replace("localStorage.getItem('demo-consent') || 'pending'", "'granted'");
    const early = `${base}/demo/early.html`;
    await page.route(early, (r) => r.fulfill({
      contentType: 'text/html',
      body: `<title>early</title>${snippet}<script>
        window.early = { loadedAtCall: !!window.waymark.ids, changes: [] };
        waymark.on('stage', function (p, previous) { window.early.changes.push([p.stage, previous]); });
        waymark.profile().then(function (p) { window.early.profile = p; });
      </script>`,
    }));
    await page.route(`${base}/sdk/waymark.iife.js`, async (r) => {
      await new Promise((done) => setTimeout(done, 500));
      await r.continue();
    });
    await page.goto(early);
    expect(await page.evaluate(() => (window as any).early.loadedAtCall)).toBe(false);
    const seen = await until('the queued calls answered', () => page.evaluate(() => (window as any).early), (e) => !!e.profile && e.changes.length > 0);
    expect([null, 'awareness']).toContain(seen.profile.stage);
    expect(seen.changes[0]).toEqual(['awareness', null]); // the page view, delivered, made the visitor known
  });
});

