// Every page of the analyst UI in real Chromium, on a seeded population, checked by axe-core
// (WCAG 2.0 A/AA and 2.1 AA): no serious or critical violation anywhere. Each page is also
// screenshotted whole into test-results/screenshots/ for a person to look at.
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSink } from '../../collector/src/seed/sinks.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { UI_PAGES } from '../../collector/src/ui/index.js';
import { NAV } from '../../collector/src/ui/layout.js';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { buildUi } from './build-ui.js';
import { ALICE, aliceEvents, CAROL, carolEvents, postBatch, surveyAnswer } from './fixtures.js';

const axeSource: string = createRequire(import.meta.url)('axe-core').source;
const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
const READ_TOKEN = 'rt_a11y_test_token_0123456789';
const SERVER_KEY = 'sk_shop_a11y_test_0123456789abcdef';
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
/** Alice's order, with a fixed id so the raw-event drawer has a stable URL. */
const ALICE_ORDER_ID = '0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b';

interface UiPage {
  /** The screenshot's file name (without .png). */
  name: string;
  path: string;
  /** What the screenshot shows, for the list printed at the end. */
  shows: string;
  /** false: visited without a session (the sign-in page). */
  session?: boolean;
  /** The status the page answers with, when not 200. */
  status?: number;
  /** Something a person does on the page before it is checked. */
  act?: (page: Page) => Promise<void>;
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
/** The id of the segment made in beforeAll, put in place of SEGMENT in a row's path. */
let segmentId = '';

// One row per page (and per state of a page worth checking on its own); add new pages here.
const PAGES: UiPage[] = [
  { name: 'signin', path: '/signin', session: false, shows: 'the sign-in form' },
  { name: 'signin-wrong-token', path: '/signin', session: false, status: 401, shows: 'sign-in refusing a wrong token',
    act: async (page) => { await page.fill('input[name=token]', 'rt_wrong_token_000000'); await Promise.all([page.waitForURL(/signin/), page.click('button[type=submit]')]); await page.waitForSelector('.error'); } },
  { name: 'signed-out', path: '/signin?signedout=1', session: false, shows: 'sign-in after signing out' },
  { name: 'overview', path: '/', shows: 'KPIs, stage conversion, channels and emotion by stage' },
  { name: 'journey-map', path: '/map', shows: 'the journey map grid with its story rows, emotion curve and an opportunity' },
  { name: 'flows', path: '/flows', shows: 'stage flows as a Sankey, with drop-offs by stage' },
  { name: 'flows-pages', path: '/flows?level=page&steps=4', shows: 'page-level flows' },
  { name: 'funnels', path: '/funnels', shows: 'the default stage funnel' },
  { name: 'funnel-dropped', path: '/funnels?dropped=1', shows: 'a funnel with the customers who dropped at step 2' },
  { name: 'funnel-error', path: '/funnels?k0=stage&v0=purchase', status: 400, shows: 'a one-step funnel refused with its message' },
  { name: 'customers', path: '/customers', shows: 'the customers list' },
  { name: 'customers-sorted', path: '/customers?sort=painPoints', shows: 'customers sorted by pain points' },
  { name: 'customer', path: `/customers/${ALICE.userId}`, shows: "Alice's journey: timeline, stage lane, visits, survey answer" },
  { name: 'customer-raw-event', path: `/customers/${ALICE.userId}?event=${ALICE_ORDER_ID}`, shows: "Alice's page with her order's raw event open" },
  { name: 'customer-visits', path: `/customers/${CAROL.anonymousId}`, shows: "Carol's visit with a named click and folded scrolls" },
  { name: 'customer-not-found', path: '/customers/nobody-here', status: 404, shows: 'an unknown customer' },
  { name: 'surveys', path: '/surveys', shows: 'survey answers, sentiment trend and comments' },
  { name: 'touchpoints', path: '/touchpoints', shows: 'critical touchpoints by attribution model' },
  { name: 'predictions', path: '/predictions', shows: 'churn predictions' },
  { name: 'predictions-next-stage', path: '/predictions?kind=next_stage', shows: 'next-stage predictions' },
  { name: 'quarantine', path: '/quarantine', shows: 'rejected events with their reasons' },
  { name: 'actions', path: '/actions', shows: 'lifecycle actions and their webhook deliveries' },
  { name: 'segments', path: '/segments', shows: 'saved segments with their sizes and the form that defines one' },
  { name: 'map-segment', path: '/map?segment=SEGMENT', shows: 'the journey map of one segment, its name and size under the filter bar' },
  { name: 'map-compare', path: '/map?compareSegment=SEGMENT', shows: 'the journey map compared with a segment: both values, differences, intervals, flags in words' },
  { name: 'map-compare-periods', path: `/map?from=${daysAgo(14)}&to=${daysAgo(0)}&compareFrom=${daysAgo(28)}&compareTo=${daysAgo(15)}`, shows: 'the last two weeks compared with the two before' },
  { name: 'note-error', path: '/map', status: 400, shows: 'a note refused with its message',
    act: async (page) => { await page.evaluate(() => { const f = document.createElement('form'); f.method = 'post'; f.action = '/notes'; document.body.append(f); f.submit(); }); await page.waitForSelector('.error'); } },
];

/** One element axe found breaking one rule. */
interface Found { rule: string; impact: string; target: string; help: string }

let col: RunningCollector;
let chrome: Chromium;
let page: Page;
let receiver: Server;
/** What each screenshot taken shows, printed once at the end. */
const shots: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A webhook receiver that takes one action's deliveries and fails the other's, so the actions page has both.
  receiver = createServer((req, res) => { req.resume(); res.writeHead(req.url === '/ok' ? 204 : 500).end(); });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = (path: string) => `http://127.0.0.1:${(receiver.address() as { port: number }).port}${path}`;
  await buildUi();
  col = await startCollector({
    config: {
      readToken: READ_TOKEN,
      sites: [{ id: 'shop', writeKey: 'wk_shop_a11y_test', origins: ['*'], serverKeys: [SERVER_KEY] }],
      surveys: [{ id: 'post-purchase', instrument: 'emotion5', question: 'How did buying feel?', trigger: { event: 'order_completed' } }],
      actions: [
        { id: 'welcome', on: 'stage.entered', stage: 'purchase', url: hook('/ok'), secret: SECRET, timeoutMs: 1000 },
        { id: 'unhappy', on: 'survey.answered', below: 0, url: hook('/fail'), secret: SECRET, timeoutMs: 1000 },
      ],
    },
  });
  const now = Date.now();
  await seedVolume({ customers: 40, events: 1500, seed: 11, weeks: 4 }, httpSink(col.url, 'wk_shop_a11y_test', SERVER_KEY));
  const alice = aliceEvents(now);
  alice[4].id = ALICE_ORDER_ID;
  await postBatch(col.url, 'wk_shop_a11y_test', [
    ...alice, ...carolEvents(now),
    surveyAnswer(ALICE.anonymousId, 'alice-2', now - 2 * 86_400_000 + 5 * 60_000, 5, 'Quick and easy'),
    surveyAnswer(CAROL.anonymousId, 'carol-1', now - 3_600_000, 1, 'Could not find my size'),
  ]);
  const bad = await postBatch(col.url, 'wk_shop_a11y_test', [{ id: 'not-a-uuid', type: 'bogus', anonymousId: 'q', context: { url: 'x' } }]);
  expect(bad.rejected).toHaveLength(1);

