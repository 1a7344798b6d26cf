// Server keys on POST /v1/batch, over real HTTP against a real SQLite file: what a site's own
// servers may send (userId alone, no session or context, a channel, timestamps as given), and
// how misuse of a server key, or a write key posing as a server, is refused.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/src/config.js';
import type { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { serveCollector, startCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, event, post } from './batch.js';

const SERVER_KEY = 'sk_shop_backend_0123456789abcdef';
const SHOP = { id: 'shop', writeKey: 'wk_shop_test_key', origins: ['https://shop.example'], serverKeys: [SERVER_KEY], identitySecret: 'a-secret-of-16-chars-or-more' };
const BLOG = { id: 'blog', writeKey: 'wk_blog_test_key', origins: ['https://blog.example'] };
let c: InProcessCollector;

beforeAll(async () => {
  c = await serveCollector({ config: { sites: [SHOP, BLOG], readToken: 'rt_test_read_token_1' } });
});
afterAll(() => c.close());

const asServer = (key = SERVER_KEY, extra: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${key}`, ...extra } });
/** What a server sends about a customer: no device, no session, no page. */
const offSite = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(), type: 'track', name: 'ticket_opened', userId: 'cust-1', channel: 'support',
  timestamp: '2025-03-01T09:30:00.000Z', ...over,
});
const row = (id: string) =>
  (c.store as SqliteStore).db.prepare("SELECT site_id, anonymous_id, user_id, session_id, at, flags, body FROM events WHERE hex(id) = upper(replace(?, '-', ''))").get(id) as any;

describe('a server request (Authorization: Bearer sk_…)', () => {
  it('stores a touchpoint named by userId alone, with its channel and its own timestamp, and no writeKey or sentAt', async () => {
    const e = offSite();
    const res = await post(c.url, { v: 1, events: [e] }, asServer());
    expect([res.status, res.json]).toEqual([200, { accepted: 1, duplicates: 0, duplicateIds: [], rejected: [] }]);
    const r = row(e.id);
    expect(r.site_id).toBe('shop');
    expect(r.user_id).toBe('cust-1');
    expect(r.at).toBe(Date.parse('2025-03-01T09:30:00.000Z'));
    expect(JSON.parse(r.flags)).toEqual(['server']);
    expect(JSON.parse(r.body)).toEqual(e);
    // Stored under the customer, not under any sender: a server is nobody's device.
    expect(r.anonymous_id).not.toBe('');
    expect(row((await sendOne(offSite({ userId: 'cust-2' }))).id).anonymous_id).not.toBe(r.anonymous_id);
  });

  it('takes a writeKey of its own site, and corrects the clock when sentAt is given', async () => {
    const now = Date.now();
    const e = offSite({ timestamp: new Date(now + 3_600_000 - 10_000).toISOString() });
    const res = await post(c.url, batch(SHOP.writeKey, [e], { sentAt: new Date(now + 3_600_000).toISOString() }), asServer());
    expect(res.status).toBe(200);
    const r = row(e.id);
    expect(Math.abs(r.at - (now - 10_000))).toBeLessThan(2_000);
  });

  it('trusts identity claims: an unsigned identify is not flagged on a site with an identity secret', async () => {
    const e = offSite({ type: 'identify', name: undefined, channel: undefined, userId: 'cust-9', traits: { plan: 'pro' } });
    expect((await post(c.url, { v: 1, events: [e] }, asServer())).json.accepted).toBe(1);
    expect(JSON.parse(row(e.id).flags)).toEqual(['server']);
  });

  it('rejects, per event, one that names nobody, and stores the rest', async () => {
    const good = offSite();
    const res = await post(c.url, { v: 1, events: [offSite({ userId: undefined }), good] }, asServer());
    expect(res.json.accepted).toBe(1);
    expect(res.json.rejected).toEqual([{ index: 0, id: expect.any(String), errors: [expect.stringMatching(/^userId: a server event needs a userId/)] }]);
  });

  it.each([
    ['from a browser origin', asServer(SERVER_KEY, { origin: 'https://shop.example' }), 403, /server key was sent from a browser \(origin https:\/\/shop\.example\)/],
    ['with an unknown server key', asServer('sk_nobody_0123456789abcdefghij'), 401, /unknown server key/],
    ['with another bearer token', asServer('rt_test_read_token_1'), 401, /Authorization on \/v1\/batch takes a server key/],
  ])('is refused %s, storing nothing', async (_n, init, status, message) => {
    const e = offSite();
    const res = await post(c.url, { v: 1, events: [e] }, init);
    expect([res.status, res.json.error]).toEqual([status, expect.stringMatching(message)]);
    expect(row(e.id)).toBeUndefined();
  });

  it("is refused when its writeKey names another site than the key's", async () => {
    const res = await post(c.url, batch(BLOG.writeKey, [offSite()]), asServer());
    expect([res.status, res.json.error]).toEqual([400, expect.stringMatching(/writeKey names another site than the server key \(site "shop"\)/)]);
  });
});

describe('a write key posing as a server', () => {
  it('has each event carrying a server-only field rejected with the reason, and its neighbours stored', async () => {
    const good = event();
    const claims = event({ channel: 'support' });
    const userOnly = { ...event(), anonymousId: undefined, userId: 'cust-1' };
    const res = await post(c.url, batch(SHOP.writeKey, [claims, good, userOnly]));
    expect(res.status).toBe(200);
    expect(res.json.accepted).toBe(1);
    expect(res.json.rejected.map((r: any) => [r.index, r.errors.join('; ')])).toEqual([
      [0, expect.stringMatching(/^channel: only a server request \(Authorization: Bearer sk_…\) may set channel/)],
      [2, expect.stringMatching(/^anonymousId:/)],
    ]);
    expect(row(claims.id)).toBeUndefined();
    expect(row(good.id)).toBeDefined();
    const quarantined = (c.store as SqliteStore).db.prepare('SELECT errors FROM quarantine WHERE event_id = ?').get(claims.id) as any;
    expect(JSON.parse(quarantined.errors)[0]).toMatch(/only a server request/);
  });
});

describe('configuration', () => {
  it.each([
    [{ serverKeys: ['wk_not_a_server_key_at_all'] }, /config\.sites\[0\]\.serverKeys\[0\]: must start with "sk_"/],
    [{ serverKeys: ['sk_short'] }, /serverKeys\[0\]: is too short/],
    [{ serverKeys: ['wk_shop_test_key_but_long_enough'], writeKey: 'wk_shop_test_key_but_long_enough' }, /must start with "sk_"/],
  ])('refuses a bad server key: %j', (over, message) => {
    expect(() => parseConfig({ sites: [{ ...SHOP, ...over }] })).toThrow(message);
  });

  it('refuses one server key on two sites', () => {
    expect(() => parseConfig({ sites: [SHOP, { ...BLOG, serverKeys: [SERVER_KEY] }] })).toThrow(/sites\[1\]\.serverKeys\[0\]: duplicates a key of sites\[0\]/);
  });

  it('generates a server key once for the development site and prints it at start', async () => {
    const dev = await startCollector({ quiet: false });
    try {
      const keys = JSON.parse(readFileSync(join(dev.dataDir, 'waymark.keys.json'), 'utf8'));
      expect(keys.serverKey).toMatch(/^sk_dev_/);
      expect(dev.output()).toContain(`server key   ${keys.serverKey} (site dev)`);
      const e = offSite();
      expect((await post(dev.url, { v: 1, events: [e] }, asServer(keys.serverKey))).json.accepted).toBe(1);
    } finally {
      await dev.stop();
    }
  });
});

async function sendOne(e: ReturnType<typeof offSite>) {
  const res = await post(c.url, { v: 1, events: [e] }, asServer());
  expect(res.json.accepted).toBe(1);
  return e;
}
