import { describe, expect, it } from 'vitest';
import { buildJourney } from '../journey/build-journey.js';
import type { JourneyEvent } from '../journey/event.js';
import { ev, T0 } from '../journey/test-events.js';
import { ActionSchema, type Action } from './schema.js';
import { journeyState } from '../journey/journey-state.js';
import { churnFirings, firings, inactiveFirings, summarise, summariseState } from './triggers.js';

const SECRET = `whsec_${btoa('0123456789abcdef0123456789abcdef')}`;
const action = (fields: Record<string, unknown>): Action => ActionSchema.parse({ id: 'a', url: 'https://crm.example/hook', secret: SECRET, ...fields });
const journeyOf = (events: JourneyEvent[], customerId = 'anon-1', userIds: string[] = []) =>
  buildJourney({ customerId, anonymousIds: ['anon-1'], userIds, events }, { asOf: T0 + 400 * 86_400_000 });
const BEFORE = new Date(T0 - 1).toISOString();

const shopper = [
  ev(0, { path: '/', id: 'p1' }),
  ev(2, { name: 'product_viewed', id: 'v1' }),
  ev(5, { name: 'checkout_started', id: 'c1' }),
  ev(6, { name: '$rage_click', id: 'r1', properties: { selector: 'button.pay', count: 5 } }),
  ev(8, { name: 'order_completed', id: 'o1' }),
  ev(9, { type: 'survey', url: 'https://shop.example/thanks', id: 's1', properties: { surveyId: 'post-purchase', instrument: 'csat', score: 1 } }),
];

describe('action firings', () => {
  const cases: { name: string; action: Record<string, unknown>; events?: JourneyEvent[]; since?: string; keys: string[] }[] = [
    { name: 'entering a stage, keyed by the event that made it', action: { on: 'stage.entered', stage: 'purchase' }, keys: ['purchase.entered.c1'] },
    { name: 'a stage never reached fires nothing', action: { on: 'stage.entered', stage: 'advocacy' }, keys: [] },
    { name: 'leaving a stage', action: { on: 'stage.left', stage: 'consideration' }, keys: ['consideration.left.c1'] },
    { name: 'a pain point of the kind', action: { on: 'painpoint', kind: 'rage_click' }, keys: ['rage_click.r1'] },
    { name: 'a pain point of another kind', action: { on: 'painpoint', kind: 'js_error' }, keys: [] },
    { name: 'a survey answered below a score', action: { on: 'survey.answered', below: 0 }, keys: ['survey.s1'] },
    { name: 'a survey answered, not above the score', action: { on: 'survey.answered', above: 0.5 }, keys: [] },
    { name: 'moments before `since` are history, not news', action: { on: 'stage.entered', stage: 'purchase' }, since: new Date(T0 + 6 * 60_000).toISOString(), keys: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const fired = firings([action(c.action)], journeyOf(c.events ?? shopper), c.since ?? BEFORE);
      expect(fired.map((f) => f.key)).toEqual(c.keys);
    });
  }

  it('carries the customer, the stage, the touchpoint and the journey summary', () => {
    const [f] = firings([action({ on: 'stage.entered', stage: 'purchase' })], journeyOf(shopper), BEFORE);
    expect(f.payload).toMatchObject({
      type: 'stage.entered', action: 'a', customerId: 'anon-1', stage: 'purchase',
      touchpoint: { id: 'c1', name: 'checkout_started' },
      journey: { currentStage: 'purchase', furthestStage: 'purchase', touchpoints: 6, painPoints: { rage_click: 1 } },
    });
    expect(f.payload.journey.emotion).toBeLessThan(0);
  });

  it('keeps naming a stage change by the event that made it when an event of the same millisecond arrives later', () => {
    // 'a0' sorts before 'c1' at the same instant and is still in consideration: it did not enter purchase.
    const sameInstant = ev(5, { path: '/products/shoe', id: 'a0' });
    const entered = action({ on: 'stage.entered', stage: 'purchase' });
    const left = action({ on: 'stage.left', stage: 'consideration' });
    for (const a of [entered, left]) {
      const before = firings([a], journeyOf(shopper), BEFORE);
      const after = firings([a], journeyOf([...shopper, sameInstant]), BEFORE);
      expect(after.map((f) => [f.key, f.payload.touchpoint?.id])).toEqual(before.map((f) => [f.key, 'c1']));
    }
  });

  it('gives a moment the same key after the customer identified (a new customer id)', () => {
    const a = action({ on: 'stage.entered', stage: 'consideration' });
    const before = firings([a], journeyOf(shopper.slice(0, 3)), BEFORE);
    const after = firings([a], journeyOf([...shopper, ev(10, { type: 'identify', userId: 'u-9', id: 'i1' })], 'u-9', ['u-9']), BEFORE);
    expect(after[0].customerId).toBe('u-9');
    expect(after.map((f) => f.key)).toEqual(before.map((f) => f.key));
  });

});

