// GET /v1/profile through the real app, a real SQLite file and PostgreSQL, and the journey-state worker: the
// visitor's own stage only (never by a user id), write key and origin checked like ingest, CORS,
// caching, and a just-sent order shown at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { PROFILE_CACHE_CONTROL } from '../../collector/src/profile/route.js';
import { startStateWorker, type StateWorker } from '../../collector/src/state/worker.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../../collector/src/store/postgres/test-databases.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';
import type { ProfileResponse } from '../../wire/index.js';
import { batch, event } from '../ingest/batch.js';

const SHOP = 'https://shop.example';
const BLOG = 'https://blog.example';
const dir = mkdtempSync(join(tmpdir(), 'waymark-profile-route-'));
const config = withDefaults(parseConfig({
  sites: [
    { id: 'shop', writeKey: 'wk_shop_profile', origins: [SHOP] },
    { id: 'blog', writeKey: 'wk_blog_profile', origins: [BLOG] },
  ],
}), dir, {});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pgServer = await postgresForTests();
const stores: [string, (() => Promise<{ store: Store; drop?: () => Promise<void> }>) | string][] = [
  ['SQLite', async () => {
    const store = new SqliteStore(join(dir, 'w.db'));
    await store.threadsReady();
    return { store };
  }],
  ['PostgreSQL', 'skip' in pgServer ? pgServer.skip : async () => {
    const db: TestDatabase = await createTestDatabase((pgServer as { url: string }).url);
    return { store: await PostgresStore.open({ connectionString: db.url }), drop: () => db.drop() };
  }],
];

describe.each(stores)('GET /v1/profile on %s', (_name, open) => {
let store: Store;
let drop: (() => Promise<void>) | undefined;
let worker: StateWorker;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  if (typeof open === 'string') return;
  ({ store, drop } = await open());
  // The route waits for a dirty state up to settleMs: what is tested is that it waits, not how fast a
  // rebuild is on a loaded CI machine (there, 3 s was once not enough on PostgreSQL).
  app = createApp({ config, store, states: true, settleMs: 10_000 });
  worker = startStateWorker(store, { stageRules: config.stages, lifecycle: config.lifecycle, timeoutMinutes: 30 });
  await worker.ready;
});
afterAll(async () => {
  await worker?.stop();
  await store?.close();
  await drop?.();
});

