// The read API over real HTTP on a real SQLite file: auth, the customer list, one journey,
// aggregates and their cache, exports, bad parameters, and erasure with its audit row.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyService, type ServiceDeps } from '../../collector/src/api/service.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import type { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, post } from '../ingest/batch.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../store/postgres-db.js';

const T0 = Date.parse('2026-10-01T09:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

let n = 0;
function ev(anonymousId: string, minutes: number, over: Record<string, unknown> = {}) {
  const url = (over.url as string) ?? 'https://shop.example/';
  delete over.url;
  return {
    id: randomUUID(), type: 'page', anonymousId, sessionId: `${anonymousId}-s`, timestamp: at(minutes),
    context: { url, path: new URL(url).pathname, referrer: '', sdk: { name: 'test', version: '0' } },
    properties: { n: n++ }, ...over,
  };
}

// alice: two devices, identified, buys. bob: anonymous, reads the blog. carol then dave share a
// computer (anon "kiosk"): two customers, never merged.
// alice comes back on her phone three weeks after her order: by then she is a retained customer.
const events = [
  ev('a-laptop', 0, { url: 'https://shop.example/blog/intro', context: { url: 'https://shop.example/blog/intro', referrer: 'https://www.google.com/', sdk: { name: 'test', version: '0' } } }),
  ev('a-laptop', 2, { url: 'https://shop.example/products/shoe-1' }),
  ev('a-laptop', 4, { type: 'identify', userId: 'alice', traits: { email: 'alice@example.com', plan: 'plus' } }),
  ev('a-laptop', 5, { type: 'track', name: 'order_completed', userId: 'alice', url: 'https://shop.example/checkout' }),
  ev('a-phone', 30000, { type: 'identify', userId: 'alice', url: 'https://shop.example/account' }),
  ev('a-phone', 30001, { type: 'track', name: '$rage_click', userId: 'alice', url: 'https://shop.example/account', properties: { selector: 'button.save' } }),
  ev('bob-1', 10, { url: 'https://shop.example/blog/trail' }),
  ev('bob-1', 12, { url: 'https://shop.example/blog/road' }),
  ev('kiosk', 100, { type: 'identify', userId: 'carol' }),
  ev('kiosk', 101, { userId: 'carol', url: 'https://shop.example/pricing' }),
  ev('kiosk', 500, { type: 'identify', userId: 'dave' }),
  ev('kiosk', 501, { userId: 'dave', url: 'https://shop.example/products/shoe-2' }),
];

/** The erasure audit rows, oldest first, from either database. */
async function auditRows(store: Store): Promise<{ customer_id: string; requested_by: string; deleted: number }[]> {
  if (store instanceof PostgresStore) {
    const { rows } = await store.pool.query('SELECT customer_id, requested_by, deleted FROM erasures ORDER BY seq');
    return rows.map((r: any) => ({ ...r, deleted: Number(r.deleted) }));
  }
  return (store as SqliteStore).db.prepare('SELECT customer_id, requested_by, deleted FROM erasures ORDER BY seq').all() as any;
}

const pgServer = await postgresForTests();
const stores: [string, (() => Promise<{ store?: Store; drop?: () => Promise<void> }>) | string][] = [
  ['sqlite', async () => ({})],
  ['postgres', 'skip' in pgServer ? pgServer.skip : async () => {
    const db: TestDatabase = await createTestDatabase((pgServer as { url: string }).url);
    return { store: await PostgresStore.open({ connectionString: db.url }), drop: () => db.drop() };
  }],
];

describe.each(stores)('read API on %s', (_name, open) => {
let c: InProcessCollector;
let drop: (() => Promise<void>) | undefined;
const get = async (path: string, token: string | null = c.readToken, method = 'GET') => {
  const res = await fetch(`${c.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* csv or ndjson */ }
  return { status: res.status, json, text, headers: res.headers };
};

beforeAll(async () => {
  if (typeof open === 'string') return;
  const opened = await open();
  drop = opened.drop;
  c = await serveCollector({ store: opened.store });
  const r = await post(c.url, batch(c.writeKey, events));
  expect(r.json).toMatchObject({ accepted: events.length });
});
afterAll(async () => {
  await c?.close();
  await drop?.();
});

describe.skipIf(typeof open === 'string')(typeof open === 'string' ? open : 'over HTTP', () => {
  it.each([
    '/v1/customers', '/v1/customers/alice/journey', '/v1/journey-map', '/v1/flows', '/v1/funnels?steps=stage:purchase',
    '/v1/export?kind=events', '/v1/stages', '/v1/quarantine',
  ])('refuses %s without the read token, and with a wrong one', async (path) => {
    expect((await get(path, null)).status).toBe(401);
    expect((await get(path, 'rt_wrong-token-123456')).status).toBe(401);
  });

  it('lists customers: a person on two devices is one, a shared computer is two', async () => {
    const r = await get('/v1/customers');
    expect(r.status).toBe(200);
    expect(r.json.customers.map((x: any) => x.customerId).sort()).toEqual(['alice', 'bob-1', 'carol', 'dave']);
    const alice = r.json.customers.find((x: any) => x.customerId === 'alice');
    expect(alice).toMatchObject({ anonymousIds: ['a-laptop', 'a-phone'], userIds: ['alice'], furthestStage: 'retention', traits: { email: 'alice@example.com' } });
  });

  it('pages with a cursor: every customer once, in id order', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const r = await get(`/v1/customers?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.json.customers).toHaveLength(1);
      seen.push(r.json.customers[0].customerId);
      if (!r.json.nextCursor) break;
      cursor = r.json.nextCursor;
    }
    expect(seen).toEqual(['alice', 'bob-1', 'carol', 'dave']);
  });

  it.each([
    ['q=ALICE@example', ['alice']],
    ['q=kiosk', ['carol', 'dave']],
    ['stage=consideration', ['carol', 'dave']],
    ['reached=purchase', ['alice']],
    ['channel=organic_search', ['alice']],
    ['from=2026-10-03&to=2026-10-04', ['alice']],
  ])('filters customers by %s', async (query, ids) => {
    const r = await get(`/v1/customers?${query}`);
    expect(r.status).toBe(200);
    expect(r.json.customers.map((x: any) => x.customerId)).toEqual(ids);
  });

  it('returns one journey in the documented shape, found by user id or by any anonymous id', async () => {
    const r = await get('/v1/customers/alice/journey');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['customerId', 'anonymousIds', 'userIds', 'currentStage', 'furthestStage', 'stages', 'sessions', 'touchpoints', 'emotion', 'painPoints']));
    expect(r.json.touchpoints).toHaveLength(6);
    expect(r.json.sessions).toHaveLength(2);
    expect(r.json.stages.map((s: any) => s.stage)).toEqual(['awareness', 'consideration', 'purchase', 'retention']);
    expect(r.json.painPoints.map((p: any) => p.kind)).toEqual(['rage_click']);
    expect((await get('/v1/customers/a-phone/journey')).json.customerId).toBe('alice');
    expect((await get('/v1/customers/nobody/journey')).status).toBe(404);
  });

  it('answers the journey map, flows and funnels, and serves them from cache until data changes', async () => {
    const map = await get('/v1/journey-map');
    expect(map.status).toBe(200);
    expect(map.json.customers).toBe(4);
    expect(map.json.stages.find((s: any) => s.stage === 'purchase').customers).toBe(1);
    // The customer list above already built it (one pass feeds both), so it comes from cache.
    const again = await get('/v1/journey-map');
    expect(again.json.meta).toMatchObject({ cached: true, dataVersion: map.json.meta.dataVersion, computedAt: map.json.meta.computedAt });

    const flows = await get('/v1/flows?level=stage&steps=3');
    expect(flows.status).toBe(200);
    expect(flows.json.nodes.length).toBeGreaterThan(0);
    const funnel = await get('/v1/funnels?steps=stage:consideration,stage:purchase&window=7d');
    expect(funnel.status).toBe(200);
    expect(funnel.json.steps.map((s: any) => s.customers)).toEqual([3, 1]);

    await post(c.url, batch(c.writeKey, [ev('erin', 20)]));
    const after = await get('/v1/journey-map');
    expect(after.json.meta.cached).toBe(false);
    expect(after.json.meta.dataVersion).not.toBe(map.json.meta.dataVersion);
    expect(after.json.customers).toBe(5);
  });

  it.each([
    ['/v1/customers?limit=0', 'limit: must be a whole number from 1 to 500'],
    ['/v1/customers?stage=shopping', 'stage: must be one of awareness'],
    ['/v1/journey-map?from=yesterday', 'from: must be a date'],
    ['/v1/journey-map?from=2026-10-05&to=2026-10-01', 'from must be before to'],
    ['/v1/flows?level=site', 'level: must be "stage" or "page"'],
    ['/v1/funnels?steps=purchase', 'must look like event:name'],
    ['/v1/funnels?steps=stage:purchase?', 'first step cannot be optional'],
    ['/v1/export?kind=people', 'kind: must be "events" or "journeys"'],
  ])('answers 400 with what to fix for %s', async (path, message) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(r.json.error).toContain(message);
  });

  it('exports events as NDJSON, each exactly as received plus receivedAt, at and siteId', async () => {
    const r = await get('/v1/export?kind=events&format=ndjson&customer=bob-1');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = r.text.trim().split('\n').map((l) => JSON.parse(l));
    const sent = events.filter((e) => e.anonymousId === 'bob-1');
    expect(lines).toHaveLength(2);
    lines.forEach((line, i) => {
      const { receivedAt, at: when, siteId, ...original } = line;
      expect(original).toEqual(sent[i]);
      expect(siteId).toBe('dev');
      // Skew-corrected: off from the client's timestamp only by the time the batch spent in flight.
      expect(Math.abs(Date.parse(when) - Date.parse(sent[i].timestamp))).toBeLessThan(5000);
      expect(Date.parse(receivedAt)).toBeGreaterThan(0);
    });
  });

  it('exports events and journeys as CSV with a header row, defusing formula cells', async () => {
    await post(c.url, batch(c.writeKey, [ev('mallory', 30, { type: 'track', name: '=HYPERLINK("http://evil")' })]));
    const r = await get('/v1/export?kind=events&format=csv&customer=mallory');
    const [header, row] = r.text.trim().split('\r\n');
    expect(header.split(',').slice(0, 3)).toEqual(['id', 'type', 'name']);
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const j = await get('/v1/export?kind=journeys&format=csv');
    expect(j.text.split('\r\n')[0]).toMatch(/^customerId,anonymousIds,userIds,currentStage,furthestStage/);
    expect(j.text).toContain('\r\nalice,a-laptop a-phone,alice,retention,retention,');
  });

  it('lists the stage rules for the extension', async () => {
    const r = await get('/v1/stages');
    expect(r.json.stages[0]).toBe('awareness');
    expect(r.json.rules.find((x: any) => x.when.event === 'order_completed')).toMatchObject({ stage: 'purchase' });
  });

  it('lists quarantined events', async () => {
    await post(c.url, batch(c.writeKey, [{ id: 'not-a-uuid', type: 'page' }]));
    const r = await get('/v1/quarantine?limit=5');
    expect(r.json.events[0]).toMatchObject({ eventId: 'not-a-uuid' });
  });

  it('erases every event of a customer on every device, keeps a shared computer\'s other user, and audits it', async () => {
    const del = await get('/v1/customers/alice?reason=test', c.adminToken, 'DELETE');
    expect(del.status).toBe(200);
    expect(del.json.erased).toMatchObject({ customerId: 'alice', anonymousIds: ['a-laptop', 'a-phone'], userIds: ['alice'], deleted: 6 });
    expect((await get('/v1/customers/alice/journey')).status).toBe(404);
    expect((await get('/v1/customers/a-phone/journey')).status).toBe(404);
    const left = (await get('/v1/export?kind=events')).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(left.some((e) => e.userId === 'alice' || e.anonymousId.startsWith('a-'))).toBe(false);

    const carol = await get('/v1/customers/carol?reason=test', c.adminToken, 'DELETE');
    expect(carol.json.erased).toMatchObject({ anonymousIds: [], userIds: ['carol'], deleted: 2 });
    const dave = await get('/v1/customers/dave/journey');
    expect(dave.json.touchpoints).toHaveLength(2);

    expect(await auditRows(c.store)).toEqual([
      { customer_id: 'alice', requested_by: '{"credential":"admin-token","reason":"test"}', deleted: 6 },
      { customer_id: 'carol', requested_by: '{"credential":"admin-token","reason":"test"}', deleted: 2 },
    ]);
    expect((await get('/v1/customers/alice?reason=test', c.adminToken, 'DELETE')).status).toBe(404);
  });

  it('lets the UI take the last aggregate while a new one is computed, but never across an erasure', async () => {
    // The collector's own service (one per store), as the UI's pages call it.
    const service = journeyService({ store: c.store } as ServiceDeps);
    const ui = { allowStale: true };
    await get('/v1/journey-map'); // current
    const settled = await service.journeyMap({}, ui);
    expect(settled.meta.stale).toBe(false);

    await post(c.url, batch(c.writeKey, [ev('frank', 30)]));
    const stale = await service.journeyMap({}, ui);
    expect(stale.meta).toMatchObject({ stale: true, cached: true, dataVersion: settled.meta.dataVersion });
    expect(stale.customers).toBe(settled.customers);
    // The API answers from current data (sharing the refresh the UI's read started)...
    const api = await get('/v1/journey-map');
    expect(api.json.meta).toMatchObject({ stale: false });
    expect(api.json.customers).toBe(settled.customers + 1);
    // ...which the UI then has too.
    expect(await service.journeyMap({}, ui)).toMatchObject({ customers: settled.customers + 1, meta: { stale: false, cached: true } });

    expect((await get('/v1/customers/frank?reason=test', c.adminToken, 'DELETE')).status).toBe(200);
    const erased = await service.journeyMap({}, ui);
    expect(erased.meta).toMatchObject({ stale: false, cached: false });
    expect(erased.customers).toBe(settled.customers);
  });
});
});
