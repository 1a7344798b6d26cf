// The extension in real Chromium: loaded unpacked, inspecting a page that embeds the real SDK,
// recording a page without it, annotating, exporting and uploading to a real collector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { artifacts, chromiumDir, extensionWorker, requireBuiltExtension, serveSites, tabIdOf, type Sites } from './fixtures.js';

const WRITE_KEY = 'wk_extension_e2e';
const READ_TOKEN = 'rt_extension_e2e_token';

let collector: RunningCollector;
let sites: Sites;
let browser: Chromium;
let worker: Worker;
let extId: string;

beforeAll(async () => {
  requireBuiltExtension();
  mkdirSync(artifacts, { recursive: true });
  // `*` lets the extension's own origin upload recordings (the ingest origin check).
  collector = await startCollector({ config: { sites: [{ id: 'e2e', writeKey: WRITE_KEY, origins: ['*'] }], readToken: READ_TOKEN } });
  sites = await serveSites(collector.url, WRITE_KEY);
  browser = await launchChromium({ extensionDir: chromiumDir });
  worker = await extensionWorker(browser.context);
  extId = new URL(worker.url()).host;
});

afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await collector?.stop();
});

const rows = (page: Page) => page.locator('tr.row');
async function rowFor(page: Page, name: string) {
  const row = rows(page).filter({ has: page.locator('[data-testid=event-name]', { hasText: name }) }).first();
  await row.waitFor({ timeout: 20_000 });
  return row;
}
async function statusOf(page: Page, name: string): Promise<string> {
  return (await (await rowFor(page, name)).locator('[data-testid=event-status]').innerText()).trim();
}

describe('inspecting a page that embeds the SDK', () => {
  it('lists every touchpoint from page start with its delivery status, including rejected ones with reasons', async () => {
    const site = await browser.context.newPage();
    await site.goto(`${sites.url}/shop/`);
    // The flag is set at document_start, before the SDK loads.
    expect(await site.evaluate(() => document.documentElement.hasAttribute('data-waymark-debug'))).toBe(true);
    expect(await site.evaluate(() => (window as any).flagAtFirstScript)).toBe(true);
    await site.click('#add-to-cart');
    // A name over 200 characters: the collector rejects this one event and says why.
    await site.evaluate(() => (window as any).waymark.track('x'.repeat(201)));
    const tabId = await tabIdOf(worker, `${sites.url}/shop/`);

    // The panel opens only now, after the events: the background kept them.
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width: 1100, height: 700 });
    await panel.goto(`chrome-extension://${extId}/panel.html?tab=${tabId}`);
    await expect.poll(() => statusOf(panel, 'added_to_cart'), { timeout: 20_000 }).toBe('accepted');
    await expect.poll(() => statusOf(panel, '$click'), { timeout: 20_000 }).toBe('accepted');
    await expect.poll(() => statusOf(panel, 'xxxxxxxx'), { timeout: 20_000 }).toBe('rejected');
    const pageRow = rows(panel).filter({ has: panel.locator('.type-page') }).first();
    await expect.poll(async () => (await pageRow.locator('[data-testid=event-status]').innerText()).trim(), { timeout: 20_000 }).toBe('accepted');

    // Detail: the reason the collector gave, and the validation against the wire format.
    await (await rowFor(panel, 'xxxxxxxx')).click();
    const detail = panel.locator('[data-testid=detail]');
    await expect.poll(() => detail.innerText()).toContain('name');
    expect(await detail.locator('.validation').innerText()).toMatch(/Not valid against the wire format/);
    expect(await detail.locator('.errors').innerText()).toMatch(/200/);
    await (await rowFor(panel, 'added_to_cart')).click();
    expect(await detail.locator('.validation').innerText()).toMatch(/Valid against the wire format/);
    expect(JSON.parse(await panel.locator('[data-testid=event-json]').innerText())).toMatchObject({ type: 'track', name: 'added_to_cart', properties: { sku: 'tea-1' } });

    // Filter by text narrows the list; clearing it brings everything back.
    await panel.fill('[data-testid=filter-text]', 'added_to');
    await expect.poll(() => rows(panel).count()).toBe(1);
    await panel.fill('[data-testid=filter-text]', '');
    await panel.screenshot({ path: join(artifacts, 'extension-panel.png') });

    // Timeline with stage badges (default rules: added_to_cart is consideration).
    await panel.click('button[data-view=timeline]');
    await panel.locator('[data-testid=timeline]').waitFor();
    expect(await panel.locator('.tl-item', { hasText: 'added_to_cart' }).locator('.stage').innerText()).toMatch(/consideration/i);
    await panel.screenshot({ path: join(artifacts, 'extension-timeline.png') });

    // Highlight: the click's element is outlined on the page.
    await panel.click('button[data-view=stream]');
    await (await rowFor(panel, '$click')).click();
    await panel.click('text=Highlight on page');
    await expect.poll(() => site.locator('waymark-highlight').count()).toBe(1);

    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 640, height: 540 });
    await popup.goto(`chrome-extension://${extId}/popup.html?tab=${tabId}`);
    await expect.poll(() => statusOf(popup, 'added_to_cart')).toBe('accepted');

    // A site profile (as the options page saves it) mutes $click and hides the user agent.
    await worker.evaluate(async (origin) => {
      await (globalThis as any).chrome.storage.local.set({ profiles: { [origin]: { show: [], hide: ['context.userAgent'], muted: ['$click'] } } });
    }, sites.url);
    await expect.poll(() => rows(panel).filter({ has: panel.locator('[data-testid=event-name]', { hasText: '$click' }) }).count()).toBe(0);
    await (await rowFor(panel, 'added_to_cart')).click();
    const shown = JSON.parse(await panel.locator('[data-testid=event-json]').innerText());
    expect(shown.context.url).toBe(`${sites.url}/shop/`);
    expect(shown.context.userAgent).toBeUndefined();
    await worker.evaluate(() => (globalThis as any).chrome.storage.local.remove('profiles'));
    await popup.screenshot({ path: join(artifacts, 'extension-popup.png') });
    await Promise.all([popup.close(), panel.close(), site.close()]);
  });
});

