// The analyst UI in real Chromium against a real collector process with seeded data: every
// page renders, shows the read API's numbers, keeps filters in the URL, shows a known
// customer's touchpoints in order, and shows hostile data as text without running any of it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSink } from '../../collector/src/seed/sinks.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { makeLabels } from '../../collector/src/ui/labels.js';
import { CONTENT_SECURITY_POLICY } from '../../collector/src/ui/security.js';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { buildUi } from './build-ui.js';
import { ALICE, aliceEvents, CAROL, carolEvents, HOSTILE_USER, hostileEvents, postBatch, surveyAnswer, XSS } from './fixtures.js';

const ARTIFACTS = join(process.cwd(), 'artifacts', 'ui');
const READ_TOKEN = 'rt_ui_test_token_0123456789';
const SERVER_KEY = 'sk_shop_ui_test_0123456789abcdef';
const config = {
  readToken: READ_TOKEN,
  sites: [
    { id: 'shop', writeKey: 'wk_shop_ui_test', origins: ['*'], serverKeys: [SERVER_KEY] },
    { id: 'blog', writeKey: 'wk_blog_ui_test', origins: ['*'] },
  ],
  surveys: [{ id: 'post-purchase', instrument: 'emotion5', question: 'How did buying feel?', trigger: { event: 'order_completed' } }],
};

let col: RunningCollector;
let chrome: Chromium;
let page: Page;
const dialogs: string[] = [];
const consoleErrors: string[] = [];
let aliceIds: string[] = [];
const ALICE_TICKET = '5d1f7a3c-2b4e-4c6d-9e8f-0a1b2c3d4e5f';

const api = async (path: string) => {
  const res = await fetch(`${col.url}${path}`, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<any>;
};
const num = (n: number) => n.toLocaleString('en-US');
const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);
const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

