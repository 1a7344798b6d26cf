// The one normalisation of a stored event for journeys: every store reads its fields its own
// way (a parsed body, json_extract, jsonb operators) and hands them to journeyRow.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/store.js';
import { journeyRow, toJourneyRow, type JourneyFields } from './event.js';

const T0 = Date.UTC(2026, 0, 1);

const fields = (over: Partial<JourneyFields>): JourneyFields => ({
  id: 'e1', siteId: 'shop', type: 'page', name: null, anonymousId: 'a', userId: null, sessionId: 's', at: T0, flags: [],
  url: 'https://shop.example/', referrer: null, utm: null, channel: null, properties: null, previousId: null, traits: null, ...over,
});

describe('journeyRow', () => {
  it.each<[string, Partial<JourneyFields>, Partial<ReturnType<typeof journeyRow>>]>([
    ['an empty referrer is none', { referrer: '' }, { referrer: null }],
    ['a referrer is kept', { referrer: 'https://www.google.com/' }, { referrer: 'https://www.google.com/' }],
    ['UTM tags without a value are none', { utm: { source: '', medium: '' } }, { utm: null }],
    ['an empty UTM object is none', { utm: {} }, { utm: null }],
    ['UTM tags with one value are kept whole', { utm: { source: 'news', medium: '' } }, { utm: { source: 'news', medium: '' } }],
    ['a url that is not a string is none', { url: 42 }, { url: null }],
    ['a missing url is none', { url: undefined }, { url: null }],
    ['properties that are not an object are none', { properties: ['a'] }, { properties: null }],
    ['a channel from a server sender is kept', { channel: 'support' }, { channel: 'support' }],
    ['traits are kept on an identify', { type: 'identify', traits: { plan: 'pro' } }, { traits: { plan: 'pro' } }],
    ['traits are dropped on anything else', { type: 'track', traits: { plan: 'pro' } }, { traits: null }],
    ['no flags read as none', { flags: null }, { flags: [] }],
  ])('%s', (_name, over, expected) => {
    expect(journeyRow(fields(over))).toMatchObject(expected);
  });
});

describe('toJourneyRow', () => {
  it('flattens a stored event: context url, referrer, utm, properties, previousId, flags', () => {
    const stored: StoredEvent = {
      id: '0190a000-0000-7000-8000-000000000001', siteId: 'shop', type: 'alias', name: null, anonymousId: 'a', userId: 'u1',
      sessionId: 's', at: T0, receivedAt: T0 + 5, flags: ['identity_unverified'],
      event: {
        id: '0190a000-0000-7000-8000-000000000001', type: 'alias', anonymousId: 'a', userId: 'u1', previousId: 'old', sessionId: 's',
        timestamp: new Date(T0).toISOString(), properties: { plan: 'pro' },
        context: { url: 'https://shop.example/?utm_source=news', referrer: '', utm: { source: 'news', medium: 'email' } },
      },
    };
    const row = toJourneyRow(stored);
    expect(row).toEqual({
      id: stored.id, siteId: 'shop', type: 'alias', name: null, anonymousId: 'a', userId: 'u1', previousId: 'old', sessionId: 's',
      at: T0, url: 'https://shop.example/?utm_source=news', referrer: null, utm: { source: 'news', medium: 'email' },
      channel: null, properties: { plan: 'pro' }, flags: ['identity_unverified'], traits: null,
    });
    // The journey code sees one shape whichever store read the row: the same keys in the same order.
    expect(Object.keys(row)).toEqual(Object.keys(journeyRow(fields({}))));
  });
});
