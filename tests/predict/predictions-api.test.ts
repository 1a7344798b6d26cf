// GET /v1/predictions over real HTTP on a real SQLite file holding simulated customers: the read
// token, clear 400s, the answer's shape (probability, calibrated band, drivers in words), model
// versions saved in the store with their evaluation, retraining on demand, and the UI's column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../collector/src/seed/seed.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
let c: InProcessCollector;
const get = (path: string, token: string | null = c.readToken) => fetch(`${c.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  c = await serveCollector({ now: () => NOW });
  await seed({ people: 1500, seed: 4, now: NOW - 60_000 }, storeSink(c.store, 'dev', { trusted: true }));
}, 120_000);
afterAll(() => c?.close());

describe('GET /v1/predictions', () => {
  it('needs the read token', async () => {
    expect((await get('/v1/predictions?kind=churn', null)).status).toBe(401);
    expect((await get('/v1/predictions?kind=churn', 'rt_wrong')).status).toBe(401);
  });

  it.each([
    ['/v1/predictions', /kind: must be one of next_stage, churn/],
    ['/v1/predictions?kind=upsell', /kind: must be one of next_stage, churn/],
    ['/v1/predictions?kind=churn&limit=0', /limit: must be a whole number from 1 to 500/],
    ['/v1/predictions?kind=churn&limit=ten', /limit: must be a whole number from 1 to 500/],
    ['/v1/predictions?kind=churn&order=up', /order: must be "desc"/],
  ])('answers 400 with what to send: %s', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
  });

  it('lists customers by probability with a calibrated band and the top drivers in words', async () => {
    for (const kind of ['churn', 'next_stage']) {
      const res = await get(`/v1/predictions?kind=${kind}&limit=20`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.kind).toBe(kind);
      expect(body.model.version).toBeGreaterThan(0);
      expect(body.model.evaluation.model.auc).toBeGreaterThan(0.5);
      expect(body.model.evaluation.model.calibration).toHaveLength(10);
      expect(body.predictions.length).toBe(20);
      const ps = body.predictions.map((p: any) => p.probability);
      expect(ps).toEqual([...ps].sort((a, b) => b - a));
      for (const p of body.predictions) {
        expect(typeof p.customerId).toBe('string');
        expect(p.probability).toBeGreaterThanOrEqual(0);
        expect(p.probability).toBeLessThanOrEqual(1);
        expect(p.band.from).toBeLessThanOrEqual(p.probability);
        expect(p.drivers.length).toBeLessThanOrEqual(3);
        for (const d of p.drivers) expect(d.text).toMatch(/, [+−]\d+\.\d$/);
      }
    }
    const asc = (await (await get('/v1/predictions?kind=churn&limit=5&order=asc')).json()).predictions.map((p: any) => p.probability);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
  });

  it('keeps every model version in the store and retrains on demand', async () => {
    const before = (await (await get('/v1/predictions/models?kind=churn')).json()).models;
    expect(before.length).toBeGreaterThanOrEqual(1);
    const res = await fetch(`${c.url}/v1/predictions/train`, { method: 'POST', headers: { authorization: `Bearer ${c.readToken}` } });
    expect(res.status).toBe(200);
    const { trained } = await res.json();
    expect(trained.map((t: any) => t.kind).sort()).toEqual(['churn', 'next_stage']);
    const after = (await (await get('/v1/predictions/models?kind=churn&limit=10')).json()).models;
    expect(after.length).toBe(before.length + 1);
    expect(after[0].version).toBeGreaterThan(before[0].version);
    expect((await c.store.predictionModels('churn', 10)).map((m) => m.version)).toEqual(after.map((m: any) => m.version));
    expect((await fetch(`${c.url}/v1/predictions/train`, { method: 'POST' })).status).toBe(401);
  });

  it('shows the prediction columns in the customers list and the predictions page with the accuracy', { timeout: 60_000 }, async () => {
    const cookie = await signIn();
    const page = await (await fetch(`${c.url}/predictions?kind=churn`, { headers: { cookie } })).text();
    expect(page).toContain('id="prediction-accuracy"');
    expect(page).toContain('recency rule');
    // The list shows "Computing…" while journeys are rebuilt, then the page itself.
    let customers = '';
    for (let i = 0; i < 60 && !customers.includes('id="customers"'); i++) {
      if (i) await new Promise((r) => setTimeout(r, 500));
      customers = await (await fetch(`${c.url}/customers`, { headers: { cookie } })).text();
    }
    expect(customers).toContain('Churn risk');
    expect(customers).toMatch(/title="calibrated band/);
  });
});

async function signIn(): Promise<string> {
  const res = await fetch(`${c.url}/signin`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: c.url },
    body: new URLSearchParams({ token: c.readToken, next: '/' }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}
