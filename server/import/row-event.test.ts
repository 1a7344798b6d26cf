import { describe, expect, it } from 'vitest';
import { importEventId } from './event-id.js';
import { checkMapping, csvRow, parseTimestamp, rowEvent, wireEvent, type Mapping } from './row-event.js';

const scope = { site: 'shop', source: 'orders' };
const orders: Mapping = { columns: { id: 'order_id', userId: 'customer', timestamp: 'placed_at' }, constants: { name: 'order_completed', channel: 'store' } };
const order = { order_id: 'A-1', customer: 'u-1', placed_at: '2025-11-20T10:15:00Z', total: '49.90', zip: '01234' };

describe('rowEvent', () => {
  it('maps columns, sets constants, and keeps every other column and the key as properties', () => {
    expect(rowEvent(order, orders, scope, 'raw')).toEqual({
      event: {
        id: importEventId('shop', 'orders', 'A-1'), type: 'track', name: 'order_completed', userId: 'u-1', channel: 'store',
        timestamp: '2025-11-20T10:15:00.000Z', properties: { order_id: 'A-1', total: 49.9, zip: '01234' },
      },
    });
  });

  it.each([
    ['a column named like the field, without --map', { userId: 'u-2', timestamp: '2025-01-01', name: 'ticket_opened' }, { columns: {}, constants: {} }, { userId: 'u-2', name: 'ticket_opened', timestamp: '2025-01-01T00:00:00.000Z' }],
    ['an identify: the other columns are traits', { userId: 'u-3', type: 'identify', timestamp: '1700000000', plan: 'pro' }, { columns: {}, constants: {} }, { type: 'identify', traits: { plan: 'pro' } }],
    ['a named property from another column', { u: 'u-4', t: '2025-02-03T04:05:06+02:00', amt: '5' }, { columns: { userId: 'u', timestamp: 't', 'properties.amount': 'amt' }, constants: { name: 'refund' } }, { properties: { amount: 5 }, timestamp: '2025-02-03T02:05:06.000Z' }],
    ['an alias with its previous id', { userId: 'u-5', previousId: 'anon-9', type: 'alias', timestamp: '2025-01-01T00:00:00Z' }, { columns: {}, constants: {} }, { type: 'alias', previousId: 'anon-9' }],
  ])('%s', (_name, row, mapping, expected) => {
    const r = rowEvent(row, mapping as Mapping, scope, 'raw');
    expect('event' in r && r.event).toMatchObject(expected);
  });

  it.each([
    ['no customer', { order_id: 'A-2', placed_at: '2025-11-20' }, /^userId: empty/],
    ['no timestamp', { order_id: 'A-3', customer: 'u' }, /^timestamp: empty/],
    ['a timestamp that is no date', { order_id: 'A-4', customer: 'u', placed_at: 'yesterday' }, /^timestamp: "yesterday" is not a date/],
    ['an unknown type', { order_id: 'A-5', customer: 'u', placed_at: '2025-11-20', type: 'purchase' }, /^type: "purchase" is not one of/],
  ])('rejects a row with %s, saying which field', (_name, row, reason) => {
    const r = rowEvent(row, orders, scope, 'raw');
    expect('errors' in r && r.errors[0]).toMatch(reason);
  });

  it('needs a name for a track event', () => {
    const r = rowEvent({ userId: 'u', timestamp: '2025-01-01' }, { columns: {}, constants: {} }, scope, 'raw');
    expect(r).toEqual({ errors: [expect.stringMatching(/^name: empty/)] });
  });

  it('derives the same id from the same key, another from another site, source or key; the row itself when it has no key', () => {
    const id = (s = scope, row = order, m = orders, raw = 'raw') => (rowEvent(row, m, s, raw) as { event: { id: string } }).event.id;
    expect(id()).toBe(id());
    expect(new Set([id(), id({ ...scope, site: 'blog' }), id({ ...scope, source: 'tickets' }), id(scope, { ...order, order_id: 'A-2' })]).size).toBe(4);
    const keyless = { columns: { userId: 'customer', timestamp: 'placed_at' }, constants: { name: 'x' } };
    expect(id(scope, order, keyless, 'line one')).toBe(importEventId('shop', 'orders', 'line one'));
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2025-11-24T16:05:00Z', '2025-11-24T16:05:00.000Z'],
    ['2025-11-24 16:05', '2025-11-24T16:05:00.000Z'],
    ['2025-11-24T16:05:00.123+0100', '2025-11-24T15:05:00.123Z'],
    ['2025-11-24', '2025-11-24T00:00:00.000Z'],
    ['1732464300', '2024-11-24T16:05:00.000Z'],
    ['1732464300000', '2024-11-24T16:05:00.000Z'],
    ['24/11/2025', null],
    ['2025-13-01', null],
  ])('%s → %s', (input, expected) => expect(parseTimestamp(input)).toBe(expected));
});

describe('checkMapping', () => {
  it('names an unknown field, a missing column and the fields every row needs', () => {
    expect(checkMapping({ columns: { email: 'e', timestamp: 'nope' }, constants: {} }, ['e', 'when'])).toEqual([
      expect.stringMatching(/^"email" is not an event field/),
      '--map timestamp=nope: the file has no column "nope" (its columns: e, when)',
      'no customer: --map userId=COLUMN (who each row is about)',
    ]);
    expect(checkMapping(orders, ['order_id', 'customer', 'placed_at'])).toEqual([]);
  });
});

describe('csvRow and wireEvent', () => {
  it('leaves out empty cells and refuses a row of the wrong width', () => {
    expect(csvRow(['a', 'b'], ['1', ''])).toEqual({ a: '1' });
    expect(csvRow(['a', 'b'], ['1'])).toEqual({ error: 'has 1 cells; the header has 2' });
  });

  it('keeps a wire event as it is, its own id the key', () => {
    const e = { id: 'evt-1', type: 'track', name: 'email_opened', userId: 'u', channel: 'email', timestamp: '2025-01-01T00:00:00Z', properties: { campaign: 'nov' } };
    expect(wireEvent(e, scope, 'raw')).toEqual({ event: { ...e, id: importEventId('shop', 'orders', 'evt-1') } });
    expect(wireEvent([1], scope, 'raw')).toEqual({ errors: ['not a JSON object: each line must be one event'] });
  });
});
