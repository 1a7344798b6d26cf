// GET/POST/DELETE /v1/annotations through the app on a real SQLite file: the read token, what a
// bad annotation answers, and deletion.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSessionCookie, SESSION_COOKIE } from '../../collector/src/auth.js';
import { appCollector, type InProcessCollector } from '../helpers/collector.js';

let c: InProcessCollector;
beforeAll(async () => { c = await appCollector(); });
afterAll(() => c.close());

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await c.fetch(`${c.url}${path}`, {
    method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: `Bearer ${c.readToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
  });
  return { status: res.status, json: await res.json() as any };
};

it('adds, lists by date and deletes annotations', async () => {
  const fix = await call('POST', '/v1/annotations', { date: '2026-11-12', text: '  Checkout fixed  ' });
  expect(fix.status).toBe(201);
  expect(fix.json).toMatchObject({ id: expect.any(Number), date: '2026-11-12', text: 'Checkout fixed', createdAt: expect.any(Number) });
  const launch = (await call('POST', '/v1/annotations', { date: '2026-10-01', text: 'Campaign' })).json;
  expect((await call('GET', '/v1/annotations')).json).toEqual({ annotations: [launch, fix.json] });
  expect(await call('DELETE', `/v1/annotations/${fix.json.id}`)).toEqual({ status: 200, json: { deleted: fix.json.id } });
  expect((await call('DELETE', `/v1/annotations/${fix.json.id}`)).status).toBe(404);
  expect((await call('GET', '/v1/annotations')).json.annotations).toEqual([launch]);
});

it.each([
  ['no date', { text: 'x' }, /date: /],
  ['a date that is none', { date: '2026-02-30', text: 'x' }, /date: must be a date such as 2026-11-12/],
  ['a date-time', { date: '2026-11-12T10:00:00Z', text: 'x' }, /date: must be a date/],
  ['blank text', { date: '2026-11-12', text: '   ' }, /text: must say what changed/],
  ['long text', { date: '2026-11-12', text: 'x'.repeat(501) }, /text: is longer than 500 characters/],
  ['a body that is not JSON', '{"date":', /body: must be JSON/],
])('answers 400 for %s', async (_what, body, message) => {
  const r = await call('POST', '/v1/annotations', body);
  expect(r.status).toBe(400);
  expect(r.json.error).toMatch(message);
});

it('takes JSON only, a bad id is a 400, and every method needs the read token', async () => {
  expect((await call('POST', '/v1/annotations', 'date=2026-11-12&text=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  expect((await call('DELETE', '/v1/annotations/abc')).status).toBe(400);
  for (const [method, path] of [['GET', '/v1/annotations'], ['POST', '/v1/annotations'], ['DELETE', '/v1/annotations/1']]) {
    expect((await call(method, path, undefined, { authorization: 'Bearer rt_wrong' })).status).toBe(401);
    expect((await call(method, path, undefined, { authorization: `Bearer ${c.adminToken}` })).status).toBe(401);
  }
});

it("the UI's form adds one from the collector's own page, and refuses a cross-site post or one without a session", async () => {
  const cookie = `${SESSION_COOKIE}=${await makeSessionCookie(c.readToken)}`;
  const form = (origin: string, withCookie = true) => c.fetch(`${c.url}/annotations`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ date: '2026-11-20', text: 'Form', back: '/' }),
    headers: { origin, ...(withCookie ? { cookie } : {}) },
  });
  expect((await form('https://evil.example')).status).toBe(403);
  expect((await form(c.url, false)).status).toBe(303); // to sign in
  expect((await call('GET', '/v1/annotations')).json.annotations.some((a: any) => a.text === 'Form')).toBe(false);
  const ok = await form(c.url);
  expect([ok.status, ok.headers.get('location')]).toEqual([303, '/']);
  expect((await call('GET', '/v1/annotations')).json.annotations.some((a: any) => a.text === 'Form')).toBe(true);
  const bad = await c.fetch(`${c.url}/annotations`, { method: 'POST', body: new URLSearchParams({ date: 'soon', text: 'x' }), headers: { origin: c.url, cookie } });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('date: must be a date such as 2026-11-12');
});
