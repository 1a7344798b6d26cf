import { describe, expect, it } from 'vitest';
import { buildJourney } from './build-journey.js';
import type { JourneyEvent } from './event.js';
import { matchesFilters, type JourneyFilters } from './filters.js';
import { createFlowsAccumulator, flows, type FlowsOptions } from './flows.js';
import { createFunnelAccumulator, funnel, type FunnelOptions } from './funnel.js';
import { createJourneyMapAccumulator, journeyMap } from './journey-map.js';
import { OptionError } from './option-error.js';
import { stitchIdentities } from './stitch-identities.js';
import { DAY, ev, MIN, T0 } from './test-events.js';
import type { Journey } from './types.js';

/** One journey per anonymous id from `[minute, path-or-event]` steps. */
function journeys(people: Record<string, [number, string, Partial<JourneyEvent>?][]>): Journey[] {
  const events = Object.entries(people).flatMap(([anon, steps]) => steps.map(([min, what, extra]) =>
    ev(min, { anonymousId: anon, ...(what.startsWith('/') ? { path: what } : { name: what, url: null }), ...extra })));
  return stitchIdentities(events).map((c) => buildJourney(c, { asOf: T0 + 60 * DAY }));
}

const population = journeys({
  ann: [[0, '/', { referrer: 'https://www.google.com/' }], [1, '/pricing'], [2, '/checkout'], [3, 'order_completed', { url: 'https://shop.example/checkout/done' }], [4, '/onboarding/1']],
  ben: [[0, '/', { utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } }], [1, '/pricing'], [3, '$rage_click', { url: 'https://shop.example/pricing' }]],
  cat: [[0, '/blog'], [10, '/pricing'], [15, '/blog'], [20, '/pricing']],
  dan: [[0, '/blog', { referrer: 'https://www.google.com/' }], [60 * 24, '/pricing'], [60 * 24 + 5, '/checkout'], [60 * 24 + 6, 'order_completed', { url: 'https://shop.example/checkout/done' }]],
});

describe('journeyMap', () => {
  it('counts customers per stage, conversion to the next stage and median time to it', () => {
    const m = journeyMap(population);
    const rows = m.stages.map((s) => `${s.stage}: ${s.customers} reached, ${s.converted} on, conv ${s.conversion}, median ${s.medianTimeToNextMs === null ? '-' : s.medianTimeToNextMs / MIN} min`);
    expect(m.customers).toBe(4);
    expect(rows).toEqual([
      'awareness: 4 reached, 4 on, conv 1, median 5.5 min', // 1, 1, 10 and 1440 minutes
      'consideration: 4 reached, 2 on, conv 0.5, median 3 min', // ann 1, dan 5
      'purchase: 2 reached, 1 on, conv 0.5, median 2 min', // ann 2; dan stops at purchase
      'onboarding: 1 reached, 0 on, conv 0, median - min',
      'retention: 0 reached, 0 on, conv null, median - min',
      'advocacy: 0 reached, 0 on, conv null, median - min',
    ]);
  });

  it('lists top touchpoints, actions, channels and pain points per stage, and emotion apart by source', () => {
    const consideration = journeyMap(population).stages[1];
    expect(consideration.touchpoints[0]).toEqual({ key: '/pricing', count: 5 });
    expect(consideration.actions).toEqual([{ key: '$rage_click', count: 1 }]);
    expect(consideration.channels).toEqual([
      { key: 'direct', count: 2 }, { key: 'email', count: 1 }, { key: 'organic_search', count: 1 },
    ]);
    expect(consideration.painPoints).toEqual([{ key: 'drop_off', count: 2 }, { key: 'loop', count: 2 }, { key: 'rage_click', count: 1 }]);
    expect(consideration.emotion).toEqual({ average: -0.6, explicit: { average: null, count: 0 }, inferred: { average: -0.6, count: 1 } });
  });

  it('gives the same result added one journey at a time as all at once', () => {
    const acc = createJourneyMapAccumulator();
    for (const j of population) acc.add(j);
    expect(acc.result()).toEqual(journeyMap(population));
  });
});

