import { describe, expect, it } from 'vitest';
import { storageIds } from '../ingest/normalise.js';
import { createPass, type PassSpec } from '../read/journey-pass.js';
import { journeysOf, type ScannedJourney } from '../read/scan-journeys.js';
import { sentByServer } from '../seed/sinks.js';
import { simulate } from '../simulate/index.js';
import type { StoredEvent } from '../store/store.js';
import { SERVER_FLAG, toJourneyRow } from './event.js';
import type { JourneyFilters } from './filters.js';
import type { FunnelOptions } from './funnel.js';
import {
  foldJourneyMap, foldOverview, foldStageFlows, foldStageFunnel, isStageFunnel, journeyState, stateMatches, statesCanFilter, type JourneyState,
} from './journey-state.js';
import { createMapLabels, createMapTally, mapPart } from './map-tally.js';
import type { JourneyMapResult } from './types.js';
import { DAY, ev, MIN, T0 } from './test-events.js';

const NOW = Date.UTC(2026, 5, 1);

/** A simulated population as a full pass sees it, and the state of each of its journeys. */
function population(people: number, seed: number) {
  const rows = [];
  for (const p of simulate({ people, seed, now: NOW, days: 120 })) {
    for (const { event: e } of p.events) {
      const stored: StoredEvent = {
        id: e.id, siteId: seed % 2 && e.id < '8' ? 'blog' : 'shop', type: e.type, name: e.name ?? null, ...storageIds(e, sentByServer(e)),
        userId: e.userId ?? null, at: Date.parse(e.timestamp), receivedAt: Date.parse(e.timestamp), flags: sentByServer(e) ? [SERVER_FLAG] : [], event: e,
      };
      rows.push(toJourneyRow(stored));
    }
  }
  const full = journeysOf(rows, { asOf: NOW });
  const states = journeysOf(rows, {}).map((s) => journeyState(s.journey, s.traits));
  return { full, states };
}

function pass(spec: PassSpec, journeys: ScannedJourney[]) {
  const p = createPass(spec);
  for (const j of journeys) p.add(j);
  return p.result();
}

const filterCases: JourneyFilters[] = [
  {},
  { siteId: 'blog' },
  { firstChannel: 'organic_search' },
  { firstChannel: 'email', stageReached: 'purchase' },
  { stageReached: 'consideration' },
  { from: NOW - 30 * DAY },
  { from: NOW - 60 * DAY, to: NOW - 30 * DAY },
  { to: NOW - 90 * DAY, siteId: 'shop' },
  // Segments: the same customers from a state as from the journey it was built from.
  { segment: { reached: 'consideration', painPoint: 'drop_off' } },
  { segment: { visited: ['/pricing*'], didNot: ['order_completed'] }, siteId: 'shop' },
  { segment: { did: ['order_completed'], score: { max: 0.2 } } },
  { segment: { current: 'retention', channel: 'organic_search' }, from: NOW - 60 * DAY },
];

const funnelCases: FunnelOptions[] = [
  { steps: [{ kind: 'stage', value: 'awareness' }, { kind: 'stage', value: 'consideration' }, { kind: 'stage', value: 'purchase' }] },
  { steps: [{ kind: 'stage', value: 'consideration' }, { kind: 'stage', value: 'purchase' }], windowMs: 2 * DAY },
  { steps: [{ kind: 'stage', value: 'awareness' }, { kind: 'stage', value: 'purchase', optional: true }, { kind: 'stage', value: 'retention' }], strict: true, windowMs: 30 * DAY },
  { steps: [{ kind: 'stage', value: 'consideration' }, { kind: 'stage', value: 'awareness' }], windowMs: 7 * DAY, strict: true },
];

