import { describe, expect, it } from 'vitest';
import { QUARANTINE_RAW_BYTES, quarantineErrors, quarantineRaw } from './quarantine.js';

describe('quarantineRaw', () => {
  it.each([
    ['a small event is kept whole', '{"a":1}', '{"a":1}'],
    ['4 KB exactly is kept whole', 'x'.repeat(QUARANTINE_RAW_BYTES), 'x'.repeat(QUARANTINE_RAW_BYTES)],
    ['a larger one keeps 4 KB and says so', 'x'.repeat(10_000), `${'x'.repeat(4096)}…[cut: the event was 10000 bytes; the first 4096 are kept]`],
    // 4095 ASCII bytes, then a 3-byte character across the 4 KB line: it goes whole.
    ['never inside a multi-byte character', `${'x'.repeat(4095)}中${'y'.repeat(10)}`, `${'x'.repeat(4095)}…[cut: the event was 4108 bytes; the first 4095 are kept]`],
  ])('%s', (_name, text, expected) => expect(quarantineRaw(text)).toBe(expected));
});

describe('quarantineErrors', () => {
  it('keeps 20 reasons and counts the rest', () => {
    const errors = Array.from({ length: 25 }, (_, i) => `e${i}`);
    expect(quarantineErrors(errors)).toEqual([...errors.slice(0, 20), '…and 5 more']);
    expect(quarantineErrors(['one'])).toEqual(['one']);
  });
});
