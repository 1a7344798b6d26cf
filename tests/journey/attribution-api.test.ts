// GET /v1/attribution through the app on a real SQLite file: customers who read the reviews page
// mostly buy, the others mostly do not; the answer's shape, its figures, and its 400s and 401s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, post, visitEvent } from '../ingest/batch.js';

const T0 = Date.parse('2026-10-01T09:00:00Z');
const MIN = 60_000;

const ev = (anon: string, minutes: number, what: { page?: string; track?: string }) => visitEvent(anon, T0 + minutes * MIN, what);

/** 60 customers: all view a product; the 30 who read /reviews buy 4 times in 5, the others 1 in 5. */
const events = Array.from({ length: 60 }, (_, i) => {
  const anon = `c${i}`;
  const reads = i % 2 === 0;
  const buys = reads ? i % 10 !== 0 : i % 10 === 1;
  return [
    ev(anon, i, { page: '/products/shoe-1' }),
    ev(anon, i + 0.1, { track: 'product_viewed' }),
    ...(reads ? [ev(anon, i + 0.2, { page: '/reviews' })] : [ev(anon, i + 0.2, { page: '/about' })]),
    ...(buys ? [ev(anon, i + 0.3, { page: '/checkout/confirmation' }), ev(anon, i + 0.31, { track: 'order_completed' })] : []),
  ];
}).flat();

let c: InProcessCollector;
const get = async (path: string, token: string | null = c.readToken) => {
  const res = await c.fetch(`${c.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, json: await res.json() as any };
};

beforeAll(async () => {
  c = await appCollector();
  for (let i = 0; i < events.length; i += 100) expect((await post(c, batch(c.writeKey, events.slice(i, i + 100)))).status).toBe(200);
});
afterAll(async () => c?.close());

describe('GET /v1/attribution', () => {
  it('refuses without the read token, and with a wrong one', async () => {
    expect((await get('/v1/attribution?transition=consideration>purchase', null)).status).toBe(401);
    expect((await get('/v1/attribution?transition=consideration>purchase', 'rt_wrong-token-123456')).status).toBe(401);
  });

  it('answers { transition, model, journeys, touchpoints: [{ key, label, credit, low, high }] }, the persuading page on top', async () => {
    const r = await get(`/v1/attribution?transition=${encodeURIComponent('consideration>purchase')}&model=markov`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ transition: 'consideration>purchase', model: 'markov', journeys: 60, moved: 30 });
    const top = r.json.touchpoints[0];
    expect(top).toMatchObject({ key: 'page:/reviews', label: '/reviews (page)', journeys: 30 });
    expect(top.low).toBeGreaterThan(0);
    expect(top.low).toBeLessThanOrEqual(top.credit);
    expect(top.high).toBeGreaterThanOrEqual(top.credit);
    const about = r.json.touchpoints.find((t: any) => t.key === 'page:/about');
    expect(about.credit).toBeLessThan(0);
  });

  it.each(['first', 'last', 'linear', 'time_decay', 'position'])('model=%s: shares of the 30 moves summing to 1', async (model) => {
    const r = await get(`/v1/attribution?transition=consideration%3Epurchase&model=${model}`);
    expect(r.status).toBe(200);
    expect(r.json.model).toBe(model);
    expect(r.json.touchpoints.reduce((s: number, t: any) => s + t.credit, 0)).toBeCloseTo(1, 6);
  });

  it('model defaults to markov', async () => {
    expect((await get('/v1/attribution?transition=consideration>purchase')).json.model).toBe('markov');
  });

  it.each([
    ['/v1/attribution', /transition: is required/],
    ['/v1/attribution?transition=consideration', /write it as <from>><to>/],
    ['/v1/attribution?transition=consideration>buy', /unknown stage "buy"/],
    ['/v1/attribution?transition=purchase>awareness', /awareness must come after purchase/],
    ['/v1/attribution?transition=consideration>purchase&model=shapley', /model: must be one of markov, first, last, linear, time_decay, position/],
    ['/v1/attribution?transition=consideration>purchase&from=yesterday', /from: must be a date/],
  ])('%s → 400 saying what to send', async (path, message) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(message);
  });
});