describe('journey states give what a full pass over journeys gives', () => {
  for (const seed of [1, 2, 3]) {
    const { full, states } = population(250, seed);
    it(`seed ${seed}: overview (customer list and map)`, () => {
      expect(foldOverview(states, NOW)).toEqual(pass({ kind: 'overview' }, full));
    });
    it(`seed ${seed}: journey map under every filter the UI offers`, () => {
      for (const f of filterCases) expect(foldJourneyMap(states, NOW, f), JSON.stringify(f)).toEqual(pass({ kind: 'map', filters: f }, full));
    });
    it(`seed ${seed}: stage flows`, () => {
      for (const f of filterCases.slice(0, 4)) {
        for (const flows of [{ level: 'stage' as const, steps: 5 }, { level: 'stage' as const, steps: 3, start: 'consideration' }]) {
          expect(foldStageFlows(states, flows, f)).toEqual(pass({ kind: 'flows', flows, filters: f }, full));
        }
      }
    });
    it(`seed ${seed}: a map tally kept through additions, replacements and erasures equals a fold of the states left`, () => {
      // Other journeys of the same customers: the later population's, under the first one's ids.
      const later = population(250, seed + 10);
      const labels = createMapLabels();
      const tally = createMapTally(labels);
      const part = (st: JourneyState) => mapPart(st, labels);
      const kept = new Map(states.map((st, k) => [st.customerId, { st, journey: full[k] }]));
      for (const st of states) tally.add(part(st));
      later.states.forEach((next, k) => {
        const id = states[k % states.length].customerId;
        const old = kept.get(id);
        if (old) tally.remove(part(old.st));
        if (k % 3 === 0) { kept.delete(id); return; } // erased
        const st = { ...next, customerId: id };
        tally.add(part(st));
        kept.set(id, { st, journey: later.full[k] });
      });
      const left = [...kept.values()];
      expect(left.length).toBeGreaterThan(100);
      for (const asOf of [NOW, undefined]) expect(tally.result(asOf)).toEqual(foldJourneyMap(left.map((x) => x.st), asOf));
      expect(tally.result(NOW)).toEqual(pass({ kind: 'map', filters: {} }, left.map((x) => x.journey)));
    });
    it(`seed ${seed}: stage funnels, windows and strict order included`, () => {
      for (const f of filterCases.slice(0, 3)) {
        for (const funnel of funnelCases) expect(foldStageFunnel(states, funnel, f), JSON.stringify(funnel)).toEqual(pass({ kind: 'funnel', funnel, filters: f }, full));
      }
    });
  }
});

