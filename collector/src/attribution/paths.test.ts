import { describe, expect, it } from 'vitest';
import type { Journey, Touchpoint } from '../journey/types.js';
import { transitionPath } from './paths.js';
import { parseTransition } from './transition.js';

const at = (h: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + h * 3_600_000).toISOString();

function tp(h: number, session: string, type: string, what: string, o: Partial<Touchpoint> = {}): Touchpoint {
  return {
    id: `${session}-${h}`, at: at(h), type, name: type === 'page' ? null : what, url: type === 'page' ? `https://shop.example${what}?x=1` : null,
    stage: 'consideration', channel: 'organic_search', sessionId: session, ...o,
  };
}

function journey(stages: [string, number][], touchpoints: Touchpoint[], painPoints: Journey['painPoints'] = []) {
  return {
    customerId: 'c1',
    stages: stages.map(([stage, h], i) => ({ stage: stage as Journey['currentStage'], enteredAt: at(h), leftAt: stages[i + 1] ? at(stages[i + 1][1]) : null })),
    touchpoints, painPoints,
  };
}

const touches = [
  tp(0, 's1', 'page', '/blog/post'),
  tp(1, 's1', 'page', '/products/a'),
  tp(1.1, 's1', 'track', '$click'),
  tp(1.2, 's1', 'track', 'product_viewed'),
  tp(30, 's2', 'page', '/pricing', { channel: 'email' }),
  tp(30.5, 'o1', 'track', 'ticket_opened', { channel: 'support', offSite: true }),
  tp(31, 's2', 'page', '/checkout'),
  tp(32, 's2', 'track', 'order_completed'),
  tp(33, 's2', 'page', '/welcome'),
];

describe('the path through a transition', () => {
  it('holds the touches from entering the first stage until the move, channels first in each visit', () => {
    const p = transitionPath(journey([['awareness', 0], ['consideration', 1], ['purchase', 32]], touches), parseTransition('consideration>purchase'))!;
    expect(p.touches.map((t) => t.key)).toEqual([
      'channel:organic_search', 'page:/products/a', 'event:product_viewed',
      'channel:email', 'page:/pricing', 'offsite:support: ticket_opened', 'page:/checkout',
    ]);
    expect(p.moved).toBe(true);
    expect(p.endAt).toBe(Date.parse(at(32)));
    expect(p.struggleAt).toBeNull();
  });

  it('a later stage than the one named counts as moving on (consideration straight to onboarding)', () => {
    const p = transitionPath(journey([['consideration', 1], ['onboarding', 32]], touches), parseTransition('consideration>purchase'))!;
    expect(p.moved).toBe(true);
  });

  it('without the move, the path runs to the end and a drop-off marks where the customer struggled', () => {
    const j = journey([['awareness', 0], ['consideration', 1]], touches.slice(0, 5), [{ kind: 'drop_off', at: at(30), stage: 'consideration', touchpointId: null, detail: '' }]);
    const p = transitionPath(j, parseTransition('consideration>purchase'))!;
    expect(p.moved).toBe(false);
    expect(p.touches.at(-1)!.key).toBe('page:/pricing');
    expect(p.struggleAt).toBe(Date.parse(at(30)));
  });

  it('a negative survey answer on the way is a struggle even when the customer moves on', () => {
    const j = journey([['consideration', 1], ['purchase', 32]], touches, [{ kind: 'negative_survey', at: at(31.5), stage: 'consideration', touchpointId: null, detail: '' }]);
    expect(transitionPath(j, parseTransition('consideration>purchase'))!.struggleAt).toBe(Date.parse(at(31.5)));
  });

  it('a customer who never entered the first stage has no path', () => {
    expect(transitionPath(journey([['awareness', 0]], touches.slice(0, 1)), parseTransition('consideration>purchase'))).toBeNull();
  });
});