  const made = await fetch(`${col.url}/v1/segments`, {
    method: 'POST', headers: { authorization: `Bearer ${READ_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bought <something>', definition: { reached: 'purchase' } }),
  });
  expect(made.status).toBe(201);
  segmentId = ((await made.json()) as { id: string }).id;

  chrome = await launchChromium();
  page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${col.url}/signin`);
  await page.fill('input[name=token]', READ_TOKEN);
  await Promise.all([page.waitForURL(`${col.url}/`), page.click('button[type=submit]')]);
  // An opportunity on the map, so its row shows a note with its status form.
  await page.goto(`${col.url}/map`);
  await page.waitForSelector('#journey-map', { timeout: 30_000 });
  const head = page.locator('tr[data-row=opportunities] th');
  await head.locator('summary').click();
  await head.locator('select[name=stage]').selectOption('purchase');
  await head.locator('textarea').fill('Checkout errors: show the card problem inline');
  await head.locator('input[name=owner]').fill('Payments team');
  await Promise.all([page.waitForURL(`${col.url}/map`), head.locator('button[type=submit]').click()]);
}, 240_000);

afterAll(async () => {
  if (shots.length) console.log(`screenshots in ${SCREENSHOTS}: ${shots.join('; ')}`);
  await chrome?.close();
  await col?.stop();
  await new Promise((r) => receiver?.close(r));
});

/** Goes to a page, waiting out "Computing…" (202) answers, and returns the final status. */
async function visit(p: Page, path: string): Promise<number> {
  for (let i = 0; ; i++) {
    const res = await p.goto(`${col.url}${path}`);
    if (res!.status() !== 202 || i === 30) return res!.status();
    await p.waitForTimeout(1000);
  }
}

/** axe on the page as it is, then again with every <details> open, so collapsed forms are checked too. */
async function audit(p: Page): Promise<Found[]> {
  await p.evaluate(axeSource);
  const run = () => p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => ({ rule: v.id, impact: v.impact ?? 'unknown', target: n.target.map(String).join(' '), help: v.help })));
  });
  const found = await run();
  await p.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  found.push(...await run());
  // axe 4.x no longer reports repeated ids; a label, skip link or aria reference would find the wrong element.
  const repeated = await p.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
  found.push(...repeated.map((id) => ({ rule: 'duplicate-id', impact: 'serious', target: `#${id}`, help: 'ids must be unique' })));
  const unique = new Map(found.map((f) => [`${f.rule} ${f.target}`, f]));
  return [...unique.values()];
}

