// The SDK end to end: the demo shop in real Chromium, the real collector as a process on
// loopback, and its SQLite file as the judge of what arrived.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import type { WireEvent } from '../../wire/index.js';
import { counts, grantConsent, quarantined, recordDebug, recordSends, SEND_MODES, storedEvents, until, withoutCompression } from './e2e-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let collector: RunningCollector;
let browser: Chromium | undefined;

beforeAll(async () => {
  if (!existsSync(`${root}dist/sdk/waymark.iife.js`)) throw new Error('dist/sdk/waymark.iife.js is missing; run `npm run build` first');
  collector = await startCollector();
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

async function freshBrowser(compress = true) {
  await browser?.close();
  browser = await launchChromium();
  if (!compress) await withoutCompression(browser.context);
  return browser.context;
}

/** Requests by fetch went gzip-compressed exactly when the browser could compress (beacons never are). */
const expectCompression = (sends: { type: string; gzip: boolean }[], compress: boolean) => {
  const fetched = sends.filter((x) => x.type === 'fetch');
  expect(fetched.length).toBeGreaterThan(0);
  expect(fetched.filter((x) => x.gzip !== compress)).toEqual([]);
  expect(sends.filter((x) => x.type !== 'fetch' && x.gzip)).toEqual([]);
};

const ofVisitor = (anonymousId: string) => storedEvents(collector.dbFile).filter((e) => e.anonymousId === anonymousId);
const label = (e: WireEvent) => (e.type === 'page' ? `page ${e.context.path}` : e.type === 'track' ? e.name! : e.type);
const anonymousIdOf = (page: Page) => page.evaluate(() => localStorage.getItem('waymark_aid')!);

describe.each(SEND_MODES)('a scripted visit, $mode', ({ compress }) => {
  it('page → click → form → identify → SPA navigation arrives exactly once, in one session, with its UTM', async () => {
    const context = await freshBrowser(compress);
    const debug = await recordDebug(context);
    const sent = recordSends(context);
    const page = await context.newPage();
    await page.goto(`${collector.url}/demo/?utm_source=newsletter&utm_medium=email&utm_campaign=spring`);
    await page.click('#consent-accept');
    await page.click('text=View lamp');
    await page.click('#add');
    await page.click('text=Go to cart');
    await page.fill('#fullname', 'Ada Lovelace');
    await page.fill('#email', 'ada@example.com');
    await page.fill('#card', '4111111111111111');
    await page.click('#pay');
    await page.waitForSelector('#done:not([hidden])');
    await page.click('#who');
    await page.fill('#login-email', 'ada@example.com');
    await page.fill('#password', 'secret-password');
    await page.click('#login-submit');
    await page.waitForURL('**/demo/account/');
    await page.click('#start');
    for (let i = 0; i < 3; i++) await page.click('#next');
    await page.waitForURL('**/demo/account/');
    await page.evaluate(() => window.waymark.flush());
    const anon = await anonymousIdOf(page);

    const events = await until('the visit at the collector', () => ofVisitor(anon), (es) => es.some((e) => e.name === 'onboarding_completed'));
    const labels = events.map(label);
    for (const expected of [
      'page /demo/', '$click', 'page /demo/product.html', 'product_viewed', 'product_added', 'page /demo/cart.html', '$submit', 'order_completed',
      'page /demo/login.html', 'identify', 'page /demo/account/', 'page /demo/account/onboarding/1', 'page /demo/account/onboarding/2',
      'page /demo/account/onboarding/3', 'onboarding_step_completed', 'onboarding_completed', '$page_leave',
    ]) expect(labels, `missing ${expected}`).toContain(expected);
    expect(counts(labels)['onboarding_step_completed']).toBe(3);
    expect(counts(labels)['order_completed']).toBe(1);

    // Exactly once: none stored twice, and none sent again once its answer was seen (a request
    // still open when its page navigated is sent again by the next page, and dropped as a copy).
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(sent.resentAfterAnswer(debug)).toEqual([]);
    expectCompression(sent.sends, compress);
    console.log(`scripted visit: ${events.length} events, ${sent.sends.length} requests, ids sent twice (request open at navigation): ${sent.sentTwice().length}`);

    // One session, its campaign on every event of it; the user id from identify() on.
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(1);
    for (const e of events) expect(e.context.utm).toEqual({ source: 'newsletter', medium: 'email', campaign: 'spring' });
    const identify = events.find((e) => e.type === 'identify')!;
    expect(identify.userId).toBe('user-ada-example-com');
    expect(events.filter((e) => e.timestamp > identify.timestamp).every((e) => e.userId === 'user-ada-example-com')).toBe(true);

    // Element descriptions, and never what was typed.
    const add = events.find((e) => e.name === '$click' && e.properties?.id === 'add')!;
    expect(add.properties).toMatchObject({ tag: 'button', selector: '#add', text: 'Add to cart' });
    const body = JSON.stringify(events);
    for (const typed of ['Ada Lovelace', 'ada@example.com', '4111111111111111', 'secret-password']) expect(body).not.toContain(typed);
    expect(events.every((e) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.id))).toBe(true);
  });
});

describe.each(SEND_MODES)('offline, $mode', ({ compress }) => {
  it('events made while the collector is stopped, across five pages, a reload and a closed tab, arrive exactly once when it is back', async () => {
    // The shop is served by a second collector process; its pages send their events to `ingest`,
    // which is stopped and restarted on the same port and database.
    const config = { sites: [{ id: 'shop', writeKey: 'wk_offline_test_key' }], readToken: 'rt_offline_test_token' };
    const ingest = await startCollector({ config });
    const shop = await startCollector({ config, env: { WAYMARK_DEMO_ENDPOINT: ingest.url } });
    try {
      const context = await freshBrowser(compress);
      await grantConsent(context);
      const debug = await recordDebug(context);
      const sent = recordSends(context);
      const stored = (anon: string) => storedEvents(ingest.dbFile).filter((e) => e.anonymousId === anon);

      // Seen once online: a page then knows the collector answered recently.
      const first = await context.newPage();
      await first.goto(`${shop.url}/demo/`);
      await first.evaluate(() => window.waymark.flush());
      const anon = await anonymousIdOf(first);
      await until('the online page view', () => stored(anon), (es) => es.length > 0);
      await ingest.stop();
      const stoppedAt = Date.now();

      for (const path of ['/demo/product.html?id=lamp', '/demo/product.html?id=chair', '/demo/cart.html', '/demo/login.html', '/demo/']) {
        await first.goto(shop.url + path);
        await first.mouse.click(5, 300);
        // One page waits for its send to fail, so the visit surely tried while the collector was
        // down; on a busy machine the others may navigate before their first flush.
        if (path === '/demo/cart.html') expect(await first.evaluate(() => window.waymark.flush())).toBe(false);
      }
      await first.evaluate(() => window.waymark.track('before_reload'));
      await first.reload();
      await first.evaluate(() => window.waymark.track('after_reload'));
      await first.close({ runBeforeUnload: true });
      await new Promise((r) => setTimeout(r, 1500));
      // The pages did try to send while it was down (their `failed` statuses can be lost with the
      // page on the debug channel, so the requests themselves are the evidence).
      expect(sent.sends.some((x) => x.at > stoppedAt && x.ids.length > 0)).toBe(true);

      await ingest.restart();
      const again = await context.newPage();
      await again.goto(`${shop.url}/demo/`);
      await again.evaluate(() => window.waymark.flush());
      const made = debug.touchpoints().filter((e) => e.anonymousId === anon);
      const madeIds = new Set(made.map((e) => e.id));
      const events = await until('every offline event at the collector', () => stored(anon), (es) => [...madeIds].every((id) => es.some((e) => e.id === id)) && es.some((e) => e.name === 'after_reload'));
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(events.filter((e) => e.name === 'before_reload' || e.name === 'after_reload').length).toBe(2);
      expect(counts(events.filter((e) => e.type === 'page').map((e) => e.context.path))).toMatchObject({ '/demo/': 4, '/demo/product.html': 2, '/demo/cart.html': 1, '/demo/login.html': 1 });
      // Every page left has its $page_leave, made during unload while the collector was down.
      const left = events.filter((e) => e.name === '$page_leave').map((e) => `${e.properties?.url}`.replace(shop.url, ''));
      expect(left).toEqual(['/demo/', '/demo/product.html?id=lamp', '/demo/product.html?id=chair', '/demo/cart.html', '/demo/login.html', '/demo/', '/demo/']);
      // Nothing arrived that this visit did not make. The debug channel can miss messages of a
      // page that goes away soon after (seen under load for a page view and a click, besides the
      // $page_leave made while unloading), so what it missed is judged by what the events say:
      // this visitor's session, on a page the visit went to.
      const visited = new Set(['/demo/', '/demo/product.html', '/demo/cart.html', '/demo/login.html']);
      const unseen = events.filter((e) => !madeIds.has(e.id));
      expect(unseen.filter((e) => e.sessionId !== made[0].sessionId || !visited.has(e.context.path ?? '')).map(label)).toEqual([]);
      expectCompression(sent.sends, compress);
      console.log(`offline: ${events.length} events stored once each; ${sent.sends.length} requests, ids sent more than once: ${sent.sentTwice().length}`);
    } finally {
      await shop.stop();
      await ingest.stop().catch(() => {});
    }
  }, 240_000);
});

describe.each(SEND_MODES)('two tabs, $mode', ({ compress }) => {
  it('browsing at once share one outbox: no duplicate rows, nothing missing, nothing resent once answered', async () => {
    const context = await freshBrowser(compress);
    await grantConsent(context);
    const debug = await recordDebug(context);
    const sent = recordSends(context);
    const browse = async (tab: string) => {
      const page = await context.newPage();
      for (const id of ['lamp', 'chair', 'mug', 'lamp']) {
        await page.goto(`${collector.url}/demo/product.html?id=${id}`);
        await page.evaluate((t) => { for (let i = 0; i < 20; i++) window.waymark.track('burst', { tab: t, i }); }, tab);
        await page.click('#add');
      }
      return page;
    };
    // The visitor has been here before: two tabs opened in the same instant on a first visit can
    // each mint an anonymous id before seeing the other's (localStorage has no compare-and-set).
    await (await context.newPage()).goto(`${collector.url}/demo/`);
    const [a, b] = await Promise.all([browse('a'), browse('b')]);
    await Promise.all([a.evaluate(() => window.waymark.flush()), b.evaluate(() => window.waymark.flush())]);
    const anon = await anonymousIdOf(a);
    expect(await anonymousIdOf(b)).toBe(anon);
    const made = new Set(debug.touchpoints().map((e) => e.id));
    const stored = await until('both tabs at the collector', () => ofVisitor(anon), (es) => [...made].every((id) => es.some((e) => e.id === id)) && es.filter((e) => e.name === 'burst').length === 160, 45_000);
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
    // The Web Lock keeps the tabs from sending the same batch at once; what either sends again is
    // only what a navigating page left unanswered (the collector reports those copies as
    // duplicates), never an event a page has seen answered.
    expect(sent.resentAfterAnswer(debug)).toEqual([]);
    expectCompression(sent.sends, compress);
    console.log(`two tabs: ${stored.length} events, ${sent.sends.length} requests, ids sent twice (request open at navigation): ${sent.sentTwice().length}`);
  });
});

describe('sessions', () => {
  it('are shared by the tabs of a site: a tab idle past the timeout joins the session another tab kept alive', async () => {
    const context = await freshBrowser();
    const writeKey = (await (await fetch(`${collector.url}/demo/`)).text()).match(/writeKey: '([^']+)'/)![1];
    const url = `${collector.url}/demo/sessions.html`;
    // A 3-second session timeout; no autocapture, so only the tracked events count.
    await context.route(url, (r) => r.fulfill({
      contentType: 'text/html',
      body: `<script src="/sdk/waymark.iife.js"></script><script>waymark.init(${JSON.stringify({ writeKey, endpoint: collector.url, sessionTimeoutMinutes: 0.05, autocapture: false })})</script>`,
    }));
    const [a, b] = [await context.newPage(), await context.newPage()];
    await a.goto(url);
    await b.goto(url);
    await a.evaluate(() => window.waymark.track('a_before'));
    for (let i = 0; i < 5; i++) {
      await b.evaluate(() => window.waymark.track('b_keeps_it_alive'));
      await new Promise((r) => setTimeout(r, 1000));
    }
    await a.evaluate(() => window.waymark.track('a_after'));
    await a.evaluate(() => window.waymark.flush());
    await b.evaluate(() => window.waymark.flush());
    const anon = await anonymousIdOf(a);
    const events = await until('both tabs\' events', () => ofVisitor(anon), (es) => es.some((e) => e.name === 'a_after') && es.filter((e) => e.name === 'b_keeps_it_alive').length === 5);
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(1);
  });
});

