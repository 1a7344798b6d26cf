// Comparing two periods through the read API, with and without journey states: the numbers of a
// seeded change against the same numbers worked out here by hand from how the data was made,
// and the 400s of a comparison asked for wrongly.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { rebuildDirty } from '../../collector/src/state/worker.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { batch, post } from '../ingest/batch.js';
import { DESIGN, MIN, PER_PERIOD, PERIODS, periodEvents } from './periods.js';

/** Wilson's score interval and Newcombe's difference, written out again here from the papers' formulas. */
function newcombe95(kA: number, nA: number, kB: number, nB: number) {
  const z = 1.959963984540054;
  const wilson = (k: number, n: number) => {
    const p = k / n;
    const mid = (2 * k + z * z) / (2 * (n + z * z));
    const half = (z * Math.sqrt(z * z + 4 * k * (1 - p))) / (2 * (n + z * z));
    return [Math.max(0, mid - half), Math.min(1, mid + half)];
  };
  const [lA, uA] = wilson(kA, nA);
  const [lB, uB] = wilson(kB, nB);
  const d = kA / nA - kB / nB;
  return { difference: d, low: d - Math.sqrt((kA / nA - lA) ** 2 + (uB - kB / nB) ** 2), high: d + Math.sqrt((uA - kA / nA) ** 2 + (kB / nB - lB) ** 2) };
}

const modes = [['a pass over events', false], ['journey states', true]] as const;

