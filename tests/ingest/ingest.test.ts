// POST /v1/batch over real HTTP against a real SQLite file.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_429 } from '../../collector/src/ingest/route.js';
import type { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, event, post } from './batch.js';

const SHOP = { id: 'shop', writeKey: 'wk_shop_test_key', origins: ['https://shop.example'] };
const BLOG = { id: 'blog', writeKey: 'wk_blog_test_key', origins: ['https://blog.example'] };
let c: InProcessCollector;

beforeAll(async () => {
  c = await serveCollector({ config: { sites: [SHOP, BLOG], readToken: 'rt_test_read_token_1', limits: { eventsPerSecond: 50 } } });
});
afterAll(() => c.close());

const stored = (id: string) =>
  (c.store as SqliteStore).db.prepare("SELECT count(*) n FROM events WHERE hex(id) = upper(replace(?, '-', ''))").get(id) as { n: number };
const quarantined = () => (c.store as SqliteStore).db.prepare('SELECT * FROM quarantine ORDER BY seq').all() as any[];

describe('accepting events', () => {
  it('stores the valid events of a batch and quarantines the broken one with its reason', async () => {
    const good = [event(), event({ type: 'page', name: undefined })];
    const res = await post(c.url, batch(SHOP.writeKey, [good[0], { ...event(), anonymousId: 7 }, good[1]]));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: 2, duplicates: 0, duplicateIds: [] });
    expect(res.json.rejected).toEqual([{ index: 1, id: expect.any(String), errors: ['anonymousId: Invalid input: expected string, received number'] }]);
    for (const e of good) expect(stored(e.id).n).toBe(1);
    const q = quarantined().at(-1);
    expect([q.site_id, q.idx, JSON.parse(q.errors)]).toEqual(['shop', 1, res.json.rejected[0].errors]);
    expect(JSON.parse(q.raw).anonymousId).toBe(7);
  });

  it('stores an event once when it is repeated within a batch and across batches', async () => {
    const e = event();
    const first = await post(c.url, batch(SHOP.writeKey, [e, e]));
    expect(first.json).toMatchObject({ accepted: 1, duplicates: 1, duplicateIds: [e.id] });
    const again = await post(c.url, batch(SHOP.writeKey, [e, event()]));
    expect(again.json).toMatchObject({ accepted: 1, duplicates: 1, duplicateIds: [e.id] });
    expect(stored(e.id).n).toBe(1);
  });

  it('takes text/plain bodies, as navigator.sendBeacon sends them', async () => {
    const e = event();
    const res = await post(c.url, batch(SHOP.writeKey, [e]), { headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(200);
    expect(stored(e.id).n).toBe(1);
  });

  it.each([
    ['a Content-Encoding header', (b: Buffer) => ({ headers: { 'content-encoding': 'gzip' }, raw: b, path: '' })],
    ['?enc=gzip, for beacons that cannot set headers', (b: Buffer) => ({ headers: { 'content-type': 'text/plain' }, raw: b, path: '?enc=gzip' })],
  ])('takes gzip bodies with %s', async (_n, make) => {
    const e = event();
    const o = make(gzipSync(JSON.stringify(batch(SHOP.writeKey, [e]))));
    const res = await fetch(`${c.url}/v1/batch${o.path}`, { method: 'POST', headers: o.headers, body: new Uint8Array(o.raw) });
    expect(res.status).toBe(200);
    expect(stored(e.id).n).toBe(1);
  });

  it('corrects the client clock and keeps its raw timestamp', async () => {
    const now = Date.now();
    const hourFast = (ms: number) => new Date(ms + 3_600_000).toISOString();
    const e = event({ timestamp: hourFast(now - 10_000) });
    await post(c.url, batch(SHOP.writeKey, [e], { sentAt: hourFast(now) }));
    const row = (c.store as SqliteStore).db.prepare("SELECT at, received_at, body FROM events WHERE hex(id) = upper(replace(?, '-', ''))").get(e.id) as any;
    expect(Math.abs(row.at - (row.received_at - 10_000))).toBeLessThan(5);
    expect(JSON.parse(row.body).timestamp).toBe(e.timestamp);
  });
});