describe('consent', () => {
  it('pending: nothing is stored or sent until granted; then what was held arrives', async () => {
    const context = await freshBrowser();
    const sent = recordSends(context);
    const page = await context.newPage();
    await page.goto(`${collector.url}/demo/product.html?id=mug`);
    await page.click('#add');
    await new Promise((r) => setTimeout(r, 2000));
    expect(sent.sends).toEqual([]);
    const stored = await page.evaluate(async () => ({
      keys: Object.keys(localStorage).filter((k) => k.startsWith('waymark')),
      cookies: document.cookie,
      dbs: (await indexedDB.databases()).map((d) => d.name),
    }));
    expect(stored.keys).toEqual([]);
    expect(stored.dbs).toEqual([]);
    expect(stored.cookies).toBe('');

    await page.click('#consent-accept');
    const anon = await anonymousIdOf(page);
    await page.evaluate(() => window.waymark.flush());
    const events = await until('held events after consent', () => ofVisitor(anon), (es) => es.some((e) => e.name === 'product_added'));
    expect(events.map(label)).toEqual(expect.arrayContaining(['page /demo/product.html', 'product_viewed', '$click', 'product_added']));
  });

  it('denied: nothing leaves the page and nothing is kept', async () => {
    const context = await freshBrowser();
    const sent = recordSends(context);
    const page = await context.newPage();
    await page.goto(`${collector.url}/demo/`);
    await page.click('#consent-decline');
    await page.click('text=View chair');
    await page.click('#add');
    await page.evaluate(() => window.waymark.flush());
    await new Promise((r) => setTimeout(r, 1500));
    expect(sent.sends).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('waymark')))).toEqual([]);
  });

  it('withdrawn on a page that had it: nothing is kept or sent afterwards, not even new ids', async () => {
    const context = await freshBrowser();
    await grantConsent(context);
    const sent = recordSends(context);
    const page = await context.newPage();
    await page.goto(`${collector.url}/demo/`);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('waymark')))).not.toEqual([]);
    await page.evaluate(() => window.waymark.flush());
    await page.evaluate(() => window.waymark.consent('denied'));
    const withdrawnAt = Date.now();
    await page.evaluate(() => {
      window.waymark.identify('user-after-denial', { email: 'x@example.com' });
      window.waymark.track('after_denial');
      window.waymark.page();
    });
    await page.evaluate(() => window.waymark.flush());
    await new Promise((r) => setTimeout(r, 1500));
    expect(sent.sends.filter((s) => s.at > withdrawnAt)).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('waymark')))).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });
});

