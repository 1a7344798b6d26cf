// The seed generator: reproducible, close to the asked size, and its truth agrees with its events.
import { describe, expect, it } from 'vitest';
import { population } from '../../collector/src/seed/population.js';
import { EventSchema } from '../../collector/src/wire.js';

const END = Date.parse('2026-11-01T00:00:00Z');
const all = (seed: number, customers = 200, events = 4000) => [...population({ customers, events, seed, end: END })];

describe('seed population', () => {
  it('gives the same events, ids included, for the same seed, and others for another seed', () => {
    const a = all(7), b = all(7), c = all(8);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a[0].events[0].id).not.toBe(c[0].events[0].id);
  });

  it.each([[100, 2000], [400, 8000], [50, 5000]])('makes %i customers and about %i events', (customers, events) => {
    const people = all(3, customers, events);
    expect(people).toHaveLength(customers);
    const total = people.reduce((s, p) => s + p.events.length, 0);
    expect(Math.abs(total - events) / events).toBeLessThan(0.05);
  });

  it('makes only valid wire events, in time order per customer', () => {
    for (const p of all(5)) {
      for (const e of p.events) expect(EventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
      const times = p.events.map((e) => Date.parse(e.timestamp));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(p.truth.events).toBe(p.events.length);
      expect(p.truth.anonymousIds.sort()).toEqual([...new Set(p.events.map((e) => e.anonymousId))].sort());
    }
  });

  it('spreads people over every stage, channel and kind of pain point, with some shared devices', () => {
    const truth = all(11, 1500, 30000).map((p) => p.truth);
    expect(new Set(truth.map((t) => t.furthestStage)).size).toBe(6);
    expect(new Set(truth.map((t) => t.firstChannel))).toEqual(new Set(['direct', 'organic_search', 'paid_search', 'social', 'email', 'referral']));
    expect(new Set(truth.flatMap((t) => Object.keys(t.painPoints)))).toEqual(
      new Set(['rage_click', 'dead_click', 'js_error', 'slow_page', 'form_abandonment', 'loop', 'negative_survey']));
    expect(truth.filter((t) => t.sharedDevice).length).toBeGreaterThan(0);
    expect(truth.filter((t) => t.anonymousIds.length > 1).length).toBeGreaterThan(0);
  });
});
