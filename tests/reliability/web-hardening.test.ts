// Scenario: web hardening. Attacks on the analyst-facing side of the collector, each a request an
// outsider or a read-token holder can send: formula cells in CSV downloads, control characters in
// the journey map's SVG, an off-site sign-in redirect, a session that outlives sign-out, odd bytes
// in URLs, customer ids that are path dot-segments, and erasure with the analysts' read token.
// SQLite always; PostgreSQL too where the store is involved and a server is up.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../collector/src/auth.js';
import { ConfigError, parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import type { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';
import { launchChromium } from '../helpers/chromium.js';
import { serveCollector, startCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, post } from '../ingest/batch.js';
import { createTestDatabase, postgresForTests } from '../../collector/src/store/postgres/test-databases.js';

const T0 = Date.now() - 3_600_000;
function ev(anonymousId: string, minutes: number, over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(), type: 'page', anonymousId, sessionId: `${anonymousId}-s`, timestamp: new Date(T0 + minutes * 60_000).toISOString(),
    context: { url: 'https://shop.example/', path: '/', sdk: { name: 'test', version: '0' } }, ...over,
  };
}

/** `server`: sent with the site's server key, as a channel (an off-site touchpoint) must be. */
async function send(c: InProcessCollector, events: unknown[], server = false) {
  const r = await post(c.url, batch(c.writeKey, events), server ? { headers: { authorization: `Bearer ${c.serverKey}` } } : {});
  expect(r.json, r.text).toMatchObject({ accepted: events.length });
}

/** Signs in through the form and returns the session cookie (`name=value`). */
async function signIn(c: InProcessCollector): Promise<string> {
  const res = await fetch(`${c.url}/signin`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: c.url },
    body: new URLSearchParams({ token: c.readToken, next: '/' }),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

/** RFC 4180 cells of a CSV body (quoted cells may hold commas, quotes and line breaks). */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
  }
  return cells;
}

const pgServer = await postgresForTests();
type Opened = { store?: Store; drop?: () => Promise<void> };
const stores: [string, (() => Promise<Opened>) | string][] = [
  ['SQLite', async () => ({})],
  ['PostgreSQL', 'skip' in pgServer ? pgServer.skip : async () => {
    const db = await createTestDatabase((pgServer as { url: string }).url);
    return { store: await PostgresStore.open({ connectionString: db.url }), drop: () => db.drop() };
  }],
];

describe('CSV downloads keep every formula-like cell as text', () => {
  let c: InProcessCollector;
  beforeAll(async () => {
    c = await serveCollector();
    // Values a spreadsheet would evaluate: `-2+3…` runs a DDE command in old Excel.
    await send(c, [
      ev('-1+1', 0, { type: 'identify', userId: "-2+3+cmd|' /C calc'!A0" }),
      ev('\tx', 2, { type: 'track', name: '=1+1' }),
      ev('+1', 3, { type: 'track', name: '\r-1+1' }),
    ]);
    await send(c, [ev('-1+1', 1, { type: 'track', name: '-.5+1', userId: "-2+3+cmd|' /C calc'!A0", channel: '@SUM(1+1)' })], true);
  });
  afterAll(async () => { await c?.close(); });

  it('the event export, the journey export and the journey map CSV start no cell with = + - @, a tab or a carriage return', async () => {
    const cookie = await signIn(c);
    const downloads = {
      events: await fetch(`${c.url}/v1/export?kind=events&format=csv`, { headers: { authorization: `Bearer ${c.readToken}` } }),
      journeys: await fetch(`${c.url}/v1/export?kind=journeys&format=csv`, { headers: { authorization: `Bearer ${c.readToken}` } }),
      map: await fetch(`${c.url}/map.csv`, { headers: { cookie } }),
    };
    for (const [name, res] of Object.entries(downloads)) {
      const cells = csvCells(await res.text());
      expect(cells.length, name).toBeGreaterThan(20);
      expect(cells.filter((v) => /^[=+\-@\t\r]/.test(v)), name).toEqual([]);
      // Neutralised, not dropped: the value is there after the apostrophe.
      if (name !== 'map') expect(cells, name).toContain("'-2+3+cmd|' /C calc'!A0");
    }
  });
});

