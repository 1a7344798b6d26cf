import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRecords, ndjsonRecords, parseCsvRecord, type RawRecord } from './records.js';

const file = (text: string) => {
  const f = join(mkdtempSync(join(tmpdir(), 'waymark-records-')), 'f');
  writeFileSync(f, text);
  return f;
};
const all = async (it: AsyncIterable<RawRecord>) => {
  const out: RawRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

describe('csvRecords', () => {
  it('joins the lines of a quoted cell, counts lines and bytes, and handles CRLF and a last line without newline', async () => {
    const text = 'a,b\r\n1,"x\ny"\r\n"ü",2';
    const f = file(text);
    const recs = await all(csvRecords(f, { offset: 0, line: 1 }));
    expect(recs.map((r) => [r.text, r.line])).toEqual([['a,b', 1], ['1,"x\ny"', 2], ['"ü",2', 4]]);
    expect(recs.map((r) => r.end)).toEqual([5, 14, Buffer.byteLength(text)]);
    // Resuming at a record boundary reads exactly the rest.
    expect(await all(csvRecords(f, { offset: recs[1].end, line: 4 }))).toEqual([recs[2]]);
  });

  it('gives up joining past 1 MB: an open quote does not swallow the rest of a big file', async () => {
    const filler = Array.from({ length: 20_000 }, (_, i) => `row-${i},${'x'.repeat(60)}`).join('\n');
    const recs = await all(csvRecords(file(`a,b\n1,"open\n${filler}\n`), { offset: 0, line: 1 }));
    expect(recs[1].line).toBe(2);
    expect(recs[1].text.length).toBeGreaterThan(1 << 20);
    expect(parseCsvRecord(recs[1].text)).toEqual({ error: 'a quoted cell is never closed' });
    expect(recs.length).toBeGreaterThan(2);
    expect(recs.at(-1)!.text).toBe(`row-19999,${'x'.repeat(60)}`);
  });

  it('yields NDJSON lines one by one', async () => {
    expect((await all(ndjsonRecords(file('{"a":1}\n\n{"b":2}\n'), { offset: 0, line: 1 }))).map((r) => [r.text, r.line])).toEqual([['{"a":1}', 1], ['', 2], ['{"b":2}', 3]]);
  });
});

describe('parseCsvRecord', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,', ['a', '', '']],
    ['"a,b","say ""hi""",', ['a,b', 'say "hi"', '']],
    ['"multi\nline",x', ['multi\nline', 'x']],
    ['"open,x', { error: 'a quoted cell is never closed' }],
    ['"a"b,c', { error: 'unexpected text after a quoted cell (cell 1)' }],
    ['a"b,c', { error: 'a quote inside an unquoted cell (cell 1); quote the whole cell and double the quote' }],
  ])('%j', (text, expected) => expect(parseCsvRecord(text)).toEqual(expected));
});
