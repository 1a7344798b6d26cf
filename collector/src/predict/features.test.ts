import { describe, expect, it } from 'vitest';
import { buildJourney, stitchIdentities, type JourneyEvent } from '../journey/index.js';
import { DAY, ev, MIN, T0 } from '../journey/test-events.js';
import { customerFeatures, FEATURE_NAMES, journeyAt } from './features.js';
import { eligibleStage, journeyOutcome } from './outcomes.js';
import { DEFAULT_PREDICTION_SETTINGS as S } from './outcomes.js';

const journeyOf = (events: JourneyEvent[], asOf: number) => buildJourney(stitchIdentities(events)[0], { asOf });
const named = (f: number[] | null) => Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, f![i]]));
const m = (days: number, minutes = 0) => days * 24 * 60 + minutes;

// A customer who browses, buys on day 2 with rage clicks at checkout, and writes to support; then
// comes back on day 20 (after the cut-off at day 10).
const before: JourneyEvent[] = [
  ev(m(0), { path: '/products/shoe-1', sessionId: 's1' }),
  ev(m(0, 1), { name: 'product_viewed', url: 'https://shop.example/products/shoe-1', sessionId: 's1' }),
  ev(m(2), { path: '/checkout', sessionId: 's2' }),
  ev(m(2, 1), { name: '$rage_click', url: 'https://shop.example/checkout', properties: { selector: 'button.pay', clicks: 3 }, sessionId: 's2' }),
  ev(m(2, 2), { name: '$rage_click', url: 'https://shop.example/checkout', properties: { selector: 'button.pay', clicks: 3 }, sessionId: 's2' }),
  ev(m(2, 3), { type: 'identify', userId: 'u1', sessionId: 's2' }),
  ev(m(2, 4), { name: 'order_completed', userId: 'u1', url: 'https://shop.example/checkout/thanks', sessionId: 's2' }),
  ev(m(3), { name: 'ticket_opened', userId: 'u1', anonymousId: 'u1', channel: 'support', url: null, flags: ['server'], sessionId: '' }),
];
const after: JourneyEvent[] = [
  ev(m(20), { path: '/account', userId: 'u1', sessionId: 's3' }),
  ev(m(20, 1), { name: '$rage_click', url: 'https://shop.example/account', properties: { selector: 'a', clicks: 3 }, userId: 'u1', sessionId: 's3' }),
  ev(m(20, 2), { type: 'survey', userId: 'u1', properties: { surveyId: 'x', instrument: 'emotion5', score: 1, label: 'very unhappy', trigger: { eventId: 'e', name: 'page' } }, sessionId: 's3' }),
];
const cutoff = T0 + 10 * DAY;

describe('customer features at a cut-off', () => {
  it('reads stage, recency, sessions, pain points by kind and support contacts', () => {
    const f = named(customerFeatures(journeyOf(before, T0 + 11 * DAY), cutoff));
    expect(f.stage_purchase + f.stage_onboarding + f.stage_retention).toBe(1);
    expect(f.days_since_last).toBeCloseTo(7, 1);
    expect(f.days_since_first).toBeCloseTo(10, 1);
    expect(f.rage_click).toBe(2);
    expect(f.pain_at_checkout).toBeGreaterThanOrEqual(2);
    expect(f.support_contacts).toBe(1);
    expect(f.sessions).toBe(2);
    expect(f.sessions_7d).toBe(0);
  });

  it('never reads anything at or after the cut-off (no leakage)', () => {
    const known = customerFeatures(journeyOf(before, cutoff), cutoff);
    const later = customerFeatures(journeyOf([...before, ...after], T0 + 40 * DAY), cutoff);
    expect(later).toEqual(known);
    // and the later events do change features at a later cut-off: the test can fail
    expect(customerFeatures(journeyOf([...before, ...after], T0 + 40 * DAY), T0 + 30 * DAY)).not.toEqual(known);
  });

  it('journeyAt keeps only what happened before the cut-off, with the stage then current', () => {
    const full = journeyOf([...before, ...after], T0 + 40 * DAY);
    const j = journeyAt(full, cutoff);
    expect(j.touchpoints.every((t) => Date.parse(t.at) < cutoff)).toBe(true);
    expect(j.emotion.every((e) => Date.parse(e.at) < cutoff)).toBe(true);
    expect(j.painPoints.some((p) => p.kind === 'drop_off')).toBe(false);
    expect(j.stages.every((s) => Date.parse(s.enteredAt) < cutoff)).toBe(true);
    expect(j.stages[j.stages.length - 1].leftAt).toBeNull();
    expect(customerFeatures(full, T0 - MIN)).toBeNull();
  });

  it('labels what happened after the cut-off, for customers active before it', () => {
    const full = journeyOf([...before, ...after], T0 + 40 * DAY);
    expect(eligibleStage('next_stage', full, cutoff, S)).not.toBeNull();
    expect(journeyOutcome('churn', full, cutoff, S)).toBe(0); // back on day 20, within 30 days
    expect(journeyOutcome('churn', journeyOf(before, T0 + 40 * DAY), cutoff, S)).toBe(1);
    // silent for more than 30 days before the cut-off: no forecast needed
    expect(eligibleStage('next_stage', full, T0 + 60 * DAY, S)).toBeNull();
  });
});
