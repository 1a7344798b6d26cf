// Wire version 2 (context shared by a batch's events, sent once) over real HTTP into real SQLite
// files: the SDK's own factoring (sdk/src/batch-body.ts), gzip-compressed as the SDK sends it,
// must store exactly what the plain version 1 batch stores.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { WireEvent } from '../../wire/index.js';
import { batchBody } from '../../sdk/src/batch-body.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, post } from './batch.js';

const SITE = { id: 'shop', writeKey: 'wk_shop_wire_v2', origins: ['https://shop.example'] };
const config = { sites: [SITE], readToken: 'rt_wire_v2_read_token' };
const NOW = Date.parse('2026-12-04T12:00:00.000Z');
let plain: InProcessCollector;
let factored: InProcessCollector;

beforeAll(async () => {
  // One clock for both, so receivedAt and the skew-corrected time match too.
  [plain, factored] = await Promise.all([serveCollector({ config, now: () => NOW }), serveCollector({ config, now: () => NOW })]);
});
afterAll(async () => { await plain?.close(); await factored?.close(); });

/** A context as the SDK makes it: page fields first, the session's campaign (when any) last. */
function context(path: string, title: string, utm?: Record<string, string>) {
  return {
    url: `https://shop.example${path}`, path, title, referrer: 'https://search.example/',
    locale: 'de-CH', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0', screen: { width: 1920, height: 1080 },
    viewport: { width: 1280, height: 720 }, sdk: { name: 'waymark-js', version: '0.1.0' }, ...(utm ? { utm } : {}),
  };
}

/** A visit: a page, clicks, an SPA navigation, a new campaign, an identify with traits. */
function visit(): WireEvent[] {
  const t = (s: number) => new Date(NOW - 60_000 + s * 1000).toISOString();
  const base = { anonymousId: 'anon-wire-v2', sessionId: 'sess-1' };
  const utm = { source: 'newsletter', medium: 'email', campaign: 'spring' };
  const e = (fields: Record<string, unknown>) => ({ id: randomUUID(), ...base, ...fields }) as WireEvent;
  return [
    e({ type: 'page', timestamp: t(0), context: context('/', 'Shop') }),
    e({ type: 'track', timestamp: t(1), context: context('/', 'Shop'), name: '$click', properties: { element: { tag: 'a', text: 'Lamp' } } }),
    e({ type: 'page', timestamp: t(2), context: context('/lamp', 'Lamp — Shop') }),
    e({ type: 'track', timestamp: t(3), context: context('/lamp', 'Lamp — Shop'), name: 'product_added', properties: { sku: 'L-1', price: 49.5 } }),
    e({ type: 'page', sessionId: 'sess-2', timestamp: t(4), context: context('/cart', 'Cart', utm) }),
    e({ type: 'identify', sessionId: 'sess-2', userId: 'u-42', timestamp: t(5), context: context('/cart', 'Cart', utm), traits: { plan: 'pro' } }),
  ];
}

const exportOf = async (c: InProcessCollector) =>
  (await fetch(`${c.url}/v1/export?kind=events&format=ndjson`, { headers: { authorization: `Bearer ${config.readToken}` } })).text();
const bodies = (c: InProcessCollector) =>
  ((c.store as SqliteStore).db.prepare('SELECT body FROM events ORDER BY seq').all() as { body: string }[]).map((r) => r.body);