describe('flows', () => {
  const links = (r: ReturnType<typeof flows>) => r.links.map((l) => `${l.source} → ${l.target}: ${l.count}`);

  it('links stages step by step, with drop-off where paths end', () => {
    const r = flows(population, { level: 'stage', steps: 3 });
    expect(r.customers).toBe(4);
    expect(links(r)).toEqual([
      '0:awareness → 1:consideration: 4',
      '1:consideration → 2:(drop-off): 2',
      '1:consideration → 2:purchase: 2',
    ]);
    expect(r.nodes.find((n) => n.id === '2:purchase')?.count).toBe(2);
  });

  it('starts from a given page and keeps repeats apart from reloads', () => {
    const r = flows(population, { level: 'page', start: '/pricing', steps: 3 });
    expect(r.customers).toBe(4);
    expect(new Set(links(r))).toEqual(new Set([
      '0:/pricing → 1:/checkout: 2', '0:/pricing → 1:(drop-off): 1', '0:/pricing → 1:/blog: 1',
      '1:/checkout → 2:/onboarding/1: 1', '1:/checkout → 2:(drop-off): 1', '1:/blog → 2:/pricing: 1',
    ]));
  });

  it('merges small labels into (other)', () => {
    const r = flows(population, { level: 'page', steps: 1, maxNodesPerStep: 1 });
    // First pages: / (ann, ben) and /blog (cat, dan) tie at 2; the tie goes to the smaller label.
    expect(r.nodes.map((n) => `${n.id} ${n.count}`)).toEqual(['0:(other) 2', '0:/ 2']);
  });

  it('explains bad options', () => {
    expect(() => flows([], { level: 'screen' as 'page', steps: 3 })).toThrow(/level must be "stage" or "page"/);
    expect(() => flows([], { level: 'page', steps: 0 })).toThrow(/steps must be a whole number from 1 to 50/);
    expect(() => flows([], { level: 'page', steps: 0 })).toThrow(OptionError); // the caller's to fix: a 400, not a 500
  });
});

describe('funnel', () => {
  const run = (opts: FunnelOptions) => funnel(population, opts).steps.map((s) =>
    `${s.value}${s.optional ? '?' : ''}: ${s.customers} (conv ${s.conversion}, drop ${s.dropOff}${s.droppedCustomerIds.length ? ` ${s.droppedCustomerIds.join(',')}` : ''}${s.medianTimeMs === null ? '' : `, ${s.medianTimeMs / MIN} min`})`);

  it.each<[string, FunnelOptions, string[]]>([
    ['loose: steps in order with anything between',
      { steps: [{ kind: 'page', value: '/' }, { kind: 'page', value: '/pricing' }, { kind: 'event', value: 'order_completed' }] },
      ['/: 2 (conv 1, drop 0)', '/pricing: 2 (conv 1, drop 0, 1 min)', 'order_completed: 1 (conv 0.5, drop 1 ben, 2 min)']],
    ['a conversion window cuts slow customers',
      { steps: [{ kind: 'page', value: '/blog' }, { kind: 'stage', value: 'purchase' }], windowMs: 60 * MIN },
      ['/blog: 2 (conv 1, drop 0)', 'purchase: 0 (conv 0, drop 2 cat,dan)']],
    ['without a window they convert',
      { steps: [{ kind: 'page', value: '/blog' }, { kind: 'stage', value: 'purchase' }] },
      ['/blog: 2 (conv 1, drop 0)', 'purchase: 1 (conv 0.5, drop 1 cat, 1445 min)']],
    ['an optional step is counted but does not block',
      { steps: [{ kind: 'stage', value: 'consideration' }, { kind: 'page', value: '/checkout', optional: true }, { kind: 'event', value: 'order_completed' }] },
      ['consideration: 4 (conv 1, drop 0)', '/checkout?: 2 (conv 0.5, drop 0, 3 min)', 'order_completed: 2 (conv 0.5, drop 2 ben,cat, 1 min)']],
    ['strict: another required step in between breaks the path',
      { steps: [{ kind: 'page', value: '/blog' }, { kind: 'page', value: '/checkout' }, { kind: 'page', value: '/pricing' }], strict: true },
      ['/blog: 2 (conv 1, drop 0)', '/checkout: 0 (conv 0, drop 2 cat,dan)', '/pricing: 0 (conv 0, drop 0)']],
    ['loose: the same funnel lets the path through',
      { steps: [{ kind: 'page', value: '/blog' }, { kind: 'page', value: '/checkout' }] },
      ['/blog: 2 (conv 1, drop 0)', '/checkout: 1 (conv 0.5, drop 1 cat, 1445 min)']],
    ['page globs match the path',
      { steps: [{ kind: 'page', value: '/check*' }] },
      ['/check*: 2 (conv 1, drop 0)']],
    ['the best attempt counts when the first step repeats',
      { steps: [{ kind: 'page', value: '/blog' }, { kind: 'page', value: '/pricing' }], windowMs: 6 * MIN },
      ['/blog: 2 (conv 1, drop 0)', '/pricing: 1 (conv 0.5, drop 1 dan, 5 min)']],
  ])('%s', (_name, opts, expected) => {
    expect(run(opts)).toEqual(expected);
  });

  it('explains bad steps', () => {
    expect(() => funnel([], { steps: [] })).toThrow(/at least one step/);
    expect(() => funnel([], { steps: [{ kind: 'page', value: '/', optional: true }] })).toThrow(/first step cannot be optional/);
    expect(() => funnel([], { steps: [{ kind: 'stage', value: 'buying' }] })).toThrow(/must be one of awareness/);
    expect(() => funnel([], { steps: [{ kind: 'click' as 'page', value: 'x' }] })).toThrow(/kind must be "event", "page", "stage" or "channel"/);
    expect(() => funnel([], { steps: [] })).toThrow(OptionError);
  });
});

