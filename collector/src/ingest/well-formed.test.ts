import { describe, expect, it } from 'vitest';
import { cutString, mayHoldLoneSurrogate, wellFormed, wellFormedString } from './well-formed.js';

const hi = '\ud83d';
const lo = '\ude00';

describe('wellFormedString', () => {
  it.each([
    ['a whole pair is kept', `a😀b`, `a😀b`],
    ['a lone high half at the end', `Buy ${hi}`, 'Buy \ufffd'],
    ['a lone low half at the start', `${lo}x`, '\ufffdx'],
    ['two high halves in a row', `${hi}${hi}😀`, '\ufffd\ufffd😀'],
    ['a low half before its high half', `${lo}${hi}`, '\ufffd\ufffd'],
    ['nothing to do', 'plain é 中', 'plain é 中'],
    ['NUL, which no store keeps as text', 'pg\u0000nul', 'pg\ufffdnul'],
  ])('%s', (_name, input, expected) => expect(wellFormedString(input)).toBe(expected));
});

describe('wellFormed', () => {
  it('mends strings and keys at any depth, and keeps "__proto__" a plain key', () => {
    const input = JSON.parse(`{"k\\ud83d":["x\\ude00",{"__proto__":"\\ud83d"}],"n":1,"ok":"😀"}`);
    const out = wellFormed(input) as any;
    expect(JSON.stringify(out)).toBe('{"k\ufffd":["x\ufffd",{"__proto__":"\ufffd"}],"n":1,"ok":"😀"}');
    expect(Object.getPrototypeOf(out['k\ufffd'][1])).toBe(Object.prototype);
  });

  it('is only needed when the JSON text escapes a surrogate', () => {
    expect(mayHoldLoneSurrogate(JSON.stringify({ a: `x${hi}` }))).toBe(true);
    expect(mayHoldLoneSurrogate(JSON.stringify({ a: 'x😀' }))).toBe(false);
  });
});

describe('cutString', () => {
  it.each([
    ['short strings are kept', 'abc', 5, 'abc'],
    ['a cut between pairs', 'ab😀', 4, 'ab😀'],
    ['a cut inside a pair drops its high half', 'ab😀c', 3, 'ab'],
    ['a plain cut', 'abcdef', 3, 'abc'],
  ])('%s', (_name, input, max, expected) => expect(cutString(input, max)).toBe(expected));
});
