import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMs, isoTime } from './iso-time.js';

describe('isoTime', () => {
  it.each([0, 1, 999, 86_399_999, 86_400_000, Date.parse('2026-03-02T09:05:07.042Z'), -1, 253402300800000, 1.5])('writes %d as Date#toISOString does', (ms) => {
    expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
  it('agrees with Date#toISOString (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 4e12 }), (ms) => { expect(isoTime(ms)).toBe(new Date(ms).toISOString()); }), { numRuns: 5000 });
  });
});

describe('isoMs', () => {
  it.each([
    '2026-03-02T09:05:07.042Z', '2026-03-02T23:59:59.999Z', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z',
    '2026-03-02T24:00:00.000Z', '2026-03-02T09:60:07.042Z', '2026-03-02T09:05:07Z', '2026-03-02T09:05:07.042+02:00',
    '2026-03-02T09:0x:07.042Z', '2026-03-02 09:05:07.042Z', '', 'not a time', '+012026-03-02T09:05:07.042Z',
    '2024-02-29T12:00:00.000Z', '2026-02-29T12:00:00.000Z', '2026-02-30T12:00:00.000Z', '2026-04-31T12:00:00.000Z', '2026-13-01T00:00:00.000Z',
    '2026-00-10T00:00:00.000Z', '2026-01-00T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z',
  ])('reads %j as Date.parse does', (s) => {
    expect(isoMs(s)).toBe(Date.parse(s));
  });
  it('reads back what isoTime writes (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -1e14, max: 253402300799999 }), (ms) => { expect(isoMs(isoTime(ms))).toBe(ms); }), { numRuns: 20000 });
  });
});