async function signIn() {
  await page.goto(`${col.url}/signin`);
  await page.fill('input[name=token]', READ_TOKEN);
  await Promise.all([page.waitForURL(`${col.url}/`), page.click('button[type=submit]')]);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await buildUi();
  col = await startCollector({ config });
  const now = Date.now();
  await seedVolume({ customers: 40, events: 1500, seed: 11, weeks: 4 }, httpSink(col.url, 'wk_shop_ui_test', SERVER_KEY));
  const alice = aliceEvents(now);
  aliceIds = alice.map((e) => e.id);
  await postBatch(col.url, 'wk_shop_ui_test', [...alice, surveyAnswer(ALICE.anonymousId, 'alice-2', now - 2 * 86_400_000 + 5 * 60_000, 5, 'Quick and easy')]);
  // The shop's help desk: Alice opened a ticket the day after her order (an off-site touchpoint).
  const ticket = await fetch(`${col.url}/v1/batch`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVER_KEY}` },
    body: JSON.stringify({ v: 1, events: [{ id: ALICE_TICKET, type: 'track', name: 'ticket_opened', userId: ALICE.userId, channel: 'support', timestamp: new Date(now - 30 * 3_600_000).toISOString(), properties: { topic: XSS.script } }] }),
  });
  expect((await ticket.json()).accepted).toBe(1);
  const hostile = hostileEvents(now);
  for (let i = 0; i < hostile.length; i += 100) await postBatch(col.url, 'wk_shop_ui_test', hostile.slice(i, i + 100));
  // A second site with a handful of visitors, so the site filter has something to change.
  const blog = Array.from({ length: 5 }, (_, i) => ({
    id: crypto.randomUUID(), type: 'page', anonymousId: `blog-reader-${i}`, sessionId: `blog-${i}`, timestamp: new Date(now - i * 3_600_000).toISOString(),
    context: { url: 'https://blog.example/post', path: '/post', referrer: 'https://twitter.com/x' },
  }));
  await postBatch(col.url, 'wk_blog_ui_test', blog);
  // Rejected events go to quarantine with their payloads intact.
  const bad = await postBatch(col.url, 'wk_shop_ui_test', [{ id: 'not-a-uuid', type: 'bogus', name: XSS.script, anonymousId: XSS.img, context: { url: XSS.js } }]);
  expect(bad.rejected).toHaveLength(1);

  chrome = await launchChromium();
  page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
  await page.setViewportSize({ width: 1366, height: 900 });
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await signIn(); // each test can run alone (vitest -t); the sign-in test starts from no cookie itself
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await col?.stop();
});

describe('analyst UI', () => {
  it('without the token, every page redirects to sign-in and the read API answers 401', async () => {
    for (const path of ['/', '/map', '/map.csv', '/map.svg', '/flows', '/funnels', '/customers', `/customers/${ALICE.userId}`, '/surveys', '/quarantine']) {
      const res = await fetch(`${col.url}${path}?from=2026-01-01`, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(`/signin?next=${encodeURIComponent(`${path}?from=2026-01-01`)}`);
    }
    const note = await fetch(`${col.url}/notes`, { method: 'POST', redirect: 'manual', headers: { origin: col.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'stage=purchase&row=pain&text=x' });
    expect(note.status).toBe(303);
    // The UI's origin check covers its own forms only, not every POST under `/`.
    expect((await fetch(`${col.url}/no-such-route`, { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(404);
    for (const path of ['/v1/journey-map', '/v1/customers', `/v1/customers/${ALICE.userId}/journey`, '/v1/flows', '/v1/quarantine']) {
      expect((await fetch(`${col.url}${path}`)).status, path).toBe(401);
    }
  });

  it('signs in with the read token only through the form, into an HttpOnly SameSite=Strict cookie', async () => {
    await chrome.context.clearCookies();
    await page.goto(`${col.url}/map?site=shop`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.screenshot({ path: join(ARTIFACTS, 'signin.png') });
    await page.fill('input[name=token]', 'rt_wrong_token_000000');
    await page.click('button[type=submit]');
    await expect(page.locator('.error').textContent()).resolves.toContain('not right');
    await page.fill('input[name=token]', READ_TOKEN);
    await Promise.all([page.waitForURL(`${col.url}/map?site=shop`), page.click('button[type=submit]')]);
    expect(page.url()).not.toContain(READ_TOKEN);
    expect(await page.evaluate(() => document.cookie)).not.toContain('waymark_session');
    const cookie = (await chrome.context.cookies(col.url)).find((c) => c.name === 'waymark_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Sign-out clears the session; the next page asks to sign in again.
    await Promise.all([page.waitForURL(/\/signin\?signedout=1/), page.click('button.signout')]);
    await page.goto(`${col.url}/`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await signIn();
  });

  it('renders every page with a strict CSP, no console errors, and saves screenshots', async () => {
    const pages = [
      ['overview', '/'], ['journey-map', '/map'], ['flows', '/flows'], ['flows-pages', '/flows?level=page&steps=4'],
      ['funnels', '/funnels'], ['customers', '/customers'], ['customer', `/customers/${ALICE.userId}`], ['surveys', '/surveys'], ['quarantine', '/quarantine'],
    ] as const;
    for (const [name, path] of pages) {
      consoleErrors.length = 0;
      const res = await page.goto(`${col.url}${path}`);
      expect(res!.status(), path).toBe(200);
      expect(res!.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      await expect(page.locator('h1').count()).resolves.toBe(1);
      await expect(page.locator('nav[aria-label=Main] a[aria-current=page]').count(), path).resolves.toBe(1);
      expect(consoleErrors, `${path}: ${consoleErrors.join('\n')}`).toEqual([]);
      // Every control has a label a screen reader can announce.
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')).map((el) => el.outerHTML.slice(0, 80)));
      expect(unlabelled, path).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${col.url}/map`);
    await page.screenshot({ path: join(ARTIFACTS, 'journey-map-tablet.png'), fullPage: true });
    await page.goto(`${col.url}/`);
    await page.screenshot({ path: join(ARTIFACTS, 'overview-tablet.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('can be used from the keyboard: skip link, then the navigation in order', async () => {
    await page.goto(`${col.url}/`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Waymark');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Overview');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/map/), page.keyboard.press('Enter')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Journey map');
  });

  it('shows the same numbers as GET /v1/journey-map, and filters change them and stay in the URL', async () => {
    for (const query of ['', '?site=blog', '?channel=email', '?from=2000-01-01&to=2000-01-02']) {
      const map = await api(`/v1/journey-map${query}`);
      await page.goto(`${col.url}/${query}`);
      if (map.customers === 0) {
        await expect(page.locator('.empty strong').first().textContent()).resolves.toContain('No customers');
        continue;
      }
      await expect(page.locator('#kpi-customers .value').textContent(), query).resolves.toBe(num(map.customers));
      for (const s of map.stages) {
        await expect(page.locator(`#conversion tr[data-stage=${s.stage}] td.conversion`).textContent(), `${query} ${s.stage}`).resolves.toBe(pct(s.conversion));
      }
      await page.goto(`${col.url}/map${query}`);
      for (const s of map.stages) {
        await expect(page.locator(`tr[data-row=customers] td[data-stage=${s.stage}]`).innerText()).resolves.toContain(num(s.customers));
        // Emails and support tickets have a row of their own beside the pages.
        for (const c of s.offSite.slice(0, 5)) await expect(page.locator(`tr[data-row=offsite] td[data-stage=${s.stage}]`).innerText()).resolves.toContain(`${makeLabels().offSite(c.key)} (${num(c.count)})`);
      }
    }
    expect((await api('/v1/journey-map')).stages.some((s: { offSite: unknown[] }) => s.offSite.length > 0)).toBe(true);
    const all = await api('/v1/journey-map');
    const blog = await api('/v1/journey-map?site=blog');
    expect(blog.customers).toBeLessThan(all.customers);
    // Choosing a filter in the form puts it in the URL, and navigation keeps it.
    await page.goto(`${col.url}/`);
    await page.selectOption('select[name=site]', 'blog');
    await Promise.all([page.waitForURL(/site=blog/), page.click('form.filters button[type=submit]')]);
    await expect(page.locator('#kpi-customers .value').textContent()).resolves.toBe(num(blog.customers));
    await expect(page.locator('nav a[href^="/map"]').getAttribute('href')).resolves.toContain('site=blog');
  });

  it("shows a known customer's touchpoints in order, with the raw event in a drawer", async () => {
    await page.goto(`${col.url}/customers`);
    await page.fill('input[name=q]', ALICE.email);
    await Promise.all([page.waitForURL(/q=alice/), page.press('input[name=q]', 'Enter')]);
    const rows = page.locator('#customers tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await Promise.all([page.waitForURL(new RegExp(`/customers/${ALICE.userId}`)), rows.locator('a').first().click()]);
    const journey = await api(`/v1/customers/${ALICE.userId}/journey`);
    const shown = await page.locator('li.touchpoint').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    // Scrolls, page leaves and web vitals are folded into their visit; every other touchpoint is listed.
    const noise = new Set(['$scroll_depth', '$page_leave', '$web_vitals']);
    expect(shown).toEqual(journey.touchpoints.filter((t: { type: string; name: string | null }) => !(t.type === 'track' && noise.has(t.name!))).map((t: { id: string }) => t.id));
    // Every event Alice sent that became a touchpoint appears, in the order she did them.
    expect(shown.filter((id) => aliceIds.includes(id!))).toEqual(aliceIds.filter((id) => shown.includes(id)));
    expect(shown.filter((id) => aliceIds.includes(id!)).length).toBeGreaterThanOrEqual(7);
    const offSite = journey.touchpoints.filter((t: { offSite?: boolean }) => t.offSite);
    expect(offSite.map((t: { id: string; channel: string }) => [t.id, t.channel])).toEqual([[ALICE_TICKET, 'support']]);
    await expect(page.locator('svg.journey-timeline circle.tp').count()).resolves.toBe(journey.touchpoints.length - offSite.length);
    // Off-site touchpoints have a lane of their own, and their session says so.
    await expect(page.locator('svg.journey-timeline rect.tp.off-site').count()).resolves.toBe(1);
    await expect(page.locator(`li.touchpoint[data-id="${ALICE_TICKET}"]`).locator('xpath=ancestor::section').locator('.tag.off-site').count()).resolves.toBe(1);
    await expect(page.locator('.session-head').count()).resolves.toBe(journey.sessions.length);
    // What a touchpoint was about shows beside the stage where the two differ (a customer on a product page).
    const aboutOther = journey.touchpoints.filter((t: { intent?: string | null; stage: string }) => t.intent && t.intent !== t.stage);
    expect(aboutOther.length).toBeGreaterThan(0);
    await expect(page.locator('li.touchpoint .tag.intent').allTextContents()).resolves.toEqual(aboutOther.map((t: { intent: string }) => `about ${t.intent}`));
    const order = aliceIds[4];
    await page.click(`li.touchpoint[data-id="${order}"] a[aria-label^="Raw event"]`);
    await expect(page.locator('#raw-event pre').textContent()).resolves.toContain('"order_completed"');
    await page.screenshot({ path: join(ARTIFACTS, 'customer-raw-event.png') });
  });

  it('flows show the API counts and name them on keyboard focus', async () => {
    const flows = await api('/v1/flows?level=stage&steps=4&maxNodes=12');
    await page.goto(`${col.url}/flows`);
    await expect(page.locator('main h2').first().textContent()).resolves.toBe(`${num(flows.customers)} customers`);
    await expect(page.locator('.sankey .link').count()).resolves.toBe(flows.links.length);
    const node = page.locator('.sankey .node').first();
    await node.focus();
    await expect(page.locator('#flow-tip').textContent()).resolves.toBe(await node.getAttribute('data-tip'));
    expect(await node.getAttribute('data-tip')).toMatch(/customers$/);
  });

  it('funnels show the API steps, and a step lists the customers who dropped there', async () => {
    const steps = 'stage:awareness,stage:consideration,stage:purchase,stage:onboarding';
    const funnel = await api(`/v1/funnels?steps=${steps}&window=30d`);
    await page.goto(`${col.url}/funnels`);
    const shown = await page.locator('td.step-customers').allTextContents();
    expect(shown).toEqual(funnel.steps.map((s: { customers: number }) => num(s.customers)));
    const i = funnel.steps.findIndex((s: { dropOff: number }) => s.dropOff > 0);
    expect(i).toBeGreaterThan(0);
    await Promise.all([page.waitForURL(/dropped=/), page.click(`tr[data-step="${i}"] td:last-child a`)]);
    const listed = await page.locator('#dropped-customers tbody td:first-child a').allTextContents();
    expect(listed).toEqual(funnel.steps[i].droppedCustomerIds);
    // Each with where they are now and what they did last, in words.
    const first = page.locator('#dropped-customers tbody tr').first();
    await expect(first.locator('.tag.stage').count()).resolves.toBe(1);
    await expect(first.locator('td:nth-child(3)').innerText()).resolves.toMatch(/^(?!\$)\S/);
    // Changing the window changes the question: the URL carries it.
    await page.selectOption('select[name=window]', '1h');
    await Promise.all([page.waitForURL(/window=1h/), page.click('form[aria-label="Funnel steps"] button[type=submit]')]);
    const short = await api(`/v1/funnels?steps=${steps}&window=1h`);
    expect(await page.locator('td.step-customers').allTextContents()).toEqual(short.steps.map((s: { customers: number }) => num(s.customers)));
    // A funnel of one step is refused with a message that says what to do.
    const one = await page.goto(`${col.url}/funnels?k0=stage&v0=purchase`);
    expect(one!.status()).toBe(400);
    await expect(page.locator('.error').textContent()).resolves.toContain('at least two steps');
  });

  it('keeps opportunities (owner, status, pain point) added from their row, refuses cross-site posts, and exports CSV, SVG and PNG', async () => {
    await page.goto(`${col.url}/map`);
    // No "Add note" in every cell: notes are added from the Opportunities and Thoughts rows.
    await expect(page.locator('td details.add-note').count()).resolves.toBe(0);
    const head = page.locator('tr[data-row=opportunities] th');
    await head.locator('summary').click();
    await head.locator('select[name=stage]').selectOption('purchase');
    await head.locator('textarea').fill(`Checkout errors ${XSS.script}`);
    await head.locator('input[name=owner]').fill(XSS.img);
    await head.locator('select[name=status]').selectOption('doing');
    await head.locator('select[name=painPoint]').selectOption('js_error');
    await Promise.all([page.waitForURL(`${col.url}/map`), head.locator('button[type=submit]').click()]);
    const cell = page.locator('tr[data-row=opportunities] td[data-stage=purchase] .note');
    await expect(cell.innerText()).resolves.toContain(`Checkout errors ${XSS.script}`);
    await expect(cell.locator('.tag').innerText()).resolves.toBe('doing');
    await expect(cell.innerText()).resolves.toContain('answers errors');
    expect(await pwned()).toBeUndefined();
    // Moved to done from the cell.
    await cell.locator('select[name=status]').selectOption('done');
    await Promise.all([page.waitForURL(`${col.url}/map`), cell.locator('form[action$="/status"] button').click()]);
    await expect(page.locator('tr[data-row=opportunities] td[data-stage=purchase] .note .tag').innerText()).resolves.toBe('done');
    const csrf = await fetch(`${col.url}/notes`, {
      method: 'POST', redirect: 'manual',
      headers: { origin: 'https://evil.example', cookie: (await chrome.context.cookies(col.url)).map((c) => `${c.name}=${c.value}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'stage=purchase&row=pain&text=forged',
    });
    expect(csrf.status).toBe(403);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/map.csv"]')]);
    const csvText = await (await import('node:fs/promises')).readFile((await csv.path())!, 'utf8');
    expect(csvText.split('\r\n')[0]).toBe('row,awareness,consideration,purchase,onboarding,retention,advocacy');
    const csvRows = csvText.split('\r\n').map((l) => l.split(',')[0]);
    for (const row of ['Customer goal', 'Top touchpoints', 'Actions', 'Emotion', 'Pain points', 'Voices', 'Opportunities', 'Thoughts']) expect(csvRows).toContain(row);
    expect(csvText).toMatch(/Opportunities,.*Checkout errors .* — owner .* · done · answers errors/);
    // The SVG holds the curve and every row, and no text is cut short with an ellipsis.
    const svg = await (await fetch(`${col.url}/map.svg`, { headers: { cookie: (await chrome.context.cookies(col.url)).map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
    expect(svg).toContain('data-part="emotion-curve"');
    for (const row of ['goal', 'touchpoints', 'actions', 'emotion', 'pain', 'voices', 'opportunities', 'thoughts']) expect(svg).toContain(`data-row="${row}"`);
    expect(svg).not.toContain('…</text>');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const bytes = await (await import('node:fs/promises')).readFile((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // The PNG is the whole SVG at 2×: every row fits in it.
    const size = { w: bytes.readUInt32BE(16), h: bytes.readUInt32BE(20) };
    const [, svgW, svgH] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    expect(size).toEqual({ w: svgW * 2, h: svgH * 2 });
    await csv.saveAs(join(ARTIFACTS, 'journey-map.csv'));
    await png.saveAs(join(ARTIFACTS, 'journey-map.png'));
    await page.screenshot({ path: join(ARTIFACTS, 'journey-map-with-note.png'), fullPage: true });
    // Delete it again.
    await Promise.all([page.waitForURL(`${col.url}/map`), page.locator('tr[data-row=opportunities] td[data-stage=purchase] .note button[aria-label^="Delete"]').click()]);
    await expect(page.locator('.note').count()).resolves.toBe(0);
  });

  it('reads like a story: titles not paths, clicks by their element, voices and opportunities rows, folded noise, sortable customers', async () => {
    await postBatch(col.url, 'wk_shop_ui_test', carolEvents(Date.now()));
    // New events: the map may answer "Computing…" first and reload itself.
    await page.goto(`${col.url}/map`);
    await page.waitForSelector('#journey-map', { timeout: 20_000 });
    // Pages by their title, the path on hover.
    const products = await page.locator('tr[data-row=touchpoints] li[title^="/products/"]').allInnerTexts();
    expect(products.length).toBeGreaterThan(0);
    for (const t of products) expect(t).toMatch(/^Products: Shoe \d+ — Shop \(\d+\)$/);
    // No raw `$` event names in the map: clicks are named by their element.
    const actions = await page.locator('tr[data-row=actions] li').allInnerTexts();
    expect(actions.some((t) => /^Click (button|link) “/.test(t))).toBe(true);
    expect(actions.filter((t) => t.startsWith('$'))).toEqual([]);
    expect(await page.locator('#journey-map').innerText()).not.toMatch(/\$(click|scroll_depth|page_leave|rage_click)/);
    // The story rows: goal, pain points with severity, the customers' own words, opportunities, thoughts.
    await expect(page.locator('tr[data-row=goal] td[data-stage=purchase]').innerText()).resolves.toBe('Buy with confidence');
    expect(await page.locator('tr[data-row=pain] meter').count()).toBeGreaterThan(0);
    await expect(page.locator('tr[data-row=voices] td[data-stage=purchase]').innerText()).resolves.toContain('“Quick and easy” (5)');
    for (const row of ['opportunities', 'thoughts']) await expect(page.locator(`tr[data-row=${row}] th summary`).count()).resolves.toBe(1);
    await expect(page.locator('svg.stage-emotion text.point-count').first().textContent()).resolves.toMatch(/n=\d+/);
    await page.screenshot({ path: join(ARTIFACTS, 'map-story.png'), fullPage: true });

    // Carol's page: one visit per page view, with her click named and the noise folded in.
    await page.goto(`${col.url}/customers/${CAROL.anonymousId}`);
    await page.waitForSelector('li.touchpoint', { timeout: 20_000 });
    const labels = await page.locator('li.touchpoint .tp-label').allInnerTexts();
    expect(labels).toEqual(['Viewed “Trail runner 30”', 'Click button “Add to cart”', 'Viewed “Your cart”']);
    await expect(page.locator('.folded').first().innerText()).resolves.toBe('+ 2 scrolls, 1 page leave');
    await expect(page.locator('#channel-legend').innerText()).resolves.not.toContain('_');
    await page.screenshot({ path: join(ARTIFACTS, 'customer-visits.png'), fullPage: true });

    // The customers list sorts by a column header; the order holds down the page.
    await page.goto(`${col.url}/customers`);
    await page.waitForSelector('#customers', { timeout: 20_000 });
    await Promise.all([page.waitForURL(/sort=painPoints/), page.click('#customers thead a:has-text("Pain points")')]);
    const pains = (await page.locator('#customers tbody tr td:nth-child(7)').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
    expect(pains.length).toBeGreaterThan(5);
    expect(pains).toEqual([...pains].sort((a, b) => b - a));
    expect(pains[0]).toBeGreaterThan(0);
    await expect(page.locator('#customers th[aria-sort=descending]').innerText()).resolves.toContain('Pain points');
    await page.screenshot({ path: join(ARTIFACTS, 'customers-sorted.png'), fullPage: true });

    // Flows name where customers left, not "after step 1".
    await page.goto(`${col.url}/flows`);
    await page.waitForSelector('.card table', { timeout: 20_000 });
    const leftAfter = await page.locator('.card table tbody td:first-child').allInnerTexts();
    expect(leftAfter.length).toBeGreaterThan(0);
    for (const t of leftAfter) expect(['awareness', 'consideration', 'purchase', 'onboarding', 'retention', 'advocacy']).toContain(t);

    const icon = await fetch(`${col.url}/favicon.ico`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
  });

  it('shows hostile names, properties, traits, URLs and comments as text and runs none of them', async () => {
    const hostileJourney = await api(`/v1/customers/${encodeURIComponent(HOSTILE_USER)}/journey`);
    const rawId = hostileJourney.touchpoints[0].id;
    const paths = [
      `/customers?q=${encodeURIComponent('<img')}`,
      `/customers/${encodeURIComponent(HOSTILE_USER)}`,
      `/customers/${encodeURIComponent(HOSTILE_USER)}?event=${rawId}`,
      '/surveys', '/map', '/flows?level=page&steps=3', '/quarantine', `/funnels?k0=event&v0=${encodeURIComponent(XSS.script)}&k1=stage&v1=purchase`,
    ];
    for (const path of paths) {
      await page.goto(`${col.url}${path}`);
      expect(new URL(page.url()).pathname, 'the page itself, not the sign-in page').toBe(new URL(`${col.url}${path}`).pathname);
      await page.waitForTimeout(50);
      expect(await pwned(), path).toBeUndefined();
      const injected = await page.evaluate(() => ({
        img: document.querySelectorAll('img').length,
        scripts: [...document.scripts].filter((s) => !s.src.includes('/ui/assets/')).length,
        handlers: document.querySelectorAll('[onerror],[onload]').length,
        jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href')!)).length,
      }));
      expect(injected, path).toEqual({ img: 0, scripts: 0, handlers: 0, jsLinks: 0 });
    }
    await page.goto(`${col.url}/customers/${encodeURIComponent(HOSTILE_USER)}?event=${rawId}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain(XSS.img.slice(0, 20));
    expect(await page.locator('#raw-event pre').textContent()).toContain(XSS.js);
    // The javascript: URL is shown, not linked.
    await expect(page.locator('li.touchpoint a[target=_blank]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).resolves.not.toContainEqual(expect.stringContaining('javascript'));
    await page.screenshot({ path: join(ARTIFACTS, 'hostile-customer.png'), fullPage: true });
    await page.goto(`${col.url}/surveys`);
    await expect(page.locator('td.comment').allTextContents()).resolves.toContainEqual(expect.stringContaining(XSS.script));
    await page.screenshot({ path: join(ARTIFACTS, 'surveys-hostile.png'), fullPage: true });
    await page.goto(`${col.url}/quarantine`);
    await expect(page.locator('main').innerText()).resolves.toContain('not-a-uuid');
    expect(dialogs).toEqual([]);
  });

  // Last: it adds a customer, which the other tests' numbers do not expect.
  it('shows a new visitor at once, from the journey states the collector keeps, and says how fresh they are', async () => {
    await page.goto(`${col.url}/`);
    const before = await api('/v1/journey-map');
    const visitor = { id: crypto.randomUUID(), type: 'page', anonymousId: `late-visitor-${Date.now()}`, sessionId: 'late-1', timestamp: new Date().toISOString(),
      context: { url: 'https://shop.example/pricing', path: '/pricing', referrer: '' } };
    await postBatch(col.url, 'wk_shop_ui_test', [visitor]);
    // No pass over every journey: the visitor's state is rebuilt in the background within moments.
    await page.goto(`${col.url}/`);
    await expect(page.locator('#kpi-customers .value').textContent()).resolves.toBe(num(before.customers + 1));
    await expect(page.locator('#state-freshness').textContent()).resolves.toMatch(/^(Journeys up to date|Updating: )/);
    expect((await api('/v1/journey-map')).meta.states).toMatchObject({ pending: 0, rebuilding: null });
  });
});
