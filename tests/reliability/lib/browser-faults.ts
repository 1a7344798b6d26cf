// Scenario 2 with the real SDK in a real Chromium: a shop page served from its own loopback
// origin embeds dist/sdk/waymark.iife.js and sends to a collector process. Every event the SDK
// reports `queued` (it reached the outbox) is recorded outside the browser, so closing a tab or
// killing the browser cannot hide an event; at the end each one is looked up in the database.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, type Chromium } from '../../helpers/chromium.js';
import type { RunningCollector } from '../../helpers/collector.js';

const sdkFile = fileURLToPath(new URL('../../../dist/sdk/waymark.iife.js', import.meta.url));

export interface ShopSite { url: string; close(): Promise<void> }

/** The visitor's site: one page that loads the SDK with short retry delays, autocapture off. */
export async function serveShop(collectorUrl: string, writeKey: string): Promise<ShopSite> {
  if (!existsSync(sdkFile)) throw new Error(`${sdkFile} is missing; run npm run build first`);
  const sdk = readFileSync(sdkFile);
  const page = `<!doctype html><meta charset="utf-8"><title>shop</title><script src="/waymark.js"></script><script>
    waymark.init({ writeKey: ${JSON.stringify(writeKey)}, endpoint: ${JSON.stringify(collectorUrl)}, autocapture: false,
      debug: true, batchSize: 20, flushInterval: 200, retryBaseMs: 200, retryMaxMs: 2000 });
    waymark.on('status', (ids, status) => console.debug('waymark-status ' + JSON.stringify({ ids, status })));
    window.addEventListener('message', (m) => { if (m.data && m.data.source === 'waymark-sdk' && m.data.kind === 'status') console.debug('waymark-debug ' + JSON.stringify(m.data)); });
  </script><h1>shop</h1>`;
  const server: Server = createServer((req, res) => {
    if (req.url === '/waymark.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(sdk); return; }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(req.url === '/blank' ? '<!doctype html><title>no SDK here</title>' : page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** What the SDK reported, gathered outside the browser so it survives tabs and browsers. */
export class Ledger {
  queued = new Set<string>();
  statuses = new Map<string, Set<string>>();
  debugFailures: { ids: string[]; detail?: string }[] = [];

  /**
   * Listens through the console: an exposed binding would be simpler, but with one in place a
   * quota-limited page never sent its batches (seen with Chromium 1xx and playwright-core 1.65).
   */
  attach(context: BrowserContext) {
    const listen = (page: Page) => page.on('console', (m) => {
      const text = m.text();
      if (text.startsWith('waymark-status ')) {
        const { ids, status } = JSON.parse(text.slice(15)) as { ids: string[]; status: string };
        for (const id of ids) {
          if (status === 'queued') this.queued.add(id);
          let s = this.statuses.get(id);
          if (!s) this.statuses.set(id, (s = new Set()));
          s.add(status);
        }
      } else if (text.startsWith('waymark-debug ')) {
        const msg = JSON.parse(text.slice(14)) as { ids: string[]; status: string; detail?: string };
        // A failure the SDK will retry is not a loss; only one it gives up on is.
        if (msg.status === 'failed' && !/will retry/.test(msg.detail ?? '')) this.debugFailures.push({ ids: msg.ids, detail: msg.detail });
      }
    });
    context.pages().forEach(listen);
    context.on('page', listen);
  }

  /** Events the SDK reported as given up (evicted, or failed for good) on the debug channel. */
  reportedLost(): Set<string> {
    return new Set(this.debugFailures.flatMap((f) => f.ids));
  }
}

/** Visitor actions: `n` track events on the current page, each numbered for the duplicate check. */
export async function browse(page: Page, label: string, n: number) {
  await page.evaluate(([label, n]) => {
    for (let i = 0; i < (n as number); i++) (window as any).waymark.track('browse', { label, i });
  }, [label, n] as const);
}

export interface Count { expected: number; stored: number; lost: number; duplicated: number; reportedLost: number }

/** Looks every queued id up; duplicates are rows beyond one per (label, i) the visitor created. */
export function countDelivery(dbFile: string, ledger: Ledger): Count {
  const db = new Database(dbFile, { readonly: true });
  try {
    const has = db.prepare('SELECT 1 FROM events WHERE id = ?');
    let stored = 0;
    const missing: string[] = [];
    for (const id of ledger.queued) {
      if (has.get(Buffer.from(id.replace(/-/g, ''), 'hex'))) stored++; else missing.push(id);
    }
    const dup = db.prepare(`SELECT count(*) - count(DISTINCT json_extract(body, '$.properties.label') || '/' || json_extract(body, '$.properties.i')) AS d
      FROM events WHERE name = 'browse'`).get() as { d: number };
    const reported = ledger.reportedLost();
    return {
      expected: ledger.queued.size, stored, lost: missing.filter((id) => !reported.has(id)).length,
      duplicated: dup.d, reportedLost: missing.filter((id) => reported.has(id)).length,
    };
  } finally {
    db.close();
  }
}

/** Waits until every queued id is stored or reported lost, or the time is up. */
export async function settle(dbFile: string, ledger: Ledger, ms: number): Promise<Count> {
  const end = Date.now() + ms;
  let c = countDelivery(dbFile, ledger);
  while (c.stored + c.reportedLost < c.expected && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 500));
    c = countDelivery(dbFile, ledger);
  }
  return c;
}

/** SIGKILLs the browser's main process, found by its unique profile directory (our own process). */
export function killBrowser(b: Chromium) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    const args = cmd.split('\0');
    if (args.includes(`--user-data-dir=${b.userDataDir}`) && !args.some((a) => a.startsWith('--type='))) {
      process.kill(Number(pid), 'SIGKILL');
      return Number(pid);
    }
  }
  throw new Error(`no Chromium process with --user-data-dir=${b.userDataDir}`);
}

