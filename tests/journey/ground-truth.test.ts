// Seed a population through the real ingest route, rebuild it through the read API, and
// compare with the generator's truth.
//
// Tolerance: none: every compared figure must match exactly. The generator keeps clear of the
// rules' edges on purpose (sessions are at least 45 min apart against a 30 min timeout, pages are
// never revisited within a session except for the loops it puts in, each stage's sessions only
// show pages the default rules put in that stage), and the only noise the ingest path adds, the
// milliseconds a batch spends in flight (skew correction), is far inside those margins. Drop-off
// depends on "now", so customers within 10 minutes of the 14-day boundary are not judged on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Journey } from '../../collector/src/journey/types.js';
import { seed, type SeedResult } from '../../collector/src/seed/seed.js';
import { httpSink } from '../../collector/src/seed/sinks.js';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';

const DAY = 86_400_000;
const PRE_PURCHASE = ['awareness', 'consideration'];

let c: InProcessCollector;
let truth: SeedResult;
const journeys = new Map<string, Journey>();
const api = async (path: string) => {
  const res = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${c.readToken}` } });
  expect(res.status, path).toBe(200);
  return res.json() as Promise<any>;
};

beforeAll(async () => {
  c = await serveCollector({ config: { limits: { eventsPerSecond: 1_000_000 } } });
  truth = await seed({ customers: 250, events: 5000, seed: 42 }, httpSink(c.url, c.writeKey));
  for (const t of truth.customers) journeys.set(t.customerId, await api(`/v1/customers/${encodeURIComponent(t.customerId)}/journey`));
}, 240_000);
afterAll(() => c?.close());

describe('reconstruction against the seed\'s ground truth', () => {
  it('finds exactly the customers the generator made', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api(`/v1/customers?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...page.customers.map((x: any) => x.customerId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids.sort()).toEqual(truth.customers.map((t) => t.customerId).sort());
    expect(truth.customers.some((t) => t.sharedDevice) || truth.customers.length < 100).toBe(true);
  });

  it('gives every customer their anonymous ids, user ids and event count', () => {
    const wrong = truth.customers.filter((t) => {
      const j = journeys.get(t.customerId)!;
      return j.anonymousIds.join() !== [...t.anonymousIds].sort().join() || j.userIds.join() !== t.userIds.join() || j.touchpoints.length !== t.events;
    });
    expect(wrong.map((t) => t.customerId)).toEqual([]);
  });

  it('recovers the furthest and current stage of every customer', () => {
    const wrong = truth.customers
      .map((t) => ({ id: t.customerId, want: `${t.furthestStage}/${t.currentStage}`, got: `${journeys.get(t.customerId)!.furthestStage}/${journeys.get(t.customerId)!.currentStage}` }))
      .filter((x) => x.want !== x.got);
    expect(wrong).toEqual([]);
  });

  it('recovers every customer\'s number of sessions and first-touch channel', () => {
    const wrong = truth.customers
      .map((t) => ({ id: t.customerId, want: `${t.sessions} ${t.firstChannel}`, got: `${journeys.get(t.customerId)!.sessions.length} ${journeys.get(t.customerId)!.sessions[0].channel}` }))
      .filter((x) => x.want !== x.got);
    expect(wrong).toEqual([]);
  });

  it('recovers every pain point the generator put in, by kind, and drop-off from inactivity', () => {
    const now = Date.now();
    const wrong = truth.customers.flatMap((t) => {
      const j = journeys.get(t.customerId)!;
      const got: Record<string, number> = {};
      for (const p of j.painPoints) if (p.kind !== 'drop_off') got[p.kind] = (got[p.kind] ?? 0) + 1;
      const out = [];
      const sort = (o: object) => JSON.stringify(Object.entries(o).sort());
      if (sort(got) !== sort(t.painPoints)) out.push({ id: t.customerId, want: t.painPoints, got });
      const idle = now - t.lastAt;
      if (Math.abs(idle - 14 * DAY) > 10 * 60_000) {
        const dropped = PRE_PURCHASE.includes(t.furthestStage) && idle > 14 * DAY;
        if (dropped !== j.painPoints.some((p) => p.kind === 'drop_off')) out.push({ id: t.customerId, want: { drop_off: dropped }, got: {} });
      }
      return out;
    });
    expect(wrong).toEqual([]);
    // The comparison means something only if the population has each kind.
    const kinds = new Set(truth.customers.flatMap((t) => Object.keys(t.painPoints)));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['dead_click', 'loop', 'negative_survey', 'rage_click', 'slow_page']));
  });

  it('counts the same customers per furthest stage in the journey map', async () => {
    const map = await api('/v1/journey-map');
    expect(map.customers).toBe(truth.customers.length);
    const order = ['awareness', 'consideration', 'purchase', 'onboarding', 'retention', 'advocacy'];
    for (const s of map.stages) {
      const reached = truth.customers.filter((t) => order.indexOf(t.furthestStage) >= order.indexOf(s.stage)).length;
      expect(s.customers, s.stage).toBe(reached);
    }
  });
});
