// Two real collector processes on one PostgreSQL, as behind a load balancer: a batch retried
// against the other collector (even while the first try is still running) is stored once,
// nothing is lost when one dies mid-load, and the rate limit is one budget for both.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from '../../collector/src/store/postgres/test-databases.js';

const server = await postgresForTests();
if ('skip' in server) console.warn(`\n${server.skip}\n`);

const READ_TOKEN = 'rt_two_collectors_test_token';
const config = (writeKey: string, eventsPerSecond: number) => ({
  sites: [{ id: 'shop', writeKey, origins: [] }],
  readToken: READ_TOKEN,
  adminToken: 'adm_two_collectors_test_token',
  limits: { eventsPerSecond },
});

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

function makeBatches(writeKey: string, count: number, size: number, tag: string) {
  return Array.from({ length: count }, (_, b) =>
    batch(writeKey, Array.from({ length: size }, (_, i) => event({ anonymousId: `${tag}-device-${(b * size + i) % 37}`, name: `${tag}-${b}-${i}` }))));
}

describe.skipIf('skip' in server)('two collectors on one PostgreSQL', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let a: RunningCollector;
  let b: RunningCollector;
  const writeKey = 'wk_two_collectors';

  beforeAll(async () => {
    db = await createTestDatabase((server as { url: string }).url);
    // Both start at once: the migrations' advisory lock makes one apply them while the other waits.
    [a, b] = await Promise.all([0, 1].map(() => startCollector({ config: config(writeKey, 1e6), env: { DATABASE_URL: db.url } })));
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  const stored = async (tag: string) => {
    const { rows } = await sql.query<{ n: string; ids: string }>(
      `SELECT count(*) AS n, count(DISTINCT id) AS ids FROM events WHERE name LIKE $1`, [`${tag}-%`]);
    return { rows: Number(rows[0].n), distinct: Number(rows[0].ids) };
  };

  it('both report the PostgreSQL store and share one schema, migrated once', async () => {
    for (const c of [a, b]) expect(await (await fetch(`${c.url}/healthz`)).json()).toMatchObject({ store: 'postgres' });
    const { rows } = await sql.query('SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name ORDER BY name');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('stores a batch once when it is retried against the other collector, even racing the first try', async () => {
    const batches = makeBatches(writeKey, 150, 20, 'retry');
    await pool(batches, 8, async (body, i) => {
      const [first, second] = i % 2 ? [a, b] : [b, a];
      // A third of the retries race the original request; the rest follow its answer.
      const answers = i % 3 === 0
        ? await Promise.all([post(first.url, body), post(second.url, body)])
        : [await post(first.url, body), await post(second.url, body)];
      for (const r of answers) expect(r.status, r.text).toBe(200);
      expect(answers[0].json.accepted + answers[1].json.accepted).toBe(20);
      expect(answers[0].json.duplicates + answers[1].json.duplicates).toBe(20);
      expect(new Set([...answers[0].json.duplicateIds, ...answers[1].json.duplicateIds]).size).toBe(20);
    });
    expect(await stored('retry')).toEqual({ rows: 150 * 20, distinct: 150 * 20 });
  });

  it('serves a cached aggregate only until the other collector stores or erases something', async () => {
    const read = async (c: RunningCollector, path: string, init: RequestInit = {}) => {
      const r = await fetch(`${c.url}${path}`, { ...init, headers: { authorization: `Bearer ${READ_TOKEN}` } });
      expect(r.status, await r.clone().text()).toBe(200);
      return r.json() as Promise<any>;
    };
    const customer = 'cache-device-1';
    // The earlier tests' customers are rebuilt in the background: a state committed between the two
    // reads below is a change too. Wait until nothing is left to rebuild.
    for (const until = Date.now() + 60_000; (await read(a, '/v1/journey-map')).meta.states.pending > 0 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await read(a, '/v1/journey-map');
    const warm = await read(a, '/v1/journey-map');
    expect(warm.meta.cached).toBe(true);
    expect((await post(b.url, batch(writeKey, [event({ anonymousId: customer, name: 'cache-1' })]))).status).toBe(200);
    const afterIngest = await read(a, '/v1/journey-map');
    expect(afterIngest.meta.cached).toBe(false);
    expect(afterIngest.meta.dataVersion).not.toBe(warm.meta.dataVersion);
    expect((await read(a, `/v1/customers/${customer}/journey`)).anonymousIds).toEqual([customer]);
    const erased = await fetch(`${b.url}/v1/customers/${customer}?reason=test`, { method: 'DELETE', headers: { authorization: `Bearer ${b.adminToken}` } });
    expect(erased.status).toBe(200);
    const afterErasure = await read(a, '/v1/journey-map');
    expect(afterErasure.meta.cached).toBe(false);
    expect((await fetch(`${a.url}/v1/customers/${customer}/journey`, { headers: { authorization: `Bearer ${READ_TOKEN}` } })).status).toBe(404);
  });

  it('loses nothing when one collector is killed under load and clients fail over to the other', async () => {
    const batches = makeBatches(writeKey, 200, 20, 'failover');
    let sent = 0;
    let failedOver = 0;
    await pool(batches, 8, async (body, i) => {
      if (++sent === 60) void a.kill(); // SIGKILL mid-load: no shutdown code, requests cut off
      const order = i % 2 ? [a, b] : [b, a];
      for (let attempt = 0; ; attempt++) {
        const target = order[attempt % 2];
        const r = await post(target.url, body).catch(() => null);
        if (r?.status === 200) return;
        failedOver++;
        if (attempt > 6) throw new Error(`batch ${i} not accepted after ${attempt + 1} tries: ${r?.status} ${r?.text}`);
      }
    });
    expect(failedOver).toBeGreaterThan(0); // the kill really cut requests off
    expect(await stored('failover')).toEqual({ rows: 200 * 20, distinct: 200 * 20 });
    await a.restart();
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
  });
});

describe.skipIf('skip' in server)('rate limit across two collectors', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let cs: RunningCollector[] = [];
  const writeKey = 'wk_rate_limited';

  beforeAll(async () => {
    db = await createTestDatabase((server as { url: string }).url);
    // 20 events/s: a budget of 200 events per 10-second window, for both collectors together.
    cs = await Promise.all([0, 1].map(() => startCollector({ config: config(writeKey, 20), env: { DATABASE_URL: db.url } })));
  });
  afterAll(async () => {
    await Promise.all(cs.map((c) => c.stop()));
    await db?.drop();
  });

  it('allows the configured rate in total, not once per collector', async () => {
    // Start early in a window so the whole flood falls inside one.
    const into = Date.now() % 10_000;
    if (into > 4000) await new Promise((r) => setTimeout(r, 10_000 - into + 50));
    const answers: { status: number; retryAfter: string | null; accepted: number }[] = [];
    await pool(makeBatches(writeKey, 40, 10, 'flood'), 4, async (body, i) => {
      const r = await post(cs[i % 2].url, body);
      answers.push({ status: r.status, retryAfter: r.headers.get('retry-after'), accepted: r.json?.accepted ?? 0 });
    });
    const accepted = answers.reduce((n, r) => n + r.accepted, 0);
    expect(accepted).toBeLessThanOrEqual(200); // two in-process buckets would have let 400 through
    expect(accepted).toBeGreaterThanOrEqual(200 - 2 * 10 - 10); // at most one unspent slice per collector
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    expect(answers.every((r) => r.status === 200 || r.status === 429)).toBe(true);
  });
});
