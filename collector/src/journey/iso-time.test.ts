import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';

describe('isoTime', () => {
  it.each([0, 1, 999, 86_399_999, 86_400_000, Date.parse('2026-03-02T09:05:07.042Z'), -1, 253402300800000, 1.5])('writes %d as Date#toISOString does', (ms) => {
    expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
  it('agrees with Date#toISOString (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 4e12 }), (ms) => { expect(isoTime(ms)).toBe(new Date(ms).toISOString()); }), { numRuns: 5000 });
  });
});
