import { describe, expect, it } from 'vitest';
import { buildJourney } from '../journey/build-journey.js';
import { journeyState, MAX_KEPT, type JourneyState } from '../journey/journey-state.js';
import { stitchIdentities } from '../journey/stitch-identities.js';
import { ev } from '../journey/test-events.js';
import type { JourneyEvent } from '../journey/event.js';
import { matchesSegment, parseDefinition, type SegmentDefinition } from './index.js';

/** One customer's state from their events, as the state worker builds it. */
function stateOf(events: JourneyEvent[], traits: Record<string, unknown> = {}): JourneyState {
  const [customer] = stitchIdentities(events);
  return journeyState(buildJourney(customer), traits);
}

const survey = (min: number, score: number) => ev(min, { type: 'survey', properties: { surveyId: 's', instrument: 'emotion5', score, label: 'x' } });

// A customer who came from a newsletter campaign, looked at pricing, bought, rage-clicked and
// answered two surveys (emotion5 4 and 2: +0.5 and −0.5, mean 0).
const buyer = stateOf([
  ev(0, { path: '/', utm: { source: 'news', medium: 'email', campaign: 'spring', term: null, content: null } as never }),
  ev(1, { path: '/pricing?plan=pro#top' }),
  ev(2, { name: 'order_completed' }),
  ev(3, { name: '$rage_click', properties: { selector: 'button.pay' } }),
  survey(4, 4),
  survey(5, 2),
], { plan: 'pro', seats: 5, nested: { a: 1 } });

// A visitor who only read the blog, directly, with no survey.
const reader = stateOf([ev(0, { anonymousId: 'anon-2', path: '/blog/post-1' })]);

describe('the journey state keeps what segments test', () => {
  it('event names, pages without query, the mean survey score', () => {
    expect(buyer.events).toEqual(['$rage_click', 'order_completed']);
    expect(buyer.visited).toEqual(['https://shop.example/', 'https://shop.example/pricing']);
    expect(buyer.surveyScore).toBeCloseTo(0, 10);
    expect(reader.surveyScore).toBeNull();
  });

  it(`keeps at most ${MAX_KEPT} distinct pages and event names`, () => {
    const many = stateOf(Array.from({ length: MAX_KEPT + 30 }, (_, i) => [ev(i * 2, { path: `/p${i}` }), ev(i * 2 + 1, { name: `e${i}` })]).flat());
    expect(many.visited).toHaveLength(MAX_KEPT);
    expect(many.events).toHaveLength(MAX_KEPT);
    expect(many.visited[0]).toBe('https://shop.example/p0');
  });
});

describe('matchesSegment', () => {
  const rows: [string, SegmentDefinition, boolean, boolean][] = [
    // name, definition, buyer matches, reader matches
    ['reached purchase', { reached: 'purchase' }, true, false],
    ['reached awareness (everyone has)', { reached: 'awareness' }, true, true],
    ['current stage awareness', { current: 'awareness' }, false, true],
    ['first-touch channel email', { channel: 'email' }, true, false],
    ['first-touch channel direct', { channel: 'direct' }, false, true],
    ['first-touch campaign', { campaign: 'spring' }, true, false],
    ['another campaign', { campaign: 'autumn' }, false, false],
    ['a trait, exact', { traits: { plan: 'pro' } }, true, false],
    ['a number trait compared as text', { traits: { seats: '5' } }, true, false],
    ['a trait with another value', { traits: { plan: 'free' } }, false, false],
    ['an object trait never matches', { traits: { nested: '[object Object]' } }, false, false],
    ['two traits, one wrong', { traits: { plan: 'pro', seats: '6' } }, false, false],
    ['did an event', { did: ['order_completed'] }, true, false],
    ['did two events, one missing', { did: ['order_completed', 'signed_up'] }, false, false],
    ['did not do an event', { didNot: ['order_completed'] }, false, true],
    ['did not do one never seen', { didNot: ['refund'] }, true, true],
    ['visited a path glob', { visited: ['/pricing*'] }, true, false],
    ['visited: query strings are ignored', { visited: ['/pricing'] }, true, false],
    ['visited a full-URL glob', { visited: ['https://shop.example/blog/*'] }, false, true],
    ['visited every glob listed', { visited: ['/pricing', '/blog/*'] }, false, false],
    ['met a pain point kind', { painPoint: 'rage_click' }, true, false],
    ['met another pain point kind', { painPoint: 'js_error' }, false, false],
    ['mean survey score in range', { score: { min: -0.2, max: 0.2 } }, true, false],
    ['mean survey score above the range', { score: { max: -0.1 } }, false, false],
    ['min only, inclusive', { score: { min: 0 } }, true, false],
    ['every condition must hold', { reached: 'purchase', channel: 'email', traits: { plan: 'pro' }, did: ['order_completed'], painPoint: 'rage_click' }, true, false],
    ['one of many failing fails all', { reached: 'purchase', channel: 'direct' }, false, false],
  ];
  it.each(rows)('%s', (_, d, buyerIn, readerIn) => {
    expect(matchesSegment(buyer, d)).toBe(buyerIn);
    expect(matchesSegment(reader, d)).toBe(readerIn);
  });

  it('drop-off is the caller\'s to say (it depends on now)', () => {
    expect(matchesSegment(reader, { painPoint: 'drop_off' })).toBe(false);
    expect(matchesSegment(reader, { painPoint: 'drop_off' }, true)).toBe(true);
  });

  it('a state of the older format (no events, pages or score kept) matches none of those conditions', () => {
    const old = { ...buyer } as Partial<JourneyState>;
    delete old.events; delete old.visited; delete old.surveyScore;
    expect(matchesSegment(old as JourneyState, { did: ['order_completed'] })).toBe(false);
    expect(matchesSegment(old as JourneyState, { didNot: ['order_completed'] })).toBe(true);
    expect(matchesSegment(old as JourneyState, { visited: ['/*'] })).toBe(false);
    expect(matchesSegment(old as JourneyState, { score: { min: -1 } })).toBe(false);
  });
});

describe('parseDefinition', () => {
  const bad: [string, unknown, string][] = [
    ['an unknown key', { reached: 'purchase', plan: 'pro' }, 'definition: unknown key "plan"; a definition holds any of reached'],
    ['a bad stage', { reached: 'buying' }, 'definition.reached: must be one of awareness, consideration'],
    ['a bad pain point kind', { painPoint: 'slow' }, 'definition.painPoint: must be one of rage_click'],
    ['score outside −1..1', { score: { min: -2 } }, 'definition.score.min: must be at least -1'],
    ['score min above max', { score: { min: 0.5, max: 0 } }, 'definition.score: min must not be above max'],
    ['score with neither bound', { score: {} }, 'definition.score: needs min, max or both'],
    ['a trait that is not text', { traits: { plan: 1 } }, 'definition.traits.plan:'],
    ['not an object', 'pro', 'definition: must be an object'],
    ['no condition', {}, 'definition: needs at least one condition'],
    ['an empty event list', { did: [] }, 'definition.did'],
  ];
  it.each(bad)('refuses %s with a message saying what to send', (_, raw, message) => {
    const r = parseDefinition(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('; ')).toContain(message);
  });

  it('accepts one name where a list goes, and keeps it as a list', () => {
    const r = parseDefinition({ did: 'order_completed', visited: ['/pricing*'] });
    expect(r).toEqual({ ok: true, definition: { did: ['order_completed'], visited: ['/pricing*'] } });
  });
});