describe('wire version 2', () => {
  it('a gzip-compressed, context-factored batch stores byte-identical events to the plain batch', async () => {
    const events = visit();
    const v1 = batch(SITE.writeKey, events);
    const v2 = JSON.parse(batchBody(SITE.writeKey, events));
    v2.sentAt = v1.sentAt;
    // What makes the body smaller: the shared context once, events carrying only what differs.
    expect(v2.v).toBe(2);
    expect(v2.context.userAgent).toBeDefined();
    expect(v2.events.map((e: WireEvent) => Object.keys(e.context))).toEqual([[], [], ['url', 'path', 'title'], ['url', 'path', 'title'], ['url', 'path', 'title', 'utm'], ['url', 'path', 'title', 'utm']]);
    expect(JSON.stringify(v2).length).toBeLessThan(JSON.stringify(v1).length * 0.7);

    const a = await post(plain.url, v1);
    const b = await fetch(`${factored.url}/v1/batch?enc=gzip`, { method: 'POST', body: new Uint8Array(gzipSync(JSON.stringify(v2))) });
    expect(a.json).toEqual({ accepted: 6, duplicates: 0, duplicateIds: [], rejected: [] });
    expect(await b.json()).toEqual(a.json);

    expect(bodies(factored)).toEqual(bodies(plain));
    expect(bodies(plain).map((x) => JSON.parse(x))).toEqual(events);
    const exported = await exportOf(factored);
    expect(exported.trim().split('\n')).toHaveLength(6);
    expect(exported).toBe(await exportOf(plain));
  });

  it('applies the 32 KB limit to the expanded event and quarantines it whole, storing its neighbours', async () => {
    const shared = { ...context('/', 'Shop'), note: 'n'.repeat(7000) };
    const ok = { id: randomUUID(), type: 'track', name: 'small', anonymousId: 'a', sessionId: 's', timestamp: new Date(NOW).toISOString(), context: {} };
    const big = { ...ok, id: randomUUID(), name: 'big', properties: { pad: 'x'.repeat(27_000) } }; // under 32 KB alone, over it expanded
    const res = await post(factored.url, { v: 2, writeKey: SITE.writeKey, sentAt: new Date(NOW).toISOString(), context: shared, events: [big, ok] });
    expect(res.json.accepted).toBe(1);
    expect(res.json.rejected).toEqual([{ index: 0, id: big.id, errors: [expect.stringMatching(/^event is 3\d{4} bytes; the limit is 32768$/)] }]);
    const q = (factored.store as SqliteStore).db.prepare('SELECT raw FROM quarantine WHERE event_id = ?').get(big.id) as { raw: string };
    // The quarantine keeps the first 4 KB of the expanded event and says how big the whole was.
    expect(q.raw).toMatch(/\[cut: the event was 3\d{4} bytes; the first 4096 are kept\]$/);
    const stored = bodies(factored).map((x) => JSON.parse(x)).find((e) => e.id === ok.id);
    expect(stored.context).toEqual(shared);
  });

  it.each([
    ['a shared context over 8 KB', { context: { pad: 'x'.repeat(9000) } }, 413, /shared context is 9\d{3} characters; the limit is 8192/],
    ['a shared context nested too deep', { context: JSON.parse('{"a":'.repeat(70) + '1' + '}'.repeat(70)) }, 400, /nested deeper than 64 levels/],
    ['a shared context that is not an object', { context: 'Chrome' }, 400, /^batch is invalid: context: /],
  ])('refuses %s', async (_n, over, status, message) => {
    const e = { id: randomUUID(), type: 'page', anonymousId: 'a', sessionId: 's', timestamp: new Date(NOW).toISOString() };
    const res = await post(factored.url, { v: 2, writeKey: SITE.writeKey, sentAt: new Date(NOW).toISOString(), events: [e], ...over });
    expect([res.status, res.json.error]).toEqual([status, expect.stringMatching(message)]);
  });

  it('still rejects an event whose own context is not an object, with its index', async () => {
    const e = (c: unknown) => ({ id: randomUUID(), type: 'page', anonymousId: 'a', sessionId: 's', timestamp: new Date(NOW).toISOString(), context: c });
    const res = await post(factored.url, { v: 2, writeKey: SITE.writeKey, sentAt: new Date(NOW).toISOString(), context: { path: '/' }, events: [e({}), e('x')] });
    expect(res.json.accepted).toBe(1);
    expect(res.json.rejected.map((r: { index: number }) => r.index)).toEqual([1]);
  });
});