describe('accessibility of every UI page', () => {
  it('checks every page in the navigation and every guarded page', () => {
    const checked = new Set(PAGES.map((e) => new URL(e.path, 'http://x').pathname));
    expect([...new Set([...NAV.map((n) => n.href), ...UI_PAGES, '/predictions', '/signin'])].filter((href) => !checked.has(href))).toEqual([]);
  });

  // One test per page, in order: the pages behind the session first, then the sign-in pages
  // without it. Each page waits out its own "Computing…" answers within its own timeout.
  const ordered = [...PAGES.filter((e) => e.session !== false), ...PAGES.filter((e) => e.session === false)];
  for (const entry of ordered) {
    it(`${entry.name}: no serious or critical axe violation and no repeated id (${entry.path})`, async () => {
      if (entry.session === false) await chrome.context.clearCookies();
      const status = await visit(page, entry.path.replace('SEGMENT', segmentId));
      // The page itself, not the sign-in page a lost session would redirect to.
      expect(new URL(page.url()).pathname, entry.path).toBe(new URL(entry.path, col.url).pathname);
      if (entry.act) await entry.act(page);
      else expect(status, entry.path).toBe(entry.status ?? 200);
      const file = join(SCREENSHOTS, `${entry.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      shots.push(`${entry.name}.png → ${entry.shows}`);
      // One line per rule: how many elements, the first few of them, and what to do.
      const byRule = new Map<string, Found[]>();
      for (const f of await audit(page)) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
      const failures: string[] = [];
      for (const [rule, found] of byRule) {
        const { impact, help } = found[0];
        const targets = found.slice(0, 4).map((f) => f.target).join(' | ') + (found.length > 4 ? ` | … ${found.length - 4} more` : '');
        const line = `${rule} [${impact}] ×${found.length}: ${targets} — ${help}`;
        if (found.some((f) => f.impact === 'serious' || f.impact === 'critical')) failures.push(line);
        else console.log(`moderate or minor on ${entry.name}: ${line}`);
      }
      expect(failures).toEqual([]);
    }, 90_000);
  }
});