describe('the collector\'s demo site', () => {
  it('shows the demo shop\'s touchpoints with their status, the click that left the page included', async (ctx) => {
    const sdk = await fetch(`${collector.url}/sdk/waymark.iife.js`);
    const demo = await fetch(`${collector.url}/demo/`);
    if (!sdk.ok || !demo.ok) ctx.skip(); // the SDK bundle (npm run build) or the demo site is not there yet
    const site = await browser.context.newPage();
    await site.goto(`${collector.url}/demo/`);
    await site.click('#consent-accept'); // the demo sends nothing before consent
    // Wait until the home page's events are accepted, so the SDK trusts beacons for what follows.
    const tabId = await tabIdOf(worker, `${collector.url}/demo/`);
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${extId}/panel.html?tab=${tabId}`);
    await expect.poll(async () => (await rows(panel).filter({ has: panel.locator('.type-page') }).locator('[data-testid=event-status]').allInnerTexts()).join(), { timeout: 20_000 }).toBe('accepted');
    // The click leaves the page: its touchpoint goes by beacon in pagehide, and the SDK's `sent`
    // is posted as the document unloads; the page-world relay still gets it to the background.
    // Its answer is unreadable; the next page's SDK confirms it once the collector answers that page.
    await site.click('a.button[href*="product.html"]');
    await site.waitForURL(/product\.html/);
    await expect.poll(() => statusOf(panel, '$click'), { timeout: 20_000 }).toBe('accepted');
    const pages = rows(panel).filter({ has: panel.locator('.type-page') });
    await expect.poll(() => pages.count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(async () => (await pages.locator('[data-testid=event-status]').allInnerTexts()).join(), { timeout: 20_000 }).toBe('accepted,accepted');
    await Promise.all([panel.close(), site.close()]);
  });
});

describe('record mode on a page without the SDK', () => {
  it('records the researcher\'s clicks and a note, exports them as JSON and uploads them', async () => {
    const site = await browser.context.newPage();
    await site.goto(`${sites.url}/plain/`);
    const tabId = await tabIdOf(worker, `${sites.url}/plain/`);
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 640, height: 540 });
    await popup.goto(`chrome-extension://${extId}/popup.html?tab=${tabId}`);
    await popup.click('[data-testid=record]');
    await popup.locator('[data-testid=recording]').waitFor();

    await site.bringToFront();
    await site.click('#signup');
    await rowFor(popup, '$click');
    await popup.fill('[data-testid=note-text]', 'Hesitates <b>before</b> signing up');
    await popup.click('button[data-emotion="-1"]');
    await popup.click('[data-testid=add-note]');
    await rowFor(popup, '$note');
    expect(await statusOf(popup, '$note')).toBe('recorded');
    // Event text is shown as text, never as markup.
    await popup.click('button[data-view=timeline]');
    expect(await popup.locator('.note-text').first().innerText()).toBe('Hesitates <b>before</b> signing up');
    await popup.screenshot({ path: join(artifacts, 'extension-popup-recording.png') });
    await popup.click('[data-testid=record]');
    await popup.locator('[data-testid=recording]').waitFor({ state: 'detached' });

    const recordings = await browser.context.newPage();
    await recordings.goto(`chrome-extension://${extId}/recordings.html`);
    const row = recordings.locator('tr[data-session-id]').first();
    await row.waitFor();
    const [download] = await Promise.all([recordings.waitForEvent('download'), row.locator('[data-testid=export]').click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.format).toBe('waymark-recording');
    const names = exported.events.map((e: { type: string; name?: string }) => e.name ?? e.type);
    expect(names).toEqual(expect.arrayContaining(['page', '$click', '$note']));
    const click = exported.events.find((e: { name?: string }) => e.name === '$click');
    expect(click.properties).toMatchObject({ tag: 'button', id: 'signup', text: 'Start free trial' });
    const note = exported.events.find((e: { name?: string }) => e.name === '$note');
    expect(note.properties).toMatchObject({ note: 'Hesitates <b>before</b> signing up', emotion: -1, score: 2, label: 'negative' });
    expect(new Set(exported.events.map((e: { sessionId: string }) => e.sessionId))).toEqual(new Set([exported.session.id]));

    // Upload with the write key from the options page.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${extId}/options.html`);
    await options.fill('input[name=collectorUrl]', collector.url);
    await options.fill('input[name=writeKey]', WRITE_KEY);
    await options.click('form[data-testid=settings-form] button[type=submit]');
    await expect.poll(() => options.locator('[data-testid=options-message]').innerText()).toBe('Saved.');
    await options.screenshot({ path: join(artifacts, 'extension-options.png'), fullPage: true });
    await recordings.reload();
    await recordings.locator('tr[data-session-id]').first().getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => recordings.locator('[data-testid=recordings-message]').innerText(), { timeout: 20_000 })
      .toBe(`Uploaded: ${exported.events.length} accepted, 0 duplicates, 0 rejected.`);
    await recordings.screenshot({ path: join(artifacts, 'extension-recordings.png') });
    await Promise.all([recordings.close(), options.close(), popup.close(), site.close()]);
  });
});
