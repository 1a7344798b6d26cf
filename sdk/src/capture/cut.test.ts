// The SDK's one truncation helper (capture/cut.ts): element text, href, error message and stack.
import { describe, expect, it } from 'vitest';
import { cut } from './cut.js';

describe('cut', () => {
  it.each([
    ['a short string is kept', 'Buy', 60, 'Buy'],
    ['a plain cut', 'abcdef', 3, 'abc'],
    ['an emoji that fits is kept whole', 'ab😀c', 4, 'ab😀'],
    ['an emoji straddling the cut is dropped whole', 'ab😀c', 3, 'ab'],
    ['a cut just after a pair keeps it', 'a😀bc', 3, 'a😀'],
    ['nothing stays nothing', undefined, 5, undefined],
  ])('%s', (_name, input, max, expected) => expect(cut(input, max)).toBe(expected));
});
