// The "Critical touchpoints" page and the journey map's critical row in real Chromium, against the
// app served over real HTTP on a real SQLite file: customers who read /reviews mostly buy, those
// who read /about mostly do not, and a hostile event name is shown as text.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, post, visitEvent } from '../ingest/batch.js';
import { buildUi } from './build-ui.js';
import { XSS } from './fixtures.js';

const T0 = Date.now() - 60 * 86_400_000; // long enough ago for the non-buyers to count as dropped off
const MIN = 60_000;

const ev = (anon: string, minutes: number, what: { page?: string; track?: string }) => visitEvent(anon, T0 + minutes * MIN, what);

const events = Array.from({ length: 80 }, (_, i) => {
  const anon = `c${i}`;
  const reads = i % 2 === 0;
  const buys = reads ? i % 10 !== 0 : i % 10 === 1;
  return [
    ev(anon, i, { page: '/products/shoe-1' }),
    ev(anon, i + 0.1, { track: 'product_viewed' }),
    ev(anon, i + 0.2, { page: reads ? '/reviews' : '/about' }),
    ...(i % 4 === 1 ? [ev(anon, i + 0.25, { track: XSS.img })] : []),
    ...(buys ? [ev(anon, i + 0.3, { track: 'order_completed' })] : []),
  ];
}).flat();

let c: InProcessCollector;
let chrome: Chromium;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  await buildUi();
  c = await serveCollector();
  for (let i = 0; i < events.length; i += 100) expect((await post(c, batch(c.writeKey, events.slice(i, i + 100)))).status).toBe(200);
  chrome = await launchChromium();
  page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', async (d) => { errors.push(`dialog: ${d.message()}`); await d.dismiss(); });
  await page.goto(`${c.url}/signin`);
  await page.fill('input[name=token]', c.readToken);
  await Promise.all([page.waitForURL(`${c.url}/`), page.click('button[type=submit]')]);
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await c?.close();
});

/** The page, reloaded while its figures are still being computed (202). */
async function open(path: string) {
  for (let i = 0; i < 20; i++) {
    const res = await page.goto(`${c.url}${path}`);
    if (res!.status() !== 202) return res!;
    await page.waitForTimeout(300);
  }
  throw new Error(`${path} still computing`);
}

const column = (model: string) => page.locator(`#critical-touchpoints tbody tr`).evaluateAll((rows, m) =>
  rows.map((r) => ({ key: r.getAttribute('data-key'), credit: parseFloat(r.querySelector(`td[data-model="${m}"]`)!.textContent!) })), model);

describe('Critical touchpoints page', () => {
  it('without a session redirects to sign-in', async () => {
    const res = await fetch(`${c.url}/touchpoints`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect((await fetch(`${c.url}/touchpoints.csv`, { redirect: 'manual' })).status).toBe(303);
  });

  it('shows every model side by side, the persuading page first under Markov, with the API\'s figures', async () => {
    const res = await open('/touchpoints?transition=consideration%3Epurchase');
    expect(res.status()).toBe(200);
    await expect(page.locator('#critical-touchpoints thead th[data-model]').count()).resolves.toBe(6);
    const markov = await column('markov');
    expect(markov[0].key).toBe('page:/reviews');
    expect(markov.map((r) => r.credit)).toEqual([...markov.map((r) => r.credit)].sort((a, b) => b - a));
    const api = await (await fetch(`${c.url}/v1/attribution?transition=consideration%3Epurchase&model=markov`, { headers: { authorization: `Bearer ${c.readToken}` } })).json();
    expect(markov[0].credit).toBeCloseTo(api.touchpoints[0].credit * 100, 1);
    await expect(page.locator('#friction tbody tr').count()).resolves.toBeGreaterThan(0);
  });

  it('sorts by another model when its heading is clicked', async () => {
    await open('/touchpoints?transition=consideration%3Epurchase');
    await Promise.all([page.waitForURL(/sort=last/), page.click('#critical-touchpoints th[data-model=last] a')]);
    const last = await column('last');
    expect(last.map((r) => r.credit)).toEqual([...last.map((r) => r.credit)].sort((a, b) => b - a));
    await expect(page.locator('#critical-touchpoints th[data-model=last]').getAttribute('aria-sort')).resolves.toBe('descending');
  });

  it('exports the table as CSV', async () => {
    await open('/touchpoints?transition=consideration%3Epurchase');
    const href = await page.locator('a[download="critical-touchpoints.csv"]').getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u)).text(), href!);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('transition,key,label,customers,markov_credit,markov_low,markov_high,first_credit,first_low,first_high,last_credit,last_low,last_high,linear_credit,linear_low,linear_high,time_decay_credit,time_decay_low,time_decay_high,position_credit,position_low,position_high');
    expect(lines[1]).toMatch(/^consideration>purchase,page:\/reviews,\/reviews \(page\),40,/);
  });

  it('shows a hostile event name as text', async () => {
    await open('/touchpoints?transition=consideration%3Epurchase');
    await expect(page.locator('#critical-touchpoints').textContent()).resolves.toContain(XSS.img);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a bad transition answers 400 with what to do', async () => {
    const res = await open('/touchpoints?transition=purchase%3Eawareness');
    expect(res.status()).toBe(400);
    await expect(page.locator('.error').textContent()).resolves.toMatch(/awareness must come after purchase/);
  });

  it('the journey map has a critical touchpoints row: consideration\'s top mover', async () => {
    await open('/map');
    await open('/map'); // the first view may start the computation
    const cell = page.locator('tr[data-row=critical] td[data-stage=consideration]');
    await expect(cell.locator('li[data-kind=mover]').first().textContent()).resolves.toContain('/reviews (page)');
  });
});
