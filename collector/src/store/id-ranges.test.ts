import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds } from './id-ranges.js';

const bytes = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
// Any UTF-16 units, lone surrogates included, drawn mostly from a few so that ids share prefixes.
const unit = fc.oneof(
  fc.constantFrom('a', 'b', '\uFFFF', '\uE000', '\uD83D', '\uDE00', '\uD800', '\uDFFF', '-'),
  fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
);
const id = fc.array(unit, { maxLength: 6 }).map((u) => u.join(''));

describe('compareIds', () => {
  it.each([
    ['a', 'b'], ['ab', 'a'], ['', 'a'], ['\uFFFF', '😀'], ['zoë', 'zoe'], ['😀-astral', '\uFFFF-last-of-the-bmp'], ['\uD83D', '\uD83D\uDE00'], ['same', 'same'],
  ])('orders %j and %j as their UTF-8 bytes', (a, b) => {
    expect(Math.sign(compareIds(a, b))).toBe(bytes(a, b));
  });
  it('orders any two strings as their UTF-8 bytes (property)', () => {
    fc.assert(fc.property(id, id, (a, b) => { expect(Math.sign(compareIds(a, b))).toBe(bytes(a, b)); }), { numRuns: 20000 });
  });
});