describe('moments of time passing, from the journey state', () => {
  const stateOf = (events: JourneyEvent[]) => journeyState(journeyOf(events), {});
  const lastSeen = new Date(T0 + 8 * 60_000).toISOString();

  it('fires `inactive` once a customer in the stage is quiet for the days, keyed by the last activity', () => {
    const a = action({ on: 'inactive', stage: 'purchase', days: 7 });
    const s = stateOf(shopper.slice(0, 5));
    expect(inactiveFirings([a], s, T0 + 6 * 86_400_000, BEFORE)).toEqual([]);
    const fired = inactiveFirings([a], s, T0 + 8 * 86_400_000, BEFORE);
    expect(fired.map((f) => [f.key, f.at])).toEqual([[`inactive@${lastSeen}`, new Date(T0 + 8 * 60_000 + 7 * 86_400_000).toISOString()]]);
    expect(fired[0].payload).toMatchObject({ stage: 'purchase', touchpoint: null, detail: { days: 7, lastSeen } });
    expect(inactiveFirings([action({ on: 'inactive', stage: 'onboarding', days: 7 })], s, T0 + 8 * 86_400_000, BEFORE)).toEqual([]);
    // Quiet since before the actions started: history, not news.
    expect(inactiveFirings([a], s, T0 + 30 * 86_400_000, new Date(T0 + 20 * 86_400_000).toISOString())).toEqual([]);
  });

  it.each([
    [0.81, 0.8, 1], [0.8, 0.8, 0], [0.2, 0.8, 0],
  ])('fires `churn_risk.above` at risk %f over threshold %f: %i, once per quiet spell', (probability, threshold, n) => {
    const a = action({ on: 'churn_risk.above', threshold });
    const s = stateOf(shopper);
    const risk = { customerId: s.customerId, probability, drivers: [{ text: 'last seen 20 days, +0.9' }] };
    const fired = churnFirings([a], s, risk, T0 + 20 * 86_400_000);
    expect(fired).toHaveLength(n);
    if (!n) return;
    expect(fired[0]).toMatchObject({ key: `churn_risk@${s.lastSeen}`, payload: { type: 'churn_risk.above', stage: s.currentStage, detail: { probability, threshold, drivers: ['last seen 20 days, +0.9'] } } });
    // Scored again a day later: the same moment.
    expect(churnFirings([a], s, risk, T0 + 21 * 86_400_000).map((f) => f.key)).toEqual([fired[0].key]);
  });

  it('summarises a state as the journey it was built from', () => {
    const j = journeyOf(shopper);
    expect(summariseState(journeyState(j, {}))).toEqual(summarise(j));
  });
});

describe('action configuration', () => {
  const errors = (fields: Record<string, unknown>) => {
    const r = ActionSchema.safeParse({ id: 'a', url: 'https://crm.example/hook', secret: SECRET, ...fields });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it.each([
    [{ on: 'stage.entered', stage: 'onboarding' }, []],
    [{ on: 'stage.entered', stage: 'shopping' }, ['stage: must be one of awareness, consideration, purchase, onboarding, retention, advocacy']],
    [{ on: 'birthday' }, ['on: must be one of stage.entered, stage.left, painpoint, survey.answered, inactive, churn_risk.above']],
    [{ on: 'survey.answered' }, [': needs below or above (a normalised score, -1..1)']],
    [{ on: 'survey.answered', below: 3 }, ['below: is a normalised score: -1..1']],
    [{ on: 'painpoint', kind: 'rage_click', secret: 'whsec_c2hvcnQ=' }, ['secret: is too short or not base64 (the key must decode to at least 24 bytes)']],
    [{ on: 'painpoint', kind: 'rage_click', secret: 'hunter2' }, ['secret: must be "whsec_" followed by base64']],
    [{ on: 'inactive', stage: 'retention', days: 30, url: 'ftp://x' }, ['url: must be an http(s) URL']],
  ])('%j → %j', (fields, expected) => {
    expect(errors(fields)).toEqual(expected);
  });
});