describe('refusing what it cannot take', () => {
  it.each([
    ['an unparsable body', { raw: '{"v":1,' }, 400, /^body is not valid JSON/],
    ['a wrong version', { body: { ...batch(SHOP.writeKey, [event()]), v: 3 } }, 400, /v: must be 1 or 2 \(the wire format version\)/],
    ['an empty batch', { body: batch(SHOP.writeKey, []) }, 400, /at least one event/],
    ['an unknown write key', { body: batch('wk_nobody_home', [event()]) }, 401, /unknown write key/],
    ['a body over 512 KB', { body: batch(SHOP.writeKey, Array.from({ length: 20 }, () => event({ properties: { pad: 'x'.repeat(30_000) } }))) }, 413, /limit is 524288/],
    ['more than 500 events', { body: batch(SHOP.writeKey, Array.from({ length: 501 }, () => ({}))) }, 413, /501 events; the limit is 500/],
    ['a form body', { raw: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, /send application\/json or text\/plain/],
  ])('answers %s with a clear error', async (_n, req: any, status, message) => {
    const res = await post(c.url, req.body, { raw: req.raw, headers: req.headers });
    expect(res.status).toBe(status);
    expect(res.json.error).toMatch(message);
  });

  it('refuses a gzip bomb by its decompressed size', async () => {
    const bomb = gzipSync(JSON.stringify(batch(SHOP.writeKey, [event({ properties: { pad: 'a'.repeat(600_000) } })])));
    expect(bomb.length).toBeLessThan(10_000);
    const res = await post(c.url, null, { raw: new Uint8Array(bomb), headers: { 'content-encoding': 'gzip' } });
    expect([res.status, res.json.error]).toEqual([413, expect.stringMatching(/once decompressed/)]);
  });

  it('rejects an event over 32 KB while storing its neighbours', async () => {
    const ok = event();
    const res = await post(c.url, batch(SHOP.writeKey, [event({ properties: { pad: 'x'.repeat(40_000) } }), ok]));
    expect(res.json.accepted).toBe(1);
    expect(res.json.rejected[0].errors[0]).toMatch(/limit is 32768/);
    expect(stored(ok.id).n).toBe(1);
  });

  it('answers 429 with Retry-After when one write key floods, and only that key', async () => {
    let limited: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 20 && !limited; i++) {
      const res = await post(c.url, batch(BLOG.writeKey, Array.from({ length: 100 }, () => event())), { headers: { origin: 'https://blog.example' } });
      if (res.status === 429) limited = res;
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited?.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect((await post(c.url, batch(SHOP.writeKey, [event()]))).status).toBe(200);
  });

  it('holds a 429 for a second, answering other sites meanwhile, and stops holding past its bound', async () => {
    const flood = () => post(c.url, batch(BLOG.writeKey, Array.from({ length: 100 }, () => event())), { headers: { origin: 'https://blog.example' } });
    const t0 = performance.now();
    const refused = flood().then((r) => ({ status: r.status, ms: performance.now() - t0 }));
    const other = await post(c.url, batch(SHOP.writeKey, [event()]));
    const otherMs = performance.now() - t0;
    expect(other.status).toBe(200);
    const r = await refused;
    expect(r.status).toBe(429);
    expect(r.ms).toBeGreaterThanOrEqual(900);
    expect(otherMs).toBeLessThan(r.ms);

    const bound = HOLD_429.maxHeld;
    HOLD_429.maxHeld = 0;
    try {
      let answer: { status: number; ms: number } | undefined;
      for (let i = 0; i < 20 && answer?.status !== 429; i++) {
        const t1 = performance.now();
        answer = { status: (await flood()).status, ms: performance.now() - t1 };
      }
      expect(answer?.status).toBe(429);
      expect(answer!.ms).toBeLessThan(900);
    } finally {
      HOLD_429.maxHeld = bound;
    }
  });
});

describe('origins and CORS', () => {
  it('answers a preflight from a site origin', async () => {
    const res = await fetch(`${c.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('accepts the site from its own origin and says so to the browser', async () => {
    const res = await post(c.url, batch(SHOP.writeKey, [event()]), { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it("refuses a write key used from another site's origin, readably", async () => {
    const e = event();
    const res = await post(c.url, batch(SHOP.writeKey, [e]), { headers: { origin: 'https://blog.example' } });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatch(/origin https:\/\/blog\.example is not allowed for site "shop"/);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://blog.example');
    expect(stored(e.id).n).toBe(0);
  });
});

describe('the development site (no configuration)', () => {
  let dev: InProcessCollector;
  beforeAll(async () => { dev = await serveCollector(); });
  afterAll(() => dev.close());

  it.each([
    ['a loopback page', 'http://localhost:5173', 200],
    ['the researcher extension in Chromium', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 200],
    ['the researcher extension in Firefox', 'moz-extension://0b1f5e32-6c0e-4a9b-9a53-3f1d2b8f7a10', 200],
    ['a public website', 'https://evil.example', 403],
    ['something dressed as an extension', 'chrome-extension://abc.evil.example', 403],
  ])('takes uploads from %s: %s → %i', async (_name, origin, status) => {
    const res = await post(dev.url, batch(dev.writeKey, [event()]), { headers: { origin } });
    expect(res.status).toBe(status);
  });
});

it('answers /healthz', async () => {
  const res = await fetch(`${c.url}/healthz`);
  expect(await res.json()).toEqual({ ok: true, store: 'sqlite' });
});