describe('privacy signals', () => {
  /** A page that inits the SDK with defaults (plus `extra`) and tracks; every request the browser makes after loading it. */
  async function visitWithGpc(extra: Record<string, unknown>) {
    const context = await freshBrowser();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const writeKey = (await (await fetch(`${collector.url}/demo/`)).text()).match(/writeKey: '([^']+)'/)![1];
    const url = `${collector.url}/demo/gpc.html`;
    await context.route(url, (r) => r.fulfill({
      contentType: 'text/html',
      body: `<title>gpc</title><button id="b">Buy</button><script src="/sdk/waymark.iife.js"></script><script>waymark.init(${JSON.stringify({ writeKey, endpoint: collector.url, ...extra })})</script>`,
    }));
    const requests: string[] = [];
    context.on('request', (r) => requests.push(`${r.method()} ${r.url().replace(collector.url, '')}`));
    const page = await context.newPage();
    await page.goto(url);
    await page.click('#b');
    await page.evaluate(() => { window.waymark.track('after_gpc'); window.waymark.identify('user-gpc', { email: 'x@example.com' }); });
    await page.evaluate(() => window.waymark.flush());
    await page.goto(url); // a page leave and a second page view
    await page.evaluate(() => window.waymark.flush());
    await new Promise((r) => setTimeout(r, 1500));
    const kept = await page.evaluate(async () => ({
      keys: Object.keys(localStorage).filter((k) => k.startsWith('waymark')),
      dbs: (await indexedDB.databases()).map((d) => d.name),
      cookies: document.cookie,
    }));
    return { requests: requests.filter((r) => !r.endsWith('/demo/gpc.html') && !r.endsWith('/sdk/waymark.iife.js')), kept };
  }

  it('Global Privacy Control on, default options: nothing leaves the page and nothing is kept', async () => {
    const { requests, kept } = await visitWithGpc({});
    expect(requests).toEqual([]);
    expect(kept).toEqual({ keys: [], dbs: [], cookies: '' });
  });

  it('a site that opts out with respectPrivacySignals: false sends as usual', async () => {
    const { requests } = await visitWithGpc({ respectPrivacySignals: false });
    expect(requests.some((r) => r.startsWith('POST /v1/batch'))).toBe(true);
  });
});