describe('the journey map SVG stays well-formed XML with control characters in event names', () => {
  let c: InProcessCollector;
  beforeAll(async () => {
    c = await serveCollector();
    await send(c, [ev('bel', 0, { type: 'track', name: 'ring\u0007the\u0000bell\u001b' }), ev('bel', 1, { type: 'track', name: 'ring\u0007the\u0000bell\u001b' })]);
  });
  afterAll(async () => { await c?.close(); });

  it('holds only characters XML allows, parses, and draws into a PNG in Chromium', async () => {
    const cookie = await signIn(c);
    const res = await fetch(`${c.url}/map.svg`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const svg = await res.text();
    // BEL and ESC are dropped from the SVG; NUL became U+FFFD at ingest (no store keeps it as text).
    // The map humanises event names ("Ring…"), hence the case-blind match.
    expect(svg).toMatch(/ringthe\ufffdbell/i);
    // XML 1.0 `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
    expect(svg.match(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu)).toBeNull();

    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${c.url}/healthz`);
      const drawn = await page.evaluate(async (text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        if (doc.querySelector('parsererror')) return `parse error: ${doc.querySelector('parsererror')!.textContent}`;
        const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
        const img = new Image();
        const ok = await new Promise<boolean>((r) => { img.onload = () => r(true); img.onerror = () => r(false); img.src = url; });
        return ok ? `drawn ${img.naturalWidth}×${img.naturalHeight}` : 'the image failed to load';
      }, svg);
      expect(drawn).toMatch(/^drawn \d+×\d+$/);
    } finally {
      await browser.close();
    }
  });
});

describe('sign-in sends a browser only to a path on this site', () => {
  let c: InProcessCollector;
  beforeAll(async () => { c = await serveCollector(); });
  afterAll(async () => { await c?.close(); });

  const signInWith = (next: string) => fetch(`${c.url}/signin`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: c.url },
    body: new URLSearchParams({ token: c.readToken, next }),
  });

  it.each([
    ['a tab after the slash (browsers drop it: //evil.example)', '/\t/evil.example'],
    ['a line feed after the slash', '/\n/evil.example'],
    ['a carriage return and a header', '/\r\nSet-Cookie: a=b'],
    ['a line feed inside the path', '/customers\n'],
    ['a NUL', '/\u0000/evil.example'],
    ['a space before the second slash', '/ /evil.example'],
    ['a backslash later on', '/x/..\\..\\evil.example'],
    ['a non-ASCII character', '/cust\u00f6mers'],
  ])('%s → /', async (_why, next) => {
    const res = await signInWith(next);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });

  it('the sign-in page carries a local next into its form, and a bad one not at all', async () => {
    const good = await (await fetch(`${c.url}/signin?next=${encodeURIComponent('/customers?q=alice%40example.com&stage=purchase')}`)).text();
    expect(good).toContain('name="next" value="/customers?q=alice%40example.com&amp;stage=purchase"');
    const res = await fetch(`${c.url}/signin?next=/%09/evil.example`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="next" value="/"');
    // The form posts a local path through unchanged.
    expect((await signInWith('/customers?q=alice%40example.com&stage=purchase')).headers.get('location')).toBe('/customers?q=alice%40example.com&stage=purchase');
  });
});

describe('sign-out ends the session', () => {
  let c: InProcessCollector;
  beforeAll(async () => { c = await serveCollector(); });
  afterAll(async () => { await c?.close(); });

  it('the old cookie is refused by the UI and the API afterwards; another session lives on', async () => {
    const mine = await signIn(c);
    await new Promise((r) => setTimeout(r, 5)); // another expiry, another cookie
    const colleague = await signIn(c);
    expect(mine).not.toBe(colleague);
    expect((await fetch(`${c.url}/customers`, { headers: { cookie: mine } })).status).toBe(200);

    const out = await fetch(`${c.url}/signout`, { method: 'POST', redirect: 'manual', headers: { cookie: mine, origin: c.url } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain(`${SESSION_COOKIE}=;`);

    const page = await fetch(`${c.url}/customers`, { redirect: 'manual', headers: { cookie: mine } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/signin\?next=/);
    expect((await fetch(`${c.url}/v1/customers`, { headers: { cookie: mine } })).status).toBe(401);
    expect((await fetch(`${c.url}/customers`, { headers: { cookie: colleague } })).status).toBe(200);
  });
});

describe('odd bytes in URLs answer 400 or 404 with a message for that route', () => {
  it('GET /demo/% → 400 malformed URL (not 500 "the request was not stored")', async () => {
    const c = await startCollector();
    try {
      for (const path of ['/demo/%', '/demo/%E0%A4%A', '/demo/%zz.html']) {
        const res = await fetch(c.url + path);
        expect(res.status, path).toBe(400);
        expect(await res.text(), path).toMatch(/malformed URL/);
      }
    } finally {
      await c.stop();
    }
  });

  describe.each(stores)('ids on %s', (_name, open) => {
    let c: InProcessCollector;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      if (typeof open === 'string') return;
      const opened = await open();
      drop = opened.drop;
      c = await serveCollector({ store: opened.store });
    });
    afterAll(async () => { await c?.close(); await drop?.(); });

    it('NUL, a lone % or a cut UTF-8 sequence in a customer id (API, erasure, UI) → 400/404 naming the problem', async (ctx) => {
      if (typeof open === 'string') return ctx.skip(open);
      const cookie = await signIn(c);
      const cases: [string, string][] = [
        ['GET', '/v1/customers/pg%00nul/journey'], ['DELETE', '/v1/customers/pg%00nul?reason=test'],
        ['GET', '/v1/customers/%/journey'], ['GET', '/v1/customers/%E0%A4%A/journey'],
        ['GET', '/customers/pg%00nul'], ['GET', '/customers/%'],
      ];
      const wrong: string[] = [];
      for (const [method, path] of cases) {
        const token = method === 'DELETE' ? c.adminToken : c.readToken;
        const headers: Record<string, string> = path.startsWith('/v1/') ? { authorization: `Bearer ${token}` } : { cookie };
        const res = await fetch(c.url + path, { method, headers });
        const text = await res.text();
        if (![400, 404].includes(res.status) || /retry/.test(text) || !/customer|malformed URL/.test(text)) wrong.push(`${method} ${path} → ${res.status} ${text.slice(0, 120)}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});

describe('customers whose id is "." or ".." have a working page and erasure', () => {
  let c: InProcessCollector;
  beforeAll(async () => {
    c = await serveCollector();
    await send(c, [
      ev('dot-device', 0, { type: 'identify', userId: '.' }), ev('dot-device', 1, { userId: '.' }),
      ev('dots-device', 0, { type: 'identify', userId: '..' }), ev('dots-device', 1, { userId: '..' }),
      ev('tilde-device', 0, { type: 'identify', userId: '~..' }),
    ]);
  });
  afterAll(async () => { await c?.close(); });

  it('every customer link on the customers page opens that customer', async () => {
    const cookie = await signIn(c);
    const list = await (await fetch(`${c.url}/customers`, { headers: { cookie } })).text();
    const links = [...list.matchAll(/<a class="clip" href="([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1].replace(/&amp;/g, '&'), m[2]]);
    expect(links.map(([, id]) => id).sort()).toEqual(['.', '..', '~..']);
    for (const [href, id] of links) {
      // fetch resolves the link as a browser does ("/customers/.." would become "/").
      const res = await fetch(new URL(href, c.url), { headers: { cookie } });
      expect(res.status, `${id}: ${href} → ${res.url}`).toBe(200);
      expect(await res.text()).toContain(`<title>${id} · Waymark</title>`);
    }
  });

  it.each(['.', '..', '~..'])('customer %j opens and erases through the read API with the documented path', async (id) => {
    const { customerIdSegment } = await import('../../collector/src/api/customer-id.js');
    const seg = customerIdSegment(id);
    const journey = await fetch(`${c.url}/v1/customers/${seg}/journey`, { headers: { authorization: `Bearer ${c.readToken}` } });
    expect(journey.status).toBe(200);
    expect((await journey.json()).customerId).toBe(id);
    const del = await fetch(`${c.url}/v1/customers/${seg}?reason=erasure%20request`, { method: 'DELETE', headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(del.status).toBe(200);
    expect((await del.json()).erased.customerId).toBe(id);
  });
});

describe('erasure needs the admin token and a reason, and the audit says who asked and why', () => {
  describe.each(stores)('on %s', (_name, open) => {
    let c: InProcessCollector;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      if (typeof open === 'string') return;
      const opened = await open();
      drop = opened.drop;
      c = await serveCollector({ store: opened.store });
      await send(c, [ev('e-1', 0, { type: 'identify', userId: 'erin' }), ev('e-1', 1, { userId: 'erin' }), ev('f-1', 0, { type: 'identify', userId: 'fay' })]);
    });
    afterAll(async () => { await c?.close(); await drop?.(); });

    const erase = (id: string, init: { token?: string; query?: string; body?: unknown } = {}) => fetch(`${c.url}/v1/customers/${id}${init.query ?? ''}`, {
      method: 'DELETE',
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });

    it('the read token gets 403 saying an admin token is needed, no or a wrong credential 401; nothing is erased', async (ctx) => {
      if (typeof open === 'string') return ctx.skip(open);
      const res = await erase('erin', { token: c.readToken, query: '?reason=because' });
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/admin token/);
      // No or a wrong credential: 401, as on every route; the admin token does not read.
      expect((await erase('erin', { query: '?reason=x' })).status).toBe(401);
      expect((await erase('erin', { token: 'adm_wrong_wrong_wrong_wrong', query: '?reason=x' })).status).toBe(401);
      expect((await fetch(`${c.url}/v1/customers`, { headers: { authorization: `Bearer ${c.adminToken}` } })).status).toBe(401);
      const stillThere = await fetch(`${c.url}/v1/customers/erin/journey`, { headers: { authorization: `Bearer ${c.readToken}` } });
      expect(stillThere.status).toBe(200);
    });

    it('the admin token without a reason gets 400 asking for one', async (ctx) => {
      if (typeof open === 'string') return ctx.skip(open);
      const res = await erase('erin', { token: c.adminToken });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/reason/);
    });

    it('the admin token with a reason (query or JSON body) erases, and the audit row names the credential and the reason, never the secret', async (ctx) => {
      if (typeof open === 'string') return ctx.skip(open);
      expect((await erase('erin', { token: c.adminToken, query: '?reason=GDPR%20request%2017' })).status).toBe(200);
      expect((await erase('fay', { token: c.adminToken, body: { reason: 'asked by email' } })).status).toBe(200);
      const rows = await auditRows(c.store);
      expect(rows.map((r) => [r.customer_id, JSON.parse(r.requested_by)])).toEqual([
        ['erin', { credential: 'admin-token', reason: 'GDPR request 17' }],
        ['fay', { credential: 'admin-token', reason: 'asked by email' }],
      ]);
      for (const r of rows) expect(r.requested_by).not.toContain(c.adminToken);
    });
  });

  it('with no configuration an admin token is generated once, kept beside the other keys and not the read token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-keys-'));
    const first = withDefaults(parseConfig({}), dir, {});
    expect(first.adminToken).toMatch(/^adm_[A-Za-z0-9_-]{24,}$/);
    expect(first.adminToken).not.toBe(first.readToken);
    expect(withDefaults(parseConfig({}), dir, {}).adminToken).toBe(first.adminToken);
    expect(JSON.parse(readFileSync(join(dir, 'waymark.keys.json'), 'utf8')).adminToken).toBe(first.adminToken);
    // A keys file from before admin tokens keeps its keys and gains one.
    const old = mkdtempSync(join(tmpdir(), 'waymark-keys-'));
    writeFileSync(join(old, 'waymark.keys.json'), JSON.stringify({ writeKey: 'wk_dev_old_key_1', readToken: 'rt_old_read_token_1234' }));
    const upgraded = withDefaults(parseConfig({}), old, {});
    expect(upgraded).toMatchObject({ readToken: 'rt_old_read_token_1234', sites: [{ writeKey: 'wk_dev_old_key_1' }] });
    expect(upgraded.adminToken).toMatch(/^adm_/);
    expect(withDefaults(parseConfig({}), old, { WAYMARK_ADMIN_TOKEN: 'adm_from_the_environment' }).adminToken).toBe('adm_from_the_environment');
    // An empty variable is unset (an empty token would match "Authorization: Bearer "); a weak one stops the start.
    expect(withDefaults(parseConfig({}), old, { WAYMARK_ADMIN_TOKEN: '' }).adminToken).toBe(upgraded.adminToken);
    expect(() => withDefaults(parseConfig({}), old, { WAYMARK_ADMIN_TOKEN: 'admin' })).toThrow(/WAYMARK_ADMIN_TOKEN: must start with "adm_"/);
  });

  it('a configuration whose admin token is the read token is refused', () => {
    expect(() => parseConfig({ readToken: 'rt_same_token_12345', adminToken: 'rt_same_token_12345' })).toThrow(ConfigError);
    expect(() => parseConfig({ adminToken: 'adm_short' })).toThrow(/config\.adminToken/);
  });

  it('the collector prints the admin token at start, like the read token', async () => {
    const c = await startCollector({ quiet: false });
    try {
      const keys = JSON.parse(readFileSync(join(c.dataDir, 'waymark.keys.json'), 'utf8'));
      expect(c.output()).toContain(`admin token  ${keys.adminToken}`);
    } finally {
      await c.stop();
    }
  });
});

/** The erasure audit rows, oldest first, from either database. */
async function auditRows(store: Store): Promise<{ customer_id: string; requested_by: string }[]> {
  if (store instanceof PostgresStore) return (await store.pool.query('SELECT customer_id, requested_by FROM erasures ORDER BY seq')).rows;
  return (store as SqliteStore).db.prepare('SELECT customer_id, requested_by FROM erasures ORDER BY seq').all() as any;
}
