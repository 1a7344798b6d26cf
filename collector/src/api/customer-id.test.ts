import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerIdFromSegment, customerIdSegment } from './customer-id.js';

describe('customer ids in URL paths', () => {
  it.each([
    ['alice', 'alice'],
    ['a/b c', 'a%2Fb%20c'],
    ['.', '~.'],
    ['..', '~..'],
    ['~..', '~~..'],
    ['...', '...'],
    ['~x', '~x'],
  ])('%j → %j', (id, segment) => {
    expect(customerIdSegment(id)).toBe(segment);
  });

  it('never makes a dot segment, and reads back every id', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^~{0,3}\.{1,3}$/)), (id) => {
      const segment = customerIdSegment(id);
      expect(['.', '..']).not.toContain(segment);
      // What a server sees: the segment after URL parsing (dot segments resolved) and percent-decoding.
      const seen = decodeURIComponent(new URL(`http://x/customers/${segment}/journey`).pathname.split('/')[2]);
      expect(customerIdFromSegment(seen)).toBe(id);
    }));
  });
});
