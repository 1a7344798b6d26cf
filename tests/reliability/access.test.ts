// Scenario 4: access. Write keys only write, and only from their site's origins; every read route
// and UI page refuses a missing, wrong or expired credential (and a write key); the read token
// never shows up in a URL, a log line or an error body; erasure leaves nothing of a customer in
// either store (SQLite, and PostgreSQL when it is up).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSessionCookie, SESSION_COOKIE, SESSION_TTL_MS } from '../../collector/src/auth.js';
import { UI_PAGES } from '../../collector/src/ui/index.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../../collector/src/store/postgres/test-databases.js';

const readToken = 'rt_access_scenario_secret_token';
const shop = { id: 'shop', writeKey: 'wk_shop_access', origins: ['https://shop.example'] };
const blog = { id: 'blog', writeKey: 'wk_blog_access', origins: ['https://blog.example'] };
const config = { sites: [shop, blog], readToken };

const API_ROUTES: [string, string][] = [
  ['GET', '/v1/customers'], ['GET', '/v1/customers/alice/journey'], ['DELETE', '/v1/customers/alice'],
  ['GET', '/v1/journey-map'], ['GET', '/v1/flows'], ['GET', '/v1/funnels?steps=stage:awareness,stage:purchase'],
  ['GET', '/v1/export?kind=events&format=ndjson'], ['GET', '/v1/export?kind=journeys&format=csv'],
  ['GET', '/v1/stages'], ['GET', '/v1/quarantine'], ['GET', '/v1/attribution?transition=consideration%3Epurchase'],
  ['GET', '/v1/overview'], ['GET', '/v1/journey-map?compareFrom=2026-11-01&compareTo=2026-11-10'],
  ['GET', '/v1/annotations'], ['POST', '/v1/annotations'], ['DELETE', '/v1/annotations/1'],
];
const UI_ROUTES = [...UI_PAGES, '/customers/alice', '/map.csv', '/map.svg'];

let c: RunningCollector;
beforeAll(async () => { c = await startCollector({ config }); });
afterAll(async () => { await c?.stop(); });

describe('write keys', () => {
  it.each([
    { name: 'an unknown write key', key: 'wk_nobody_has_this', origin: undefined, status: 401 },
    { name: 'the shop key from the blog origin', key: shop.writeKey, origin: 'https://blog.example', status: 403 },
    { name: 'the shop key from an unknown origin', key: shop.writeKey, origin: 'https://evil.example', status: 403 },
    { name: 'the shop key from its own origin', key: shop.writeKey, origin: 'https://shop.example', status: 200 },
  ])('$name → $status', async ({ key, origin, status }) => {
    const res = await post(c.url, batch(key, [event()]), { headers: origin ? { origin } : {} });
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.json.error).toMatch(/write key|origin/);
  });
});

describe('read credentials', () => {
  const bad: [string, Record<string, string>][] = [
    ['no credential', {}],
    ['a wrong token', { authorization: 'Bearer rt_wrong_token_0123456789' }],
    ['a write key', { authorization: `Bearer ${shop.writeKey}` }],
    ['the token as Basic auth', { authorization: `Basic ${btoa(`x:${readToken}`)}` }],
    ['a forged session cookie', { cookie: `${SESSION_COOKIE}=9999999999999.forged` }],
  ];

  it.each(API_ROUTES.flatMap(([m, p]) => bad.map(([why, h]) => [m, p, why, h] as const)))('%s %s with %s → 401', async (method, path, _why, headers) => {
    const res = await fetch(c.url + path, { method, headers });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(text).not.toContain(readToken);
  });

  it.each(API_ROUTES)('%s %s does not take the token from the URL', async (method, path) => {
    for (const name of ['token', 'readToken', 'access_token', 'auth']) {
      const res = await fetch(`${c.url}${path}${path.includes('?') ? '&' : '?'}${name}=${readToken}`, { method });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain(readToken);
    }
  });

  it.each(UI_ROUTES)('UI %s sends a visitor without a valid session to sign in, without the token', async (path) => {
    const expired = await makeSessionCookie(readToken, Date.now() - SESSION_TTL_MS - 60_000);
    for (const cookie of [undefined, `${SESSION_COOKIE}=${expired}`, `${SESSION_COOKIE}=garbage`]) {
      const res = await fetch(c.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/signin\?next=/);
      expect(res.headers.get('location')).not.toContain(readToken);
    }
  });

  it('an expired session cookie is refused by the API too', async () => {
    const expired = await makeSessionCookie(readToken, Date.now() - SESSION_TTL_MS - 60_000);
    const res = await fetch(`${c.url}/v1/customers`, { headers: { cookie: `${SESSION_COOKIE}=${expired}` } });
    expect(res.status).toBe(401);
  });

  it('signing in puts the token in no URL, no cookie and no body', async () => {
    const res = await fetch(`${c.url}/signin`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: c.url },
      body: new URLSearchParams({ token: readToken, next: '/customers' }),
    });
    expect([302, 303]).toContain(res.status);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(SESSION_COOKIE);
    for (const h of [res.headers.get('location') ?? '', cookie, await res.text()]) expect(h).not.toContain(readToken);
    const session = cookie.split(';')[0];
    const page = await fetch(`${c.url}/customers`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(readToken);
  });

  it('the token is never written to the log (quiet mode)', () => {
    expect(c.output()).not.toContain(readToken);
  });
});