describe('off-site touchpoints in the aggregates (emails, support, store orders)', () => {
  const mail = (name: string) => ({ channel: 'email', url: null, name });
  const support = { channel: 'support', url: null };
  const people = journeys({
    eve: [[0, '/'], [1, '/pricing'], [2, '/checkout'], [3, 'order_completed', { url: 'https://shop.example/checkout/done' }],
      [4, 'order_confirmation', mail('order_confirmation')], [60 * 24, 'ticket_opened', support]],
    fay: [[0, '/'], [5, 'ticket_opened', support], [10, '/pricing']],
    gus: [[0, '/']],
  });

  it('journey map: a row of their own per stage (`channel: name`), never among the pages', () => {
    const m = journeyMap(people);
    expect(m.stages.map((s) => `${s.stage}: ${s.offSite.map((c) => `${c.key} ${c.count}`).join(', ')}`)).toEqual([
      'awareness: support: ticket_opened 1', 'consideration: ', 'purchase: email: order_confirmation 1, support: ticket_opened 1',
      'onboarding: ', 'retention: ', 'advocacy: ',
    ]);
    expect(m.stages.flatMap((s) => s.touchpoints.map((c) => c.key)).every((k) => k.startsWith('/'))).toBe(true);
    expect(m.stages[2].channels).toEqual([{ key: 'direct', count: 1 }, { key: 'email', count: 1 }, { key: 'support', count: 1 }]);
  });

  it('flows: a step of the page-level path, its node marked off-site', () => {
    const r = flows(people, { level: 'page', steps: 3 });
    expect(r.nodes.map((n) => `${n.id} ${n.count}${n.offSite ? ' off-site' : ''}`).sort()).toEqual([
      '0:/ 3', '1:(drop-off) 1', '1:/pricing 1', '1:support: ticket_opened 1 off-site', '2:/checkout 1', '2:/pricing 1',
    ]);
    expect(flows(people, { level: 'page', start: '/checkout', steps: 3 }).nodes.map((n) => n.label)).toEqual(['/checkout', 'email: order_confirmation', 'support: ticket_opened']);
    // Parallel passes merge their states: the off-site marks travel with them.
    const a = createFlowsAccumulator({ level: 'page', steps: 3 });
    const b = createFlowsAccumulator({ level: 'page', steps: 3 });
    a.add(people[0]); b.add(people[1]); b.add(people[2]);
    a.merge(structuredClone(b.state()));
    expect(a.result()).toEqual(r);
  });

  it('funnels: a step may name a channel', () => {
    const r = funnel(people, { steps: [{ kind: 'page', value: '/' }, { kind: 'channel', value: 'support' }] });
    expect(r.steps.map((s) => `${s.kind}:${s.value} ${s.customers} drop ${s.droppedCustomerIds.join(',')}`)).toEqual(['page:/ 3 drop ', 'channel:support 2 drop gus']);
  });
});

