import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityGraph, stitchIdentities } from './stitch-identities.js';
import { customersText, ev, T0 } from './test-events.js';
import type { JourneyEvent } from './event.js';

const id = (n: string) => ({ id: n });

describe('stitchIdentities', () => {
  it.each<[string, JourneyEvent[], string[]]>([
    ['an anonymous visitor stays one customer named by the anonymous id',
      [ev(0, id('a1')), ev(5, id('a2'))],
      ['anon-1: anon-1 [a1 a2]']],
    ['bot traffic (flagged at ingest) is nobody\'s: no customer of its own, none of a person\'s',
      [ev(0, id('a1')), ev(1, { id: 'b1', anonymousId: 'crawler', flags: ['bot'] }), ev(2, { id: 'b2', flags: ['bot'] })],
      ['anon-1: anon-1 [a1]']],
    ['events before an identify belong to the user (identify mid-session)',
      [ev(0, id('a1')), ev(1, id('a2')), ev(2, { id: 'a3', type: 'identify', userId: 'u1' }), ev(3, { id: 'a4', userId: 'u1' })],
      ['u1 (u1): anon-1 [a1 a2 a3 a4]']],
    ['a user on two devices is one customer (multi-device)',
      [ev(0, { id: 'p1', anonymousId: 'phone' }), ev(1, { id: 'p2', anonymousId: 'phone', type: 'identify', userId: 'u1' }),
        ev(60, { id: 'l1', anonymousId: 'laptop' }), ev(61, { id: 'l2', anonymousId: 'laptop', type: 'identify', userId: 'u1' })],
      ['u1 (u1): laptop,phone [p1 p2 l1 l2]']],
    ['a second user on a shared computer starts a journey of their own and is never merged',
      [ev(0, id('a1')), ev(1, { id: 'a2', type: 'identify', userId: 'alice' }), ev(2, { id: 'a3', userId: 'alice' }),
        ev(90, id('a4')), ev(91, { id: 'a5', type: 'identify', userId: 'bob' }), ev(92, { id: 'a6', userId: 'bob' })],
      ['alice (alice): anon-1 [a1 a2 a3 a4]', 'bob (bob): anon-1 [a5 a6]']],
    ['the first user comes back on the shared computer: events follow the latest claim',
      [ev(0, { id: 'a1', type: 'identify', userId: 'alice' }), ev(10, { id: 'a2', type: 'identify', userId: 'bob' }),
        ev(11, id('a3')), ev(20, { id: 'a4', type: 'identify', userId: 'alice' }), ev(21, id('a5'))],
      ['alice (alice): anon-1 [a1 a4 a5]', 'bob (bob): anon-1 [a2 a3]']],
    ['alias links an anonymous id given as previousId to the user',
      [ev(0, { id: 'x1', anonymousId: 'old-anon' }), ev(5, { id: 'x2', anonymousId: 'new-anon', type: 'alias', userId: 'u1', previousId: 'old-anon' })],
      ['u1 (u1): new-anon,old-anon [x1 x2]']],
    ['a proven alias from one user id to another merges them under the new id',
      [ev(0, { id: 'x1', anonymousId: 'a', type: 'identify', userId: 'jo@example.com' }),
        ev(5, { id: 'x2', anonymousId: 'b', type: 'identify', userId: 'user-42' }),
        ev(6, { id: 'x3', anonymousId: 'b', type: 'alias', userId: 'user-42', previousId: 'jo@example.com' })],
      ['user-42 (jo@example.com,user-42): a,b [x1 x2 x3]']],
    ['an alias naming another user id without proof of it never merges the two (account takeover)',
      [ev(0, { id: 'v1', anonymousId: 'victim-pc', type: 'identify', userId: 'victim' }),
        ev(5, { id: 'm1', anonymousId: 'mallory-pc', type: 'identify', userId: 'mallory' }),
        ev(6, { id: 'm2', anonymousId: 'mallory-pc', type: 'alias', userId: 'mallory', previousId: 'victim', flags: ['previous_id_unverified'] })],
      ['mallory (mallory): mallory-pc [m1 m2]', 'victim (victim): victim-pc [v1]']],
    ['an alias cannot hand over a device another user identified on, whatever time it claims',
      [ev(0, { id: 'v0', anonymousId: 'victim-pc' }), ev(1, { id: 'v1', anonymousId: 'victim-pc', type: 'identify', userId: 'victim' }),
        ev(5, { id: 'm1', anonymousId: 'mallory-pc', type: 'alias', userId: 'mallory', previousId: 'victim-pc', flags: ['previous_id_unverified'] }),
        ev(-60, { id: 'm0', anonymousId: 'mallory-pc', type: 'alias', userId: 'mallory', previousId: 'victim-pc', flags: ['previous_id_unverified'] }),
        ev(9, { id: 'v2', anonymousId: 'victim-pc' })],
      ['mallory (mallory): mallory-pc [m0 m1]', 'victim (victim): victim-pc [v0 v1 v2]']],
    ['two users\' aliases naming one anonymous id join it to neither',
      [ev(0, { id: 'x0', anonymousId: 'kiosk' }),
        ev(5, { id: 'a1', anonymousId: 'phone-a', type: 'alias', userId: 'ann', previousId: 'kiosk', flags: ['previous_id_unverified'] }),
        ev(6, { id: 'b1', anonymousId: 'phone-b', type: 'alias', userId: 'ben', previousId: 'kiosk', flags: ['previous_id_unverified'] })],
      ['ann (ann): phone-a [a1]', 'ben (ben): phone-b [b1]', 'kiosk: kiosk [x0]']],
    ['an unverified identify does not stitch, nor do later events repeating its user id',
      [ev(0, { id: 'v1', anonymousId: 'victim', type: 'identify', userId: 'alice' }),
        ev(1, { id: 'm1', anonymousId: 'mallory', type: 'identify', userId: 'alice', flags: ['identity_unverified'] }),
        ev(2, { id: 'm2', anonymousId: 'mallory', userId: 'alice' })],
      ['alice (alice): victim [v1]', 'mallory: mallory [m1 m2]']],
    ['an unverified alias does not stitch',
      [ev(0, { id: 'v1', anonymousId: 'victim', type: 'identify', userId: 'alice' }),
        ev(1, { id: 'm1', anonymousId: 'mallory', type: 'alias', userId: 'alice', previousId: 'mallory', flags: ['identity_unverified'] })],
      ['alice (alice): victim [v1]', 'mallory: mallory [m1]']],
    ['a flagged event with a user id claims nothing but follows its anonymous id\'s signed identify',
      [ev(0, { id: 's1', anonymousId: 'phone', type: 'identify', userId: 'alice' }),
        ev(1, { id: 's2', anonymousId: 'phone', userId: 'alice', name: 'clicked', flags: ['identity_unverified'] }),
        ev(2, { id: 'm1', anonymousId: 'mallory', userId: 'alice', name: 'clicked', flags: ['identity_unverified'] })],
      ['alice (alice): phone [s1 s2]', 'mallory: mallory [m1]']],
    ['a server event with only a user id joins that user',
      [ev(0, { id: 'w1', type: 'identify', userId: 'u1' }), ev(500, { id: 's1', anonymousId: 'server', userId: 'u1', name: 'email_opened', channel: 'email' })],
      ['u1 (u1): anon-1,server [w1 s1]']],
    ['late events arriving out of order land in time order',
      [ev(30, id('c')), ev(10, id('a')), ev(20, { id: 'b', type: 'identify', userId: 'u1' })],
      ['u1 (u1): anon-1 [a b c]']],
    ['a repeated event id is kept once',
      [ev(0, id('a1')), ev(0, id('a1')), ev(1, id('a2'))],
      ['anon-1: anon-1 [a1 a2]']],
    ['events at the same instant are ordered by id',
      [ev(0, id('b')), ev(0, id('a'))],
      ['anon-1: anon-1 [a b]']],
  ])('%s', (_name, events, expected) => {
    expect(customersText(stitchIdentities(events))).toEqual(expected);
  });

  it('streams: a graph built from the identity claims alone routes every event', () => {
    const events = [ev(0, id('a1')), ev(1, { id: 'a2', type: 'identify', userId: 'u1' }), ev(2, { id: 'b1', anonymousId: 'b' })];
    const g = identityGraph(events.filter((e) => e.userId || e.type === 'alias'));
    expect(events.map((e) => g.customerOf(e))).toEqual(['u1', 'u1', 'b']);
    expect(g.userIdsOf('u1')).toEqual(['u1']);
  });

  it('does not depend on arrival order (property)', () => {
    const anons = ['a', 'b', 'c'];
    const users = ['u1', 'u2'];
    const arb = fc.array(fc.record({
      min: fc.integer({ min: 0, max: 300 }),
      anon: fc.constantFrom(...anons),
      kind: fc.constantFrom('page', 'page', 'identify', 'alias', 'unverified'),
      user: fc.constantFrom(...users),
    }), { minLength: 1, maxLength: 40 }).map((rows) => rows.map((r, i) => ev(r.min, {
      id: `e${String(i).padStart(3, '0')}`,
      anonymousId: r.anon,
      type: r.kind === 'page' ? 'page' : r.kind === 'alias' ? 'alias' : 'identify',
      userId: r.kind === 'page' ? null : r.user,
      previousId: r.kind === 'alias' ? anons[(anons.indexOf(r.anon) + 1) % anons.length] : null,
      flags: r.kind === 'unverified' ? ['identity_unverified'] : [],
    })));
    fc.assert(fc.property(arb.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))), ([events, shuffled]) => {
      const a = stitchIdentities(events), b = stitchIdentities(shuffled);
      expect(customersText(b)).toEqual(customersText(a));
      // Every event lands in exactly one customer.
      expect(a.flatMap((c) => c.events.map((e) => e.id)).sort()).toEqual(events.map((e) => e.id).sort());
    }), { numRuns: 300 });
  });
});
