// The journey map in compare mode and annotations, in real Chromium over real HTTP: a flagged cell
// says so in text (not colour alone) and carries its interval, unflagged cells are not coloured,
// the CSV carries the same cells, and an annotation on the overview opens the map before vs after.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, post } from '../ingest/batch.js';
import { PERIODS, periodEvents } from './periods.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HOSTILE = '<img src=x onerror="window.__pwned=1"> checkout "fixed"';

let col: InProcessCollector;
let chrome: Chromium;
let page: Page;

beforeAll(async () => {
  col = await serveCollector();
  const sent = periodEvents();
  expect((await post(col, batch(col.writeKey, sent))).json).toMatchObject({ accepted: sent.length });
  chrome = await launchChromium();
  page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
  await page.goto(`${col.url}/signin`);
  await page.fill('input[name=token]', col.readToken);
  await Promise.all([page.waitForURL(`${col.url}/`), page.click('button[type=submit]')]);
}, 60_000);

afterAll(async () => {
  await chrome?.close();
  await col?.close();
});

const cell = (row: string, stage: string) => page.locator(`#compare-map tr[data-row="${row}"] td[data-stage="${stage}"]`);

describe('the journey map in compare mode', () => {
  it('asks for the comparison period in the filter bar and keeps it in the URL', async () => {
    await page.goto(`${col.url}/map?from=2026-11-11&to=2026-11-20`);
    expect(await page.locator('#compare').count()).toBe(0);
    await page.fill('input[name=compareFrom]', '2026-11-01');
    await page.fill('input[name=compareTo]', '2026-11-10');
    await Promise.all([page.waitForURL(/compareTo=2026-11-10/), page.click('form.filters button[type=submit]')]);
    expect(new URL(page.url()).searchParams.get('compareFrom')).toBe('2026-11-01');
    await expect.poll(() => page.locator('#compare').count()).toBe(1);
  });

  it('shows a flagged cell with both values, the difference, its interval and the flag in words', async () => {
    await page.goto(`${col.url}/map?${PERIODS}`);
    const api = await (await fetch(`${col.url}/v1/journey-map?${PERIODS}`, { headers: { authorization: `Bearer ${col.readToken}` } })).json();
    const conversion = api.compare.stages.find((s: any) => s.stage === 'consideration').conversion;
    expect(conversion.flagged).toBe(true);

    const flagged = cell('conversion', 'consideration');
    const text = await flagged.innerText();
    expect(text).toContain('A 75.0% · B 25.0%');
    expect(text).toContain('+50.0 points');
    const interval = `${(conversion.low * 100).toFixed(1)} points to +${(conversion.high * 100).toFixed(1)} points`;
    expect(text).toContain(`95% interval +${interval}`);
    expect(text).toMatch(/flagged: \+50\.0 points/);
    expect(await flagged.getAttribute('title')).toContain(`95% interval +${interval}; flagged`);
    // Reachable by keyboard, so the title is there on focus too.
    await flagged.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-stage'))).toBe('consideration');

    // Awareness converts alike in both periods: no flag, no word of one, no colour.
    const same = cell('conversion', 'awareness');
    expect(await same.innerText()).not.toContain('flagged');
    const background = (l: typeof same) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background(same)).toBe('rgba(0, 0, 0, 0)');
    expect(await background(flagged)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.locator('#compare-map td.flagged').count()).toBe(api.compare.stages.flatMap((s: any) => [s.conversion, s.medianTime, s.emotion.explicit, s.emotion.inferred, ...s.painPoints]).filter((c: any) => c?.flagged).length);
  });

  it('passes an accessibility check (axe) on the comparison', async () => {
    await page.goto(`${col.url}/map?${PERIODS}`);
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => (window as any).axe.run('#compare', { resultTypes: ['violations'] }));
    expect(result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target).join(' ')}`)).toEqual([]);
  });

  it('puts the same cells in the CSV download', async () => {
    await page.goto(`${col.url}/map?${PERIODS}`);
    const href = await page.locator('a[download="journey-map.csv"]').getAttribute('href');
    const csv = await (await page.request.get(`${col.url}${href}`)).text();
    const line = csv.split('\r\n').find((l) => l.startsWith('Compared (A − B): Conversion to a later stage'))!;
    expect(line).toBeDefined();
    const title = await cell('conversion', 'consideration').getAttribute('title');
    expect(line).toContain(title!);
  });
});

describe('annotations', () => {
  it('adds one on the overview, marks it on the events-per-day chart, and opens the map before vs after', async () => {
    await page.goto(`${col.url}/`);
    await page.fill('#annotations input[name=date]', '2026-11-11');
    await page.fill('#annotations input[name=text]', HOSTILE);
    await Promise.all([page.waitForURL(`${col.url}/`), page.click('#annotations button[type=submit]')]);
    const item = page.locator('#annotations li').filter({ hasText: 'checkout "fixed"' });
    expect(await item.innerText()).toContain(HOSTILE);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.locator(`#per-day svg a[aria-label^="2026-11-11: "]`).count()).toBe(1);

    await Promise.all([page.waitForURL(/\/map\?/), item.getByRole('link', { name: 'Before vs after' }).click()]);
    const q = new URL(page.url()).searchParams;
    expect([q.get('from'), q.get('to'), q.get('compareFrom'), q.get('compareTo')]).toEqual(['2026-11-11', '2026-11-20', '2026-11-01', '2026-11-10']);
    expect(await cell('conversion', 'consideration').innerText()).toMatch(/flagged: \+50\.0 points/);

    const api = await (await fetch(`${col.url}/v1/annotations`, { headers: { authorization: `Bearer ${col.readToken}` } })).json();
    expect(api.annotations).toEqual([expect.objectContaining({ date: '2026-11-11', text: HOSTILE })]);
    await page.goto(`${col.url}/`);
    await Promise.all([page.waitForURL(`${col.url}/`), page.locator('#annotations li button').click()]);
    expect(await page.locator('#annotations li').count()).toBe(0);
  });
});