describe('a rejected event', () => {
  it('is reported on the debug channel with the collector\'s reasons and does not block the rest', async () => {
    const context = await freshBrowser();
    await grantConsent(context);
    const debug = await recordDebug(context);
    const page = await context.newPage();
    await page.goto(`${collector.url}/demo/`);
    await page.evaluate(() => {
      window.waymark.track('too_big', { blob: 'x'.repeat(40_000) });
      window.waymark.track('after_the_big_one');
    });
    await page.evaluate(() => window.waymark.flush());
    const anon = await anonymousIdOf(page);
    const events = await until('the valid event', () => ofVisitor(anon), (es) => es.some((e) => e.name === 'after_the_big_one'));
    expect(events.some((e) => e.name === 'too_big')).toBe(false);
    const big = debug.touchpoints().find((e) => e.name === 'too_big')!;
    const after = debug.touchpoints().find((e) => e.name === 'after_the_big_one')!;
    await until('statuses', () => [debug.statusOf(big.id), debug.statusOf(after.id)], ([b, a]) => b.includes('rejected') && a.includes('accepted'));
    expect(debug.statusOf(big.id)).toEqual(['queued', 'sent', 'rejected']);
    expect(debug.statusOf(after.id)).toEqual(['queued', 'sent', 'accepted']);
    const rejected = debug.messages.find((m) => m.kind === 'status' && m.status === 'rejected');
    expect(rejected?.kind === 'status' && rejected.errors?.[big.id]?.join(' ')).toMatch(/32768/);
    expect(quarantined(collector.dbFile).some((q) => q.event_id === big.id)).toBe(true);
    // The outbox is empty afterwards: the rejected event is not retried forever.
    expect(await page.evaluate(() => window.waymark.flush())).toBe(true);
  });
});
