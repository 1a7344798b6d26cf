// Segments in the analyst UI, in real Chromium against a real collector process (journey states
// on, as `npm start` runs): an analyst defines a segment with the form, opens the journey map and
// the customers for it, sees its name and size in the filter bar, switches it off and on with the
// picker, and deletes it after a confirmation. Its name is hostile text, shown as text.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { visitEvent } from '../ingest/batch.js';
import { buildUi } from './build-ui.js';
import { postBatch } from './fixtures.js';

const READ_TOKEN = 'rt_segments_ui_test_0123456789';
const WRITE_KEY = 'wk_shop_segments_ui';
const PEOPLE = 30;
const NAME = 'Pro <b>buyers</b> <img src=x onerror="window.__pwned=1">';

// Every third person is on the pro plan, every other one buys: the segment is who is both.
const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: `user-${i}`, anon: `anon-${i}`, pro: i % 3 === 0, buys: i % 2 === 0 }));
const expected = people.filter((p) => p.pro && p.buys).length;

let col: RunningCollector;
let chrome: Chromium;
let page: Page;

const api = async (path: string) => (await fetch(`${col.url}${path}`, { headers: { authorization: `Bearer ${READ_TOKEN}` } })).json() as Promise<any>;

beforeAll(async () => {
  await buildUi();
  col = await startCollector({ config: { readToken: READ_TOKEN, sites: [{ id: 'shop', writeKey: WRITE_KEY, origins: ['*'] }] } });
  const now = Date.now();
  const events = people.flatMap((p, i) => {
    const at = now - 3 * 86_400_000 + i * 60_000;
    return [
      visitEvent(p.anon, at, { page: '/' }),
      { ...visitEvent(p.anon, at + 1000, { track: 'x' }), type: 'identify', name: undefined, userId: p.id, traits: { plan: p.pro ? 'pro' : 'free' } },
      ...(p.buys ? [visitEvent(p.anon, at + 2000, { page: '/checkout' }), visitEvent(p.anon, at + 3000, { track: 'order_completed' })] : []),
    ];
  });
  expect((await postBatch(col.url, WRITE_KEY, events)).rejected).toEqual([]);
  // The journey states catch up in the background: wait until every customer is in them.
  for (let i = 0; i < 100 && (await api('/v1/customers')).total !== PEOPLE; i++) await new Promise((r) => setTimeout(r, 100));
  chrome = await launchChromium();
  page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
  await page.goto(`${col.url}/signin`);
  await page.fill('input[name=token]', READ_TOKEN);
  await Promise.all([page.waitForURL(`${col.url}/`), page.click('button[type=submit]')]);
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await col?.stop();
});

it('creates a segment with the form, then shows the map and the customers restricted to it, with its size', async () => {
  expect(expected).toBeGreaterThan(2);
  await page.click('nav a:text-is("Segments")');
  await page.waitForURL(`${col.url}/segments`);

  // A trait line without "=": the form comes back with the reason and what was typed.
  await page.fill('input[name=name]', NAME);
  await page.fill('textarea[name=traits]', 'plan');
  await page.click('button:text-is("Save segment")');
  await expect.poll(() => page.locator('.error[role=alert]').textContent()).toContain('traits: write each as name=value');
  expect(await page.inputValue('input[name=name]')).toBe(NAME);

  await page.fill('textarea[name=traits]', 'plan=pro');
  await page.fill('input[name=did]', 'order_completed');
  await Promise.all([page.waitForURL(/\/segments\?created=seg_/), page.click('button:text-is("Save segment")')]);
  const id = new URL(page.url()).searchParams.get('created')!;
  const row = page.locator(`tr[data-segment="${id}"]`);
  expect(await row.locator('strong').textContent()).toBe(NAME);
  expect(await row.locator('.segment-size').textContent()).toBe(String(expected));
  expect(await row.textContent()).toContain('plan = pro');

  // The journey map for it: the size in the filter bar's notice, the same count as the read API.
  await Promise.all([page.waitForURL(`${col.url}/map?segment=${id}`), row.locator('a:text-is("Journey map")').click()]);
  const applied = page.locator('#segment-applied');
  expect(await applied.locator('strong').textContent()).toBe(NAME);
  expect(await applied.textContent()).toContain(`: ${expected} customers.`);
  expect((await api(`/v1/journey-map?segment=${id}`)).customers).toBe(expected);
  expect(await page.locator('.head .sub').textContent()).toContain(`${expected} customers`);
  expect(await page.inputValue('select[name=segment]')).toBe(id);

  // The nav keeps the segment: the customers list holds exactly its customers.
  await Promise.all([page.waitForURL(`${col.url}/customers?segment=${id}`), page.click('nav a:text-is("Customers")')]);
  expect(await page.locator('main h2').first().textContent()).toBe(`${expected} customers`);
  const shown = await page.locator('main table tbody tr a[href^="/customers/"]').allTextContents();
  expect(shown.sort()).toEqual(people.filter((p) => p.pro && p.buys).map((p) => p.id).sort());

  // The picker switches it off and on again.
  await page.selectOption('select[name=segment]', '');
  await Promise.all([page.waitForURL((u) => u.pathname === '/customers' && u.searchParams.get('segment') === ''), page.click('form.filters button[type=submit]')]);
  expect(await page.locator('main h2').first().textContent()).toBe(`${PEOPLE} customers`);
  expect(await page.locator('#segment-applied').count()).toBe(0);
  expect(await page.locator(`select[name=segment] option[value="${id}"]`).textContent()).toBe(`${NAME} (${expected})`);
  await page.selectOption('select[name=segment]', id);
  await Promise.all([page.waitForURL((u) => u.pathname === '/customers' && u.searchParams.get('segment') === id), page.click('form.filters button[type=submit]')]);
  expect(await page.locator('#segment-applied').getAttribute('data-size')).toBe(String(expected));

  // Deleted after a confirmation; a link to it then says so instead of showing everyone.
  await page.goto(`${col.url}/segments`);
  await Promise.all([page.waitForURL(`${col.url}/segments/${id}/delete`), page.locator(`tr[data-segment="${id}"] a.button`).click()]);
  expect(await page.locator('main').textContent()).toContain(`Delete the segment ${NAME}`);
  await Promise.all([page.waitForURL(`${col.url}/segments`), page.click('button:text-is("Delete segment")')]);
  expect(await page.locator(`tr[data-segment="${id}"]`).count()).toBe(0);
  const gone = await page.goto(`${col.url}/map?segment=${id}`);
  expect(gone?.status()).toBe(404);
  expect(await page.locator('.error').textContent()).toContain('it may have been deleted');

  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
}, 120_000);

it('refuses a delete posted from another origin', async () => {
  const res = await fetch(`${col.url}/segments/seg_0000000000000000/delete`, { method: 'POST', redirect: 'manual', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' } });
  expect(res.status).toBe(403);
});
