// Scenario 9: erasure on a shared computer. Alice browses anonymously on the family laptop, puts
// something in her cart and signs in; hours later Bob signs in on the same laptop. Erasing Alice
// must take every touchpoint her journey showed (her anonymous pre-login events included), leave
// none of it to be attributed to Bob, remove her rejected events from the quarantine, and, on
// SQLite, leave no copy of her data in the database file or its WAL.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { storedEvent } from '../../collector/src/store/store.contract.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { apiOf, scenarioStores, type OpenedStore } from './lib/stores.js';

// Only Alice's pre-login cart event carries it: any copy of it left on disk is her erased data.
const MARKER = 'alice-cart-marker-7f3e9b21c4';
const T = Date.now() - 6 * 3_600_000;
const at = (min: number) => new Date(T + min * 60_000).toISOString();
const page = (anonymousId: string, min: number, path: string, userId?: string) =>
  event({ type: 'page', anonymousId, userId, timestamp: at(min), context: { url: `http://shop.localhost${path}`, path, title: path } });
const track = (anonymousId: string, min: number, name: string, userId?: string, properties?: Record<string, unknown>) =>
  event({ type: 'track', name, anonymousId, userId, timestamp: at(min), properties });
const identify = (anonymousId: string, min: number, userId: string) =>
  event({ type: 'identify', anonymousId, userId, timestamp: at(min), traits: { email: `${userId}@example.com` } });

const alice = [
  page('family-laptop', 0, '/products/red-scarf'),
  track('family-laptop', 1, 'added_to_cart', undefined, { sku: MARKER, note: `gift wrap ${MARKER}` }),
  identify('family-laptop', 2, 'alice'),
  page('family-laptop', 3, '/checkout', 'alice'),
  track('family-laptop', 4, 'order_completed', 'alice', { total: 59.9 }),
  page('family-laptop', 5, '/account', 'alice'),
  track('family-laptop', 6, 'newsletter_joined', 'alice'),
  page('alice-phone', 60, '/'),
  identify('alice-phone', 61, 'alice'),
  page('alice-phone', 62, '/orders', 'alice'),
  track('alice-phone', 63, 'order_tracked', 'alice'),
];
const bob = [
  identify('family-laptop', 240, 'bob'),
  page('family-laptop', 241, '/products/drill', 'bob'),
  track('family-laptop', 242, 'added_to_cart', 'bob', { sku: 'drill-9' }),
];
// Rejected events (no sessionId): one of Alice's from the laptop, one of Bob's from his phone.
const { sessionId: _a, ...aliceRejected } = track('family-laptop', 7, 'coupon_tried', 'alice', { code: MARKER });
const { sessionId: _b, ...bobRejected } = track('bob-phone', 300, 'coupon_tried', 'bob');

const stores = await scenarioStores();

describe.each(stores)('erasure on a shared computer (%s)', (_name, open) => {
  let opened: OpenedStore;
  let c: InProcessCollector;
  const api = (path: string, method = 'GET') => apiOf(c)(path, method);
  const storedIds = async () => {
    const ids = new Set<string>();
    for await (const e of opened.store.scanEvents()) ids.add(e.id);
    return ids;
  };
  const dbBytes = () => [opened.file!, `${opened.file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');

  beforeAll(async () => {
    if (typeof open === 'string') return;
    opened = await open();
    c = await serveCollector({ store: opened.store, config: { sites: [{ id: 'shop', writeKey: 'wk_shared_device', origins: [] }], readToken: 'rt_shared_device' } });
    const res = await post(c.url, batch(c.writeKey, [...alice, ...bob, aliceRejected, bobRejected]));
    expect(res.json).toMatchObject({ accepted: alice.length + bob.length });
  });
  afterAll(async () => {
    await c?.close();
    await opened?.drop();
  });

  it.skipIf(typeof open === 'string')('erases every touchpoint of her journey, hands none to Bob, and empties her quarantine rows', async () => {
    const before = await api('/v1/customers/alice/journey');
    expect(before.status).toBe(200);
    const hers = before.json.touchpoints.map((t: { id: string }) => t.id).sort();
    expect(hers).toEqual(alice.map((e) => e.id).sort());
    if (opened.file) expect(dbBytes()).toContain(MARKER); // the search below can find it

    const erased = await api('/v1/customers/alice', 'DELETE');
    expect(erased.status).toBe(200);
    expect(erased.json.erased).toMatchObject({ customerId: 'alice', userIds: ['alice'], deleted: alice.length });

    const left = await storedIds();
    expect(hers.filter((id: string) => left.has(id))).toEqual([]);
    expect(bob.every((e) => left.has(e.id))).toBe(true);
    expect((await api('/v1/customers/alice/journey')).status).toBe(404);

    const bobs = await api('/v1/customers/bob/journey');
    expect(bobs.json.touchpoints.map((t: { id: string }) => t.id).sort()).toEqual(bob.map((e) => e.id).sort());
    const exported = await api('/v1/export?kind=events&customer=bob');
    expect(exported.text.trim().split('\n').map((l) => JSON.parse(l).id).sort()).toEqual(bob.map((e) => e.id).sort());
    expect((await api('/v1/export?kind=events')).text).not.toContain(MARKER);
    expect((await api('/v1/customers')).json.customers.map((x: { customerId: string }) => x.customerId)).toEqual(['bob']);

    const quarantine = (await api('/v1/quarantine')).json.events.map((q: { raw: string }) => q.raw);
    expect(quarantine.some((raw: string) => raw.includes('"alice"') || raw.includes(MARKER))).toBe(false);
    expect(quarantine.some((raw: string) => raw.includes('"bob-phone"'))).toBe(true);

    // SQLite: no copy of her data in the file or its WAL (freed space and old page versions included).
    if (opened.file) expect(dbBytes().includes(MARKER)).toBe(false);
  });
});

describe('erased bytes on SQLite after page splits', () => {
  it('leaves no copy in freed page space or the WAL: 10,000 events, the customer\'s 200 spread among them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-erase-bytes-'));
    const file = join(dir, 'waymark.db');
    const store = new SqliteStore(file);
    try {
      await store.threadsReady(); // inserts from the writer thread, as in a collector
      for (let b = 0; b < 40; b++) {
        await store.ingest(Array.from({ length: 250 }, (_, i) => {
          const hers = i % 50 === 0;
          const e = storedEvent({ anonymousId: hers ? 'her-phone' : `anon-${b}-${i}`, at: T + b * 1000 + i });
          if (hers) e.event = { ...e.event, properties: { note: `${MARKER} ${'x'.repeat(200)}` } } as typeof e.event;
          return e;
        }), []);
      }
      const bytes = () => [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
      expect(bytes()).toContain(MARKER);
      const erased = await store.eraseIdentities({ customerId: 'her-phone', identities: { anonymousIds: ['her-phone'], userIds: [] }, requestedBy: 'test' });
      expect(erased).toEqual({ deleted: 200 });
      expect(bytes().split(MARKER).length - 1).toBe(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