describe('journeyState', () => {
  const [j] = journeysOf([
    ev(0, { path: '/', utm: { source: 'news', medium: 'email', campaign: 'spring' } }),
    ev(1, { path: '/pricing' }),
    ev(2, { name: '$rage_click', url: 'https://shop.example/pricing' }),
    ev(3, { name: 'order_completed', url: 'https://shop.example/checkout/done' }),
    ev(2 * 24 * 60, { type: 'track', name: 'ticket_opened', channel: 'support', url: null, flags: [SERVER_FLAG], userId: null }),
  ].map((e) => ({ ...e, traits: null })), {});
  const s = journeyState(j.journey, j.traits);

  it('keeps the stage timeline with each entry\'s touchpoints and times', () => {
    expect(s.stages.map((r) => [r.stage, r.enteredAt - T0, r.touchpoints, r.offsets])).toEqual([
      ['awareness', 0, 1, [0]], ['consideration', MIN, 2, [0, MIN]], ['purchase', 3 * MIN, 2, [0, 2 * DAY - 3 * MIN]],
    ]);
    expect([s.currentStage, s.furthestStage, s.touchpoints, s.painPoints]).toEqual(['purchase', 'purchase', 5, 1]);
  });

  it('keeps channels, off-site ones included, the first touch and the active days', () => {
    expect(s.channels).toEqual(['email', 'support']);
    expect(s.firstTouch?.campaign).toBe('spring');
    expect(s.days).toEqual([T0 / DAY | 0, (T0 + 2 * DAY) / DAY | 0].map(Math.floor));
    expect(s.perStage.purchase?.offSite).toEqual({ 'support: ticket_opened': 1 });
    expect(s.perStage.consideration?.painPoints).toEqual({ rage_click: 1 });
  });

  const day = (d: number) => Math.floor(T0 / DAY) * DAY + d * DAY;
  it.each<[string, JourneyFilters, boolean]>([
    ['the day of the first touchpoint', { from: day(0), to: day(1) }, true],
    ['a day with no touchpoint', { from: day(1), to: day(2) }, false],
    ['the day of the support ticket', { from: day(2) }, true],
    ['before everything', { to: day(0) }, false],
    ['another campaign', { firstCampaign: 'autumn' }, false],
    ['reached purchase', { stageReached: 'purchase' }, true],
    ['reached retention', { stageReached: 'retention' }, false],
  ])('filters: %s', (_, f, expected) => {
    expect(statesCanFilter(f)).toBe(true);
    expect(stateMatches(s, f)).toBe(expected);
  });

  it('answers from states only whole-day ranges and funnels of distinct stages', () => {
    expect(statesCanFilter({ from: day(0) + 1 })).toBe(false);
    expect(isStageFunnel({ steps: [{ kind: 'stage', value: 'awareness' }, { kind: 'stage', value: 'awareness' }] })).toBe(false);
    expect(isStageFunnel({ steps: [{ kind: 'stage', value: 'awareness' }, { kind: 'page', value: '/pricing' }] })).toBe(false);
  });

  it('names a page by the title most customers saw last, whatever order they come in', () => {
    const customer = (anon: string, title: string) => journeysOf([ev(0, { anonymousId: anon, path: '/p', title })].map((e) => ({ ...e, traits: null })), {})[0];
    const all = [customer('a', 'Old name'), customer('b', 'New name'), customer('c', 'New name')];
    for (const order of [all, [...all].reverse()]) {
      const titles = (m: unknown) => (m as JourneyMapResult).stages[0].pageTitles;
      expect(titles(pass({ kind: 'map', filters: {} }, order))).toEqual({ '/p': 'New name' });
      expect(titles(foldJourneyMap(order.map((x) => journeyState(x.journey, x.traits))))).toEqual({ '/p': 'New name' });
    }
  });

  it('puts each emotion point in its touchpoint\'s stage, in whatever order a journey lists the points', () => {
    const { full } = population(60, 4);
    const withEmotion = full.filter((x) => x.journey.emotion.length > 1 && new Set(x.journey.touchpoints.map((t) => t.stage)).size > 1);
    expect(withEmotion.length).toBeGreaterThan(5);
    for (const { journey, traits } of withEmotion) {
      const stageOf = new Map(journey.touchpoints.map((t) => [t.id, t.stage]));
      const expected: Record<string, number[]> = {};
      for (const p of journey.emotion) {
        const sum = (expected[`${stageOf.get(p.touchpointId)} ${p.source === 'explicit' ? 'explicit' : 'inferred'}`] ??= [0, 0]);
        sum[0] += Math.round(p.score * 1e6);
        sum[1]++;
      }
      for (const emotion of [journey.emotion, [...journey.emotion].reverse()]) {
        const st = journeyState({ ...journey, emotion }, traits);
        const got: Record<string, number[]> = {};
        for (const [stage, c] of Object.entries(st.perStage)) {
          if (c.explicit[1]) got[`${stage} explicit`] = c.explicit;
          if (c.inferred[1]) got[`${stage} inferred`] = c.inferred;
        }
        expect(got).toEqual(expected);
      }
    }
  });

  it('adds drop-off for the fold\'s "now", not for when the state was built', () => {
    const idle: JourneyState = { ...s, currentStage: 'consideration', perStage: {} };
    expect(foldJourneyMap([idle], Date.parse(s.lastSeen) + 13 * DAY).stages[1].painPoints).toEqual([]);
    expect(foldJourneyMap([idle], Date.parse(s.lastSeen) + 15 * DAY).stages[1].painPoints).toEqual([{ key: 'drop_off', count: 1 }]);
    expect(foldOverview([idle], Date.parse(s.lastSeen) + 15 * DAY).list[0].painPoints).toBe(s.painPoints + 1);
  });
});
