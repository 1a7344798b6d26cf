// A page whose figures are not computed yet (the first pass over a large store takes seconds)
// answers within a second with a "computing" page that reloads itself, instead of hanging; the
// computation goes on and the next load shows the figures. Downloads wait for the result.
// The store's identity links wait on a gate here, which stands in for a slow first pass.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSessionCookie, SESSION_COOKIE } from '../../collector/src/auth.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let open!: () => void;
const gate = new Promise<void>((r) => (open = r));
const real = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'waymark-computing-')), 'waymark.db'));
// Every pass starts with the identity links: holding them back holds the pass back.
const slow = new Proxy(real, {
  get(target, key) {
    if (key === 'journeys') return { ...target.journeys, identityLinks: async () => { await gate; return target.journeys.identityLinks(); } };
    const v = Reflect.get(target, key, target);
    return typeof v === 'function' ? v.bind(target) : v;
  },
}) as Store;

let c: InProcessCollector;
let cookie: string;
beforeAll(async () => {
  c = await serveCollector({ store: slow });
  cookie = `${SESSION_COOKIE}=${await makeSessionCookie(c.readToken)}`;
  expect((await post(c.url, batch(c.writeKey, [event(), event(), event()]))).status).toBe(200);
});
afterAll(() => c?.close());

const get = (path: string) => fetch(`${c.url}${path}`, { headers: { cookie }, redirect: 'manual' });

it('says the figures are being computed, then shows them; a download waits for them', async () => {
  const download = get('/map.csv');
  let downloaded = false;
  void download.then(() => (downloaded = true));

  const t = performance.now();
  const first = await get('/');
  expect(first.status).toBe(202);
  expect(performance.now() - t).toBeLessThan(2500); // about PAGE_WAIT_MS, not the pass
  const html = await first.text();
  expect(html).toContain('id="computing"');
  expect(html).toMatch(/<meta http-equiv="refresh" content="2"\/?>/);
  expect((await get('/customers')).status).toBe(202);
  expect(downloaded).toBe(false);

  open();
  const csv = await download;
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const again = await get('/');
  expect(again.status).toBe(200);
  const page = await again.text();
  expect(page).not.toContain('id="computing"');
  expect(page).not.toContain('http-equiv="refresh"');
  expect(page).toMatch(/id="kpi-customers"[\s\S]*?class="value">3</);
});
