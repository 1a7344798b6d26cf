import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JourneyEvent } from './event.js';
import { sessionize } from './sessionize.js';
import { ev } from './test-events.js';

const text = (events: JourneyEvent[], timeoutMinutes?: number) =>
  sessionize(events, { timeoutMinutes }).map((s) => `${s.id} ${s.channel}: ${s.events.map((e) => e.id).join(' ')}`);

const utm = (source: string, medium: string, campaign: string) => ({ utm: { source, medium, campaign } });

describe('sessionize', () => {
  it.each<[string, JourneyEvent[], number | undefined, string[]]>([
    ['a gap of more than 30 minutes starts a new session',
      [ev(0, { id: 'a' }), ev(10, { id: 'b' }), ev(41, { id: 'c' })], undefined, ['s1 direct: a b', 's2 direct: c']],
    ['a gap of exactly 30 minutes does not',
      [ev(0, { id: 'a' }), ev(30, { id: 'b' })], undefined, ['s1 direct: a b']],
    ['the timeout is configurable',
      [ev(0, { id: 'a' }), ev(6, { id: 'b' })], 5, ['s1 direct: a', 's2 direct: b']],
    ['inactivity is measured from the last event, not the first',
      [ev(0, { id: 'a' }), ev(25, { id: 'b' }), ev(50, { id: 'c' })], undefined, ['s1 direct: a b c']],
    ['a new campaign mid-visit starts a new session with its own channel',
      [ev(0, { id: 'a', referrer: 'https://www.google.com/' }), ev(2, { id: 'b', ...utm('newsletter', 'email', 'spring') }), ev(3, { id: 'c' })],
      undefined, ['s1 organic_search: a', 's2 email: b c']],
    ['the same campaign tags repeated on every page keep the session',
      [ev(0, { id: 'a', ...utm('google', 'cpc', 'x') }), ev(2, { id: 'b', ...utm('google', 'cpc', 'x') })], undefined, ['s1 paid_search: a b']],
    ['a different campaign from the same source is a new session',
      [ev(0, { id: 'a', ...utm('google', 'cpc', 'x') }), ev(2, { id: 'b', ...utm('google', 'cpc', 'y') })], undefined, ['s1 paid_search: a', 's2 paid_search: b']],
    ['a late event arriving last lands inside the session its time says',
      [ev(0, { id: 'a' }), ev(60, { id: 'c' }), ev(5, { id: 'b' })], undefined, ['s1 direct: a b', 's2 direct: c']],
    ['a late event can bridge a gap: skew-corrected times decide',
      [ev(0, { id: 'a' }), ev(50, { id: 'c' }), ev(25, { id: 'b' })], undefined, ['s1 direct: a b c']],
    ['events from two devices of one customer share one timeline',
      [ev(0, { id: 'p', anonymousId: 'phone', sessionId: 'x' }), ev(3, { id: 'l', anonymousId: 'laptop', sessionId: 'y' })], undefined, ['s1 direct: p l']],
    ['the session channel comes from its first event',
      [ev(0, { id: 'a', referrer: 'https://www.facebook.com/' }), ev(1, { id: 'b', referrer: 'https://shop.example/' })], undefined, ['s1 social: a b']],
    ['a server-sent touchpoint gives its own channel to the session it opens',
      [ev(0, { id: 'm', name: 'email_opened', channel: 'email', url: null })], undefined, ['s1 email: m']],
  ])('%s', (_name, events, timeout, expected) => {
    expect(text(events, timeout)).toEqual(expected);
  });

  it('rejects a timeout that is not positive, saying what to pass', () => {
    expect(() => sessionize([ev(0)], { timeoutMinutes: 0 })).toThrow(/timeoutMinutes must be a positive number/);
  });

  const events = fc.array(fc.record({ min: fc.integer({ min: 0, max: 24 * 60 }), campaign: fc.constantFrom(null, 'a', 'b') }), { maxLength: 60 })
    .map((rows) => rows.map((r, i) => ev(r.min, { id: `e${String(i).padStart(3, '0')}`, utm: r.campaign ? { source: 's', medium: 'cpc', campaign: r.campaign } : null })));

  it('puts every event in exactly one session (property)', () => {
    fc.assert(fc.property(events, fc.integer({ min: 1, max: 120 }), (es, timeout) => {
      const ids = sessionize(es, { timeoutMinutes: timeout }).flatMap((s) => s.events.map((e) => e.id));
      expect(ids.sort()).toEqual(es.map((e) => e.id).sort());
    }), { numRuns: 300 });
  });

  it('never lets one person\'s sessions overlap, and keeps each within the timeout (property)', () => {
    fc.assert(fc.property(events, fc.integer({ min: 1, max: 120 }), (es, timeout) => {
      const ss = sessionize(es, { timeoutMinutes: timeout });
      ss.forEach((s, i) => {
        expect(s.start).toBeLessThanOrEqual(s.end);
        if (i > 0) expect(s.start).toBeGreaterThanOrEqual(ss[i - 1].end);
        for (let k = 1; k < s.events.length; k++) expect(s.events[k].at - s.events[k - 1].at).toBeLessThanOrEqual(timeout * 60_000);
      });
    }), { numRuns: 300 });
  });
});