describe.each(modes)('compare periods from %s', (_name, states) => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-compare-'));
  const store = new SqliteStore(join(dir, 'waymark.db'));
  const config = withDefaults(parseConfig({}), dir, {});
  // The real clock (ingest corrects event times with it): drop-off is judged weeks after the last event either way.
  const app = createApp({ config, store, states, settleMs: 0, clientIp: () => '127.0.0.1' });
  const get = async (path: string) => {
    const res = await app.request(`http://collector.test${path}`, { headers: { authorization: `Bearer ${config.readToken}` } });
    return { status: res.status, json: await res.json() as any };
  };
  const periods = PERIODS;

  beforeAll(async () => {
    const sent = periodEvents();
    const r = await post({ url: 'http://collector.test', fetch: (u, i) => Promise.resolve(app.request(u, i)) }, batch(config.sites[0].writeKey, sent));
    expect(r.json).toMatchObject({ accepted: sent.length });
    if (states) await rebuildDirty(store, { timeoutMinutes: 30 });
  });
  afterAll(() => store.close());

  it('gives each stage both periods, the difference, its Newcombe interval and a flag', async () => {
    const { status, json } = await get(`/v1/journey-map?${periods}`);
    expect(status).toBe(200);
    const c = json.compare;
    expect(c).toMatchObject({ correction: 'bonferroni', level: 0.95, minCustomers: 10, a: { from: '2026-11-11T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' }, b: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-11T00:00:00.000Z' } });
    const stage = (s: string) => c.stages.find((x: any) => x.stage === s);
    const { after, before } = DESIGN;

    expect(stage('awareness').customers).toEqual({ a: PER_PERIOD, b: PER_PERIOD });
    expect(stage('awareness').conversion).toMatchObject({ a: 1, b: 1, difference: 0, flagged: false });
    expect(stage('awareness').medianTime).toMatchObject({ a: 5 * MIN, b: 5 * MIN, difference: 0, flagged: false });

    const consideration = stage('consideration');
    expect(consideration.customers).toEqual({ a: PER_PERIOD, b: PER_PERIOD });
    const expected = newcombe95(after.buyers, PER_PERIOD, before.buyers, PER_PERIOD);
    expect(consideration.conversion.a).toBeCloseTo(after.buyers / PER_PERIOD, 12);
    expect(consideration.conversion.b).toBeCloseTo(before.buyers / PER_PERIOD, 12);
    expect(consideration.conversion.difference).toBeCloseTo(expected.difference, 12);
    expect(consideration.conversion.low).toBeCloseTo(expected.low, 9);
    expect(consideration.conversion.high).toBeCloseTo(expected.high, 9);
    expect(consideration.conversion.flagged).toBe(true); // 75 % against 25 % clears even the corrected level
    // Everyone who bought took exactly their period's time: the medians are those times.
    expect(consideration.medianTime).toMatchObject({ a: after.minutesToBuy * MIN, b: before.minutesToBuy * MIN, difference: (after.minutesToBuy - before.minutesToBuy) * MIN });

    expect(stage('purchase').customers).toEqual({ a: after.buyers, b: before.buyers });
    // Those who did not buy dropped off (idle for weeks before a purchase): the rate is theirs.
    const dropOff = consideration.painPoints.find((p: any) => p.kind === 'drop_off');
    expect(dropOff).toMatchObject({ a: (PER_PERIOD - after.buyers) / PER_PERIOD, b: (PER_PERIOD - before.buyers) / PER_PERIOD });

    // The Bonferroni divisor: every cell with data on both sides.
    const cells = c.stages.flatMap((s: any) => [s.conversion, s.medianTime, s.emotion.explicit, s.emotion.inferred, ...s.painPoints]).filter(Boolean);
    expect(c.cells).toBe(cells.length);
    expect(c.flagLevel).toBeCloseTo(1 - 0.05 / cells.length, 12);
    // The map itself is still the first period's.
    expect(json.customers).toBe(PER_PERIOD);
  });

  it('compares on the overview and the funnels too, with the same numbers', async () => {
    const map = (await get(`/v1/journey-map?${periods}`)).json.compare;
    const overview = await get(`/v1/overview?${periods}`);
    expect(overview.status).toBe(200);
    expect(overview.json.compare).toEqual(map);
    expect(overview.json.customers).toBe(PER_PERIOD);
    expect(overview.json.perDay.map((d: any) => d.day)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-11-${11 + i}`));
    const funnel = await get(`/v1/funnels?steps=stage:consideration,stage:purchase&${periods}`);
    expect(funnel.status).toBe(200);
    expect(funnel.json.compare).toEqual(map);
    expect(funnel.json.steps[1].customers).toBe(DESIGN.after.buyers);
  });

  it('compares one segment with another (compareSegment), on the same period or another', async () => {
    const res = await app.request('http://collector.test/v1/segments', {
      method: 'POST', headers: { authorization: `Bearer ${config.readToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Buyers', definition: { reached: 'purchase' } }),
    });
    expect(res.status).toBe(201);
    const buyers = (await res.json() as any).id;
    const all = DESIGN.before.buyers + DESIGN.after.buyers;
    // Everyone (A) against the buyers (B), over both periods.
    const { status, json } = await get(`/v1/journey-map?compareSegment=${buyers}`);
    expect(status).toBe(200);
    const consideration = json.compare.stages.find((x: any) => x.stage === 'consideration');
    expect(consideration.customers).toEqual({ a: 2 * PER_PERIOD, b: all });
    const expected = newcombe95(all, 2 * PER_PERIOD, all, all);
    expect(consideration.conversion).toMatchObject({ a: all / (2 * PER_PERIOD), b: 1 });
    expect(consideration.conversion.low).toBeCloseTo(expected.low, 9);
    expect(consideration.conversion.high).toBeCloseTo(expected.high, 9);
    // A period and a segment at once: after's everyone against before's buyers.
    const both = (await get(`/v1/journey-map?${periods.replace('compareFrom', 'compareSegment=' + buyers + '&compareFrom')}`)).json.compare;
    expect(both.stages.find((x: any) => x.stage === 'consideration').customers).toEqual({ a: PER_PERIOD, b: DESIGN.before.buyers });
    const unknown = await get('/v1/overview?compareSegment=seg_0000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/compareSegment: no segment/);
  });

  it('answers without compare when no comparison is asked for', async () => {
    const { json } = await get('/v1/journey-map?from=2026-11-11&to=2026-11-20');
    expect(json.compare).toBeUndefined();
  });

  it.each([
    ['compareFrom alone', 'compareFrom=2026-11-01', /compareTo: give both compareFrom and compareTo/],
    ['compareTo alone', 'compareTo=2026-11-10', /compareFrom: give both/],
    ['a date that is none', 'compareFrom=2026-13-45&compareTo=2026-11-10', /compareFrom: must be a date/],
    ['words', 'compareFrom=last%20week&compareTo=2026-11-10', /compareFrom: must be a date/],
    ['the periods the wrong way round', 'compareFrom=2026-11-10&compareTo=2026-11-01', /compareFrom: must be before compareTo/],
    ['a time of day', 'from=2026-11-11T09:30:00Z&to=2026-11-20&compareFrom=2026-11-01&compareTo=2026-11-10', /must be dates \(2026-01-31\) or midnight UTC/],
  ])('answers 400 for %s, saying what to send', async (_what, query, message) => {
    for (const path of ['/v1/journey-map', '/v1/overview', '/v1/funnels?steps=stage:purchase&']) {
      const { status, json } = await get(`${path}${path.endsWith('&') ? '' : '?'}${query}`);
      expect(status).toBe(400);
      expect(json.error).toMatch(message);
    }
  });
});
