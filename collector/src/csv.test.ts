import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

describe('csvCell', () => {
  it.each([
    ['plain text', 'checkout', 'checkout'],
    ['a formula', '=1+1', "'=1+1"],
    ['a plus', '+1', "'+1"],
    ['a minus then a number (runs as a formula too)', '-2+3', "'-2+3"],
    ['a minus then a dot', '-.5+1', "'-.5+1"],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a leading carriage return', '\r=1', `"'\r=1"`],
    ['a quote and a comma', 'a "b", c', '"a ""b"", c"'],
    ['a formula with a comma', '=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['a negative number (the collector\'s own)', -3, '-3'],
    ['a boolean', true, 'true'],
    ['an object', { a: 1 }, '"{""a"":1}"'],
    ['null', null, ''],
  ])('%s', (_why, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('a line ends in CRLF', () => {
    expect(csvLine(['a', '-1+1', 2])).toBe("a,'-1+1,2\r\n");
  });
});
