// Segments over the read API on a real SQLite file: saved, listed, deleted, and `segment=<id>` on
// every read route giving exactly the customers a segment names. The expected customers come from
// how the test made them (who is on the pro plan, who bought, who saw pricing), never from the
// collector's own matching; the same answers from journey states and from a pass over events.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { foldJourneyMap } from '../../collector/src/journey/journey-state.js';
import { createReadService } from '../../collector/src/read/service.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { rebuildDirty } from '../../collector/src/state/worker.js';
import { batch, event, visitEvent } from '../ingest/batch.js';

const T0 = Date.parse('2026-10-01T09:00:00Z');
const MIN = 60_000;
const PEOPLE = 84;

/** What the test gave each person: the truth segments are checked against. */
interface Person { id: string; anon: string; plan: 'pro' | 'free'; spring: boolean; pricing: boolean; buys: boolean; rage: boolean; events: number }

const people: Person[] = [];
const events: unknown[] = [];
for (let i = 0; i < PEOPLE; i++) {
  const p: Person = { id: `u${i}`, anon: `a${i}`, plan: i % 3 === 0 ? 'pro' : 'free', spring: i % 4 === 0, pricing: i % 2 === 0, buys: i % 5 !== 0, rage: i % 7 === 0, events: 0 };
  const at = (m: number) => T0 + i * 10 * MIN + m * MIN;
  const mine: Record<string, unknown>[] = [];
  const home = visitEvent(p.anon, at(0), { page: '/' }) as Record<string, any>;
  if (p.spring) home.context = { ...home.context, url: 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=spring', utm: { source: 'news', medium: 'email', campaign: 'spring' } };
  mine.push(home);
  mine.push(event({ type: 'identify', name: undefined, userId: p.id, anonymousId: p.anon, sessionId: `${p.anon}-s`, timestamp: new Date(at(0.5)).toISOString(), traits: { plan: p.plan } }));
  if (p.pricing) mine.push(visitEvent(p.anon, at(1), { page: '/pricing?ref=nav' }));
  if (p.rage) mine.push({ ...visitEvent(p.anon, at(1.5), { track: '$rage_click' }), properties: { selector: 'button.buy', clicks: 5 } });
  if (p.buys) mine.push(visitEvent(p.anon, at(2), { page: '/checkout' }), visitEvent(p.anon, at(2.5), { track: 'order_completed' }));
  p.events = mine.length;
  people.push(p);
  events.push(...mine);
}

const cases: { name: string; definition: Record<string, unknown>; who: (p: Person) => boolean }[] = [
  { name: 'Pro buyers', definition: { traits: { plan: 'pro' }, did: ['order_completed'] }, who: (p) => p.plan === 'pro' && p.buys },
  { name: 'Saw pricing, did not buy', definition: { visited: ['/pricing*'], didNot: ['order_completed'] }, who: (p) => p.pricing && !p.buys },
  { name: 'Spring campaign purchasers', definition: { campaign: 'spring', reached: 'purchase' }, who: (p) => p.spring && p.buys },
  { name: 'Rage clickers <b>&amp;', definition: { painPoint: 'rage_click' }, who: (p) => p.rage },
];

const dir = mkdtempSync(join(tmpdir(), 'waymark-segments-'));
const store = new SqliteStore(join(dir, 'waymark.db'));
const config = withDefaults(parseConfig({}), dir, {});
const clientIp = () => '127.0.0.1';
// One app answers from journey states, the other from passes over events; one store under both.
const statesRead = createReadService({ config, store, states: true, settleMs: 0 });
const apps = {
  states: createApp({ config, store, clientIp, read: statesRead }),
  events: createApp({ config, store, clientIp }),
};
const auth = { authorization: `Bearer ${config.readToken}` };
const get = async (app: keyof typeof apps, path: string) => {
  const res = await apps[app].request(`http://collector.test${path}`, { headers: auth });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: (() => { try { return JSON.parse(text); } catch { return null; } })() as any };
};
const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  apps.states.request('http://collector.test/v1/segments', { method: 'POST', headers: { ...auth, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const ids: string[] = [];
beforeAll(async () => {
  for (let i = 0; i < events.length; i += 200) {
    const res = await apps.states.request('http://collector.test/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch(config.sites[0].writeKey, events.slice(i, i + 200))) });
    expect(res.status).toBe(200);
    expect((await res.json()).rejected).toEqual([]);
  }
  await rebuildDirty(store, { timeoutMinutes: 30 });
  for (const c of cases) {
    const res = await post({ name: c.name, definition: c.definition });
    expect(res.status).toBe(201);
    ids.push((await res.json()).id);
  }
});
afterAll(() => store.close());

describe('saved segments', () => {
  it('lists each with its definition, size and creation time', async () => {
    const r = await get('states', '/v1/segments');
    expect(r.status).toBe(200);
    expect(r.json.segments.map((s: any) => [s.id, s.name, s.size])).toEqual(cases.map((c, i) => [ids[i], c.name, people.filter(c.who).length]));
    expect(r.json.segments[0]).toEqual({ id: ids[0], name: 'Pro buyers', definition: cases[0].definition, size: people.filter(cases[0].who).length, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    for (const c of cases) expect(people.filter(c.who).length, c.name).toBeGreaterThan(2);
  });

  it.each<[string, unknown, number, string]>([
    ['an unknown key', { name: 'x', definition: { plan: 'pro' } }, 400, 'definition: unknown key "plan"'],
    ['a bad stage', { name: 'x', definition: { reached: 'paying' } }, 400, 'definition.reached: must be one of awareness'],
    ['no name', { definition: { reached: 'purchase' } }, 400, 'name: is required'],
    ['no definition', { name: 'x' }, 400, 'definition: must be an object'],
    ['a body that is not JSON', '{"name": ', 400, 'body: is not valid JSON'],
  ])('refuses %s with a message saying what to send', async (_, body, status, message) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toContain(message);
  });

  it('takes only JSON (415), and only with the read token (401)', async () => {
    const form = await post('name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect((await form.json()).error).toContain('Content-Type: application/json');
    expect((await apps.states.request('http://collector.test/v1/segments')).status).toBe(401);
    expect((await apps.states.request('http://collector.test/v1/segments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('deletes by id: 204, then 404, and a deleted segment filters nothing any more (404)', async () => {
    const made = await (await post({ name: 'Temporary', definition: { current: 'awareness' } })).json();
    const del = () => apps.states.request(`http://collector.test/v1/segments/${made.id}`, { method: 'DELETE', headers: auth });
    expect((await del()).status).toBe(204);
    const again = await del();
    expect(again.status).toBe(404);
    expect((await again.json()).error).toContain(`no segment "${made.id}"`);
    expect((await get('states', `/v1/journey-map?segment=${made.id}`)).status).toBe(404);
  });
});

describe.each(['states', 'events'] as const)('segment=<id> on every read route (answered from %s)', (app) => {
  it.each(cases.map((c, i) => [c.name, i] as const))('%s: the customers the test made it of, on every route', async (_, i) => {
    const c = cases[i];
    const expected = people.filter(c.who);
    const meta = { id: ids[i], name: c.name, size: expected.length };
    const q = `segment=${ids[i]}`;

    const customers = await get(app, `/v1/customers?${q}&limit=500`);
    expect(customers.json.total).toBe(expected.length);
    expect(customers.json.customers.map((x: any) => x.customerId).sort()).toEqual(expected.map((p) => p.id).sort());
    expect(customers.json.meta.segment).toEqual(meta);

    const map = await get(app, `/v1/journey-map?${q}`);
    expect(map.json.customers).toBe(expected.length);
    expect(map.json.stages.find((s: any) => s.stage === 'purchase').customers).toBe(expected.filter((p) => p.buys).length);
    expect(map.json.meta.segment).toEqual(meta);
    expect(map.json.meta.states !== undefined).toBe(app === 'states');
    // The whole map, stage by stage: as the states of exactly those customers fold.
    const states = (await statesRead.journeyStates())!;
    const byHand = foldJourneyMap(states.filter((s) => expected.some((p) => p.id === s.customerId)), Date.now());
    expect(map.json.stages).toEqual(byHand.stages);

    const funnel = await get(app, `/v1/funnels?steps=stage:awareness,stage:purchase&${q}`);
    expect(funnel.json.steps.map((s: any) => s.customers ?? s.count)).toEqual([expected.length, expected.filter((p) => p.buys).length]);
    expect(funnel.json.meta.segment).toEqual(meta);

    const flows = await get(app, `/v1/flows?${q}`);
    expect(flows.json.customers).toBe(expected.length);
    expect(flows.json.meta.segment).toEqual(meta);

    const journeys = await get(app, `/v1/export?kind=journeys&${q}`);
    expect(journeys.headers.get('waymark-segment-id')).toBe(ids[i]);
    expect(journeys.headers.get('waymark-segment-size')).toBe(String(expected.length));
    expect(journeys.text.trim().split('\n').map((l) => JSON.parse(l).customerId).sort()).toEqual(expected.map((p) => p.id).sort());

    const exported = (await get(app, `/v1/export?kind=events&${q}`)).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(exported.length).toBe(expected.reduce((n, p) => n + p.events, 0));
    expect(new Set(exported.map((e) => e.anonymousId))).toEqual(new Set(expected.map((p) => p.anon)));

    const attribution = await get(app, `/v1/attribution?transition=${encodeURIComponent('awareness>purchase')}&model=first&${q}`);
    expect(attribution.status).toBe(200);
    expect(attribution.json.journeys).toBe(expected.length);
    expect(attribution.json.moved).toBe(expected.filter((p) => p.buys).length);
    expect(attribution.json.meta.segment).toEqual(meta);

    const predictions = await get(app, `/v1/predictions?kind=next_stage&${q}`);
    expect(predictions.status).toBe(200);
    expect(predictions.json.meta.segment).toEqual(meta);
    for (const p of predictions.json.predictions) expect(expected.map((x) => x.id)).toContain(p.customerId);
  });

  it('an unknown segment is a 404 that says where the segments are listed, on every route', async () => {
    for (const path of ['/v1/customers', '/v1/journey-map', '/v1/flows', '/v1/funnels?steps=stage:awareness', '/v1/export?kind=journeys', '/v1/attribution?transition=awareness>purchase', '/v1/predictions?kind=churn']) {
      const r = await get(app, `${path}${path.includes('?') ? '&' : '?'}segment=seg_nope`);
      expect(r.status, path).toBe(404);
      expect(r.json.error, path).toBe('segment: no segment "seg_nope"; GET /v1/segments lists them');
    }
  });

  it('without a segment, answers carry no segment', async () => {
    const map = await get(app, '/v1/journey-map');
    expect(map.json.customers).toBe(PEOPLE);
    expect(map.json.meta.segment).toBeUndefined();
  });
});