let clock = Date.now() - 3_600_000;
/** Sends the visitor's events through ingest, as the SDK on the shop would. */
async function send(writeKey: string, origin: string, anonymousId: string, ...events: Record<string, unknown>[]) {
  const list = events.map((e) => {
    const url = `${origin}${e.path ?? '/'}`;
    return event({ type: 'page', anonymousId, sessionId: `${anonymousId}-s`, timestamp: new Date((clock += 1000)).toISOString(), context: { url, path: e.path ?? '/', sdk: { name: 'test', version: '0' } }, ...e, path: undefined });
  });
  const res = await app.request('/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(batch(writeKey, list)) });
  expect(res.status).toBe(200);
  return list;
}

async function profile(query: Record<string, string>, origin: string | null = SHOP) {
  const res = await app.request(`/v1/profile?${new URLSearchParams(query)}`, { headers: origin ? { origin } : {} });
  return { status: res.status, headers: res.headers, body: (await res.json()) as ProfileResponse & { error?: string } };
}

const UNKNOWN = { stage: null, since: null, segments: [], stateVersion: null };

describe.skipIf(typeof open === 'string')(typeof open === 'string' ? open : 'through the app', () => {
  it("answers with the visitor's stage and since when, and a just-sent order at once", async () => {
    await send('wk_shop_profile', SHOP, 'anon-1', { path: '/' }, { path: '/pricing' });
    const first = await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stage: 'consideration', segments: [], stateVersion: expect.any(String) });

    const [order] = await send('wk_shop_profile', SHOP, 'anon-1', { type: 'track', name: 'order_completed' });
    // No wait: the route settles the visitor's dirty state before it answers. A new `v` skips the cached answer.
    const after = await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-1', v: 'order' });
    expect(after.body).toEqual({ stage: 'purchase', since: expect.any(String), segments: [], stateVersion: expect.any(String) });
    // The collector corrects event times for the client's clock by a few milliseconds at most.
    expect(Math.abs(Date.parse(after.body.since!) - Date.parse(order.timestamp as string))).toBeLessThan(1000);
    expect(after.body.stateVersion).not.toBe(first.body.stateVersion);
  });

  it('reuses an answer for a few seconds while the mark `v` is unchanged', async () => {
    await send('wk_shop_profile', SHOP, 'anon-cache', { path: '/pricing' });
    const a = await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-cache', v: '1' });
    expect(a.body.stage).toBe('consideration');
    await send('wk_shop_profile', SHOP, 'anon-cache', { type: 'track', name: 'order_completed' });
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-cache', v: '1' })).body.stage).toBe('consideration');
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-cache', v: '2' })).body.stage).toBe('purchase');
  });

  it("lists the ids of the saved segments the visitor's customer is in, and only those", async () => {
    const pricing = await store.segments.create({ name: 'Saw pricing', definition: { visited: ['/pricing*'] } });
    const buyers = await store.segments.create({ name: 'Buyers', definition: { reached: 'purchase' } });
    await send('wk_shop_profile', SHOP, 'anon-seg', { path: '/pricing' });
    // The saved segments are read again every few seconds: wait that long so both are known.
    await new Promise((r) => setTimeout(r, 5_100));
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-seg', v: 'a' })).body.segments).toEqual([pricing.id]);
    await send('wk_shop_profile', SHOP, 'anon-seg', { type: 'track', name: 'order_completed' });
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-seg', v: 'b' })).body.segments.sort()).toEqual([pricing.id, buyers.id].sort());
    await store.segments.delete(pricing.id);
    await store.segments.delete(buyers.id);
  }, 20_000);

  it('answers a visitor not yet known with stage null', async () => {
    const r = await profile({ writeKey: 'wk_shop_profile', anonymousId: 'never-seen' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(UNKNOWN);
  });

  it("answers for the anonymous id only: never by a customer's user id, nor the id server events are kept under", async () => {
    await send('wk_shop_profile', SHOP, 'anon-alice', { path: '/pricing' }, { type: 'identify', userId: 'alice' });
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-alice' })).body.stage).toBe('consideration');
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'alice' })).body).toEqual(UNKNOWN);
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: '$user:alice' })).body).toEqual(UNKNOWN);
  });

  it("answers a site only for its own visitors", async () => {
    await send('wk_shop_profile', SHOP, 'anon-shop-only', { path: '/pricing' });
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-shop-only' })).body.stage).toBe('consideration');
    expect((await profile({ writeKey: 'wk_blog_profile', anonymousId: 'anon-shop-only' }, BLOG)).body).toEqual(UNKNOWN);
  });

  it('carries CORS and short private caching headers for an allowed origin', async () => {
    const r = await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-1' });
    expect(r.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(r.headers.get('vary')).toBe('Origin');
    expect(r.headers.get('cache-control')).toBe(PROFILE_CACHE_CONTROL);
    expect(PROFILE_CACHE_CONTROL).toMatch(/^private, max-age=\d$/);
    const pre = await app.request('/v1/profile', { method: 'OPTIONS', headers: { origin: SHOP } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('refuses an unknown write key with 401, as ingest does', async () => {
    const r = await profile({ writeKey: 'wk_nope', anonymousId: 'anon-1' });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatch(/unknown write key/);
    expect(r.body).not.toHaveProperty('stage');
    expect((await profile({ anonymousId: 'anon-1' })).status).toBe(401);
  });

  it("refuses a foreign origin with 403 and no Access-Control-Allow-Origin, so its page reads nothing", async () => {
    const r = await profile({ writeKey: 'wk_shop_profile', anonymousId: 'anon-1' }, 'https://evil.example');
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/origin https:\/\/evil\.example is not allowed for site "shop"/);
    expect(r.body).not.toHaveProperty('stage');
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('asks for an anonymous id', async () => {
    const r = await profile({ writeKey: 'wk_shop_profile' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/anonymousId/);
    expect((await profile({ writeKey: 'wk_shop_profile', anonymousId: 'x'.repeat(201) })).status).toBe(400);
  });
});
});
