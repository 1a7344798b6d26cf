import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JourneyEvent } from './event.js';
import { sessionize } from './sessionize.js';
import { ev } from './test-events.js';

const text = (events: JourneyEvent[], timeoutMinutes?: number) =>
  sessionize(events, { timeoutMinutes }).map((s) => `${s.id} ${s.channel}${s.offSite ? ' (off-site)' : ''}: ${s.events.map((e) => e.id).join(' ')}`);

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
      [ev(0, { id: 'm', name: 'email_opened', channel: 'email', url: null })], undefined, ['s1 email (off-site): m']],
    ['an off-site touchpoint during a web visit is a session of its own, and the visit stays one',
      [ev(0, { id: 'a' }), ev(3, { id: 't', name: 'support_call', channel: 'phone', url: null }), ev(6, { id: 'b' })], undefined, ['s1 direct: a b', 's2 phone (off-site): t']],
    ['off-site touchpoints of one channel within the timeout share a session; another channel is another',
      [ev(0, { id: 'm1', name: 'email_sent', channel: 'email', url: null }), ev(5, { id: 't', name: 'ticket_opened', channel: 'support', url: null }),
        ev(20, { id: 'm2', name: 'email_opened', channel: 'email', url: null })], undefined, ['s1 email (off-site): m1 m2', 's2 support (off-site): t']],
    ['two off-site touchpoints at the same moment on two channels are two sessions, each keeping its channel',
      [ev(0, { id: 'e', name: 'order_confirmation', channel: 'email', url: null }), ev(0, { id: 's', name: 'order_completed', channel: 'store', url: null })],
      undefined, ['s1 email (off-site): e', 's2 store (off-site): s']],
    ['an off-site gap longer than the timeout starts a new off-site session',
      [ev(0, { id: 't1', name: 'ticket_opened', channel: 'support', url: null }), ev(60 * 24, { id: 't2', name: 'ticket_solved', channel: 'support', url: null })],
      undefined, ['s1 support (off-site): t1', 's2 support (off-site): t2']],
    ['an off-site touchpoint does not keep a web visit alive across a long gap',
      [ev(0, { id: 'a' }), ev(20, { id: 'm', name: 'email_opened', channel: 'email', url: null }), ev(45, { id: 'b' })],
      undefined, ['s1 direct: a', 's2 email (off-site): m', 's3 direct: b']],
  ])('%s', (_name, events, timeout, expected) => {
    expect(text(events, timeout)).toEqual(expected);
  });

  const mixed = fc.array(fc.record({ min: fc.integer({ min: 0, max: 24 * 60 }), channel: fc.constantFrom(null, null, 'email', 'support') }), { maxLength: 60 })
    .map((rows) => rows.map((r, i) => ev(r.min, { id: `e${String(i).padStart(3, '0')}`, ...(r.channel ? { channel: r.channel, name: 'contact', url: null } : {}) })));

  it('keeps off-site touchpoints out of web visits, one channel per off-site session, web visits apart (property)', () => {
    fc.assert(fc.property(mixed, fc.integer({ min: 1, max: 120 }), (es, timeout) => {
      const ss = sessionize(es, { timeoutMinutes: timeout });
      expect(ss.flatMap((s) => s.events.map((e) => e.id)).sort()).toEqual(es.map((e) => e.id).sort());
      for (const s of ss) {
        expect(s.events.every((e) => (e.channel === null ? !s.offSite : s.offSite && e.channel === s.channel))).toBe(true);
        for (let k = 1; k < s.events.length; k++) expect(s.events[k].at - s.events[k - 1].at).toBeLessThanOrEqual(timeout * 60_000);
      }
      const web = ss.filter((s) => !s.offSite);
      web.forEach((s, i) => { if (i > 0) expect(s.start).toBeGreaterThanOrEqual(web[i - 1].end); });
      ss.forEach((s, i) => { if (i > 0) expect(s.start).toBeGreaterThanOrEqual(ss[i - 1].start); });
    }), { numRuns: 300 });
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