export { launchChromium, type RunningCollector };

// ---- The scenarios, shared by the short tests and the chaos run ----

/** How the SDK sends: gzip-compressed (the default), or plain JSON as where the browser has no CompressionStream. */
export interface SendOptions { compress?: boolean }
/** Labels of a plain-JSON run differ, so its events never count as copies of a gzip run's in the shared database. */
const tag = (o: SendOptions) => (o.compress === false ? 'plain-' : '');
const sendMode = (context: BrowserContext, o: SendOptions) =>
  o.compress === false ? context.addInitScript(() => { delete (window as any).CompressionStream; }) : Promise.resolve();

/** The collector is down for `downMs` while the visitor browses four pages. 50 events. */
export async function collectorDown(c: RunningCollector, shop: ShopSite, downMs: number, o: SendOptions = {}): Promise<Count> {
  const b = await launchChromium();
  const ledger = new Ledger();
  try {
    await sendMode(b.context, o);
    ledger.attach(b.context);
    const page = await b.context.newPage();
    await page.goto(`${shop.url}/a`);
    await browse(page, `${tag(o)}down-before`, 5);
    await c.kill();
    for (const p of ['b', 'c', 'd', 'e']) {
      await page.goto(`${shop.url}/${p}`);
      await browse(page, `${tag(o)}down-${p}`, 10);
      await page.waitForTimeout(downMs / 4);
    }
    await c.restart();
    await browse(page, `${tag(o)}down-after`, 5);
    return await settle(c.dbFile, ledger, 60_000);
  } finally {
    await b.close();
  }
}

/** A tab closed mid-flush (30 events), then 20 events queued while the collector is down and the browser SIGKILLed; restarted on its profile. */
export async function tabClosedAndBrowserKilled(c: RunningCollector, shop: ShopSite, profile: string, o: SendOptions = {}): Promise<Count> {
  const ledger = new Ledger();
  let b = await launchChromium({ userDataDir: profile });
  try {
    await sendMode(b.context, o);
    ledger.attach(b.context);
    let page = await b.context.newPage();
    await page.goto(`${shop.url}/tab`);
    await browse(page, `${tag(o)}tab-closed`, 30);
    void page.evaluate(() => (window as any).waymark.flush()).catch(() => {});
    await page.close();

    await c.kill();
    page = await b.context.newPage();
    await page.goto(`${shop.url}/crash`);
    await browse(page, `${tag(o)}browser-killed`, 20);
    await page.waitForTimeout(1500); // the outbox write is committed by then
    killBrowser(b);
    await b.close();
    await c.restart();

    b = await launchChromium({ userDataDir: profile });
    await sendMode(b.context, o);
    ledger.attach(b.context);
    page = await b.context.newPage();
    await page.goto(`${shop.url}/back`); // the SDK starts, finds its outbox and sends it
    return await settle(c.dbFile, ledger, 60_000);
  } finally {
    await b.close();
  }
}

/**
 * A tab closed while the SDK's outbox is still opening (IndexedDB is slow to open on a busy
 * machine): another page of the site holds an upgrade of the outbox database open, so the SDK's
 * open waits behind it while 30 events are made and the tab is closed. 30 events.
 */
export async function closedWhileOutboxOpens(c: RunningCollector, shop: ShopSite, writeKey: string): Promise<Count> {
  const b = await launchChromium();
  const ledger = new Ledger();
  try {
    ledger.attach(b.context);
    const holder = await b.context.newPage();
    await holder.goto(`${shop.url}/blank`);
    await holder.evaluate((name) => new Promise<void>((upgrading) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => {
        const store = r.result.createObjectStore('hold');
        // A transaction stays open while it has requests; abort it when told, undoing the upgrade.
        const spin = () => ((window as any).release ? r.transaction!.abort() : (store.get(0).onsuccess = spin));
        spin();
        upgrading();
      };
    }), `waymark-${writeKey}`);
    const page = await b.context.newPage();
    await page.goto(`${shop.url}/opening`);
    await browse(page, 'outbox-opening', 30);
    await page.close();
    await holder.evaluate(() => ((window as any).release = true));
    await (await b.context.newPage()).goto(`${shop.url}/next`); // finds the events the closed tab left
    return await settle(c.dbFile, ledger, 30_000);
  } finally {
    await b.close();
  }
}

/** The origin's storage quota set to 1 byte (CDP), then 40 events. */
export async function quotaExhausted(c: RunningCollector, shop: ShopSite): Promise<Count & { debugFailures: number }> {
  const b = await launchChromium();
  const ledger = new Ledger();
  try {
    ledger.attach(b.context);
    const page = await b.context.newPage();
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin' as any, { origin: shop.url, quotaSize: 1 } as any);
    await page.goto(`${shop.url}/quota`);
    await browse(page, 'quota', 40);
    return { ...(await settle(c.dbFile, ledger, 30_000)), debugFailures: ledger.debugFailures.length };
  } finally {
    await b.close();
  }
}