describe('merging accumulators (what parallel passes do)', () => {
  // Each split hands one part of the population to a second accumulator whose state crosses a
  // structured clone, as it does from a worker thread; the merge must equal one pass over all.
  const splits: [string, (j: Journey, i: number) => boolean][] = [
    ['halves', (_j, i) => i < 2],
    ['alternate customers', (_j, i) => i % 2 === 0],
    ['everything in one part', () => true],
    ['everything in the other part', () => false],
  ];
  const flowOpts: FlowsOptions = { level: 'page', steps: 4, maxNodesPerStep: 2 };
  const funnelOpts: FunnelOptions = { steps: [{ kind: 'page', value: '/blog' }, { kind: 'page', value: '/pricing' }, { kind: 'stage', value: 'purchase' }], maxDroppedIds: 1 };
  const kinds = [
    ['journey map', () => createJourneyMapAccumulator()],
    ['flows', () => createFlowsAccumulator(flowOpts)],
    ['funnel', () => createFunnelAccumulator(funnelOpts)],
  ] as const;

  for (const [kind, make] of kinds) {
    it.each(splits)(`${kind}: %s`, (_name, first) => {
      const whole = make(), a = make(), b = make();
      population.forEach((j, i) => { whole.add(j); (first(j, i) ? a : b).add(j); });
      (a.merge as (s: unknown) => void)(structuredClone(b.state()));
      expect(a.result()).toEqual(whole.result());
    });
  }

  it('lists the first maxDroppedIds dropped customers in id order, whatever order they came in', () => {
    const opts: FunnelOptions = { steps: [{ kind: 'stage', value: 'consideration' }, { kind: 'event', value: 'order_completed' }], maxDroppedIds: 1 };
    const forward = createFunnelAccumulator(opts), backward = createFunnelAccumulator(opts);
    population.forEach((j) => forward.add(j));
    [...population].reverse().forEach((j) => backward.add(j));
    expect(backward.result()).toEqual(forward.result());
    expect(forward.result().steps[1]).toMatchObject({ dropOff: 2, droppedCustomerIds: ['ben'] }); // ben and cat dropped
  });
});

describe('matchesFilters', () => {
  const ids = (f: JourneyFilters) => population.filter((j) => matchesFilters(j, f)).map((j) => j.customerId);
  it.each<[string, JourneyFilters, string[]]>([
    ['no filter keeps everyone', {}, ['ann', 'ben', 'cat', 'dan']],
    ['first-touch channel', { firstChannel: 'organic_search' }, ['ann', 'dan']],
    ['first-touch campaign', { firstCampaign: 'spring' }, ['ben']],
    ['stage reached', { stageReached: 'purchase' }, ['ann', 'dan']],
    ['site', { siteId: 'shop' }, ['ann', 'ben', 'cat', 'dan']],
    ['another site', { siteId: 'blog' }, []],
    ['date range: activity inside it', { from: T0 + DAY, to: T0 + 2 * DAY }, ['dan']],
    ['date range: a session spanning it without a touchpoint inside does not count', { from: T0 + MIN, to: T0 + 2 * MIN }, ['ann', 'ben']],
    ['date range: open-ended', { from: T0 + 5 * MIN }, ['cat', 'dan']],
  ])('%s', (_name, f, expected) => {
    expect(ids(f)).toEqual(expected);
  });
});