/** Events of one customer across two devices, identified on one. */
function customerEvents(userId: string) {
  return [
    event({ type: 'page', anonymousId: `${userId}-phone`, properties: { secret: `${userId}-pii` } }),
    event({ type: 'identify', anonymousId: `${userId}-phone`, userId, traits: { email: `${userId}@example.com` } }),
    event({ type: 'page', anonymousId: `${userId}-laptop` }),
    event({ type: 'identify', anonymousId: `${userId}-laptop`, userId }),
    event({ anonymousId: `${userId}-laptop`, userId, name: 'order_completed' }),
  ];
}

async function eraseAndCheck(target: RunningCollector, countLeft: (userId: string) => Promise<number>) {
  const auth = { authorization: `Bearer ${readToken}` };
  const send = async (events: unknown[]) => expect((await post(target.url, batch(blog.writeKey, events))).status).toBe(200);
  await send(customerEvents('erin'));
  await send(customerEvents('frank'));
  expect(await countLeft('erin')).toBe(5);
  expect((await fetch(`${target.url}/v1/customers/erin/journey`, { headers: auth })).status).toBe(200);

  const res = await fetch(`${target.url}/v1/customers/erin?reason=test`, { method: 'DELETE', headers: { authorization: `Bearer ${target.adminToken}` } });
  expect(res.status).toBe(200);
  expect((await res.json()).erased).toMatchObject({ customerId: 'erin', deleted: 5 });

  expect(await countLeft('erin')).toBe(0);
  expect(await countLeft('frank')).toBe(5);
  expect((await fetch(`${target.url}/v1/customers/erin/journey`, { headers: auth })).status).toBe(404);
  const exported = await (await fetch(`${target.url}/v1/export?kind=events&format=ndjson`, { headers: auth })).text();
  expect(exported).not.toContain('erin');
  expect(exported).toContain('frank-pii');
}

describe('erasure removes every event of a customer', () => {
  it('from SQLite', async () => {
    const Database = (await import('better-sqlite3')).default;
    await eraseAndCheck(c, async (userId) => {
      const db = new Database(c.dbFile, { readonly: true });
      try {
        return (db.prepare(`SELECT count(*) AS n FROM events WHERE anonymous_id LIKE ? OR user_id = ? OR body LIKE ?`)
          .get(`${userId}-%`, userId, `%${userId}%`) as { n: number }).n;
      } finally {
        db.close();
      }
    });
  });

  it('from PostgreSQL', async (ctx) => {
    const server = await postgresForTests();
    if ('skip' in server) return ctx.skip();
    const db: TestDatabase = await createTestDatabase(server.url);
    const pgc = await startCollector({ config, env: { DATABASE_URL: db.url } });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await eraseAndCheck(pgc, async (userId) => {
        // Whole rows searched as text, in whatever schema the store chose, so a copy anywhere in a row counts.
        const tables = await client.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'events'
          AND table_schema NOT IN ('pg_catalog', 'information_schema')`);
        let n = 0;
        for (const t of tables.rows) {
          n += (await client.query(`SELECT count(*)::int AS n FROM "${t.table_schema}".events x WHERE x::text LIKE $1`, [`%${userId}%`])).rows[0].n;
        }
        return n;
      });
    } finally {
      await client.end();
      await pgc.stop();
      await db.drop();
    }
  });
});
