// A data file as records, streamed: each record with the line it starts on and the byte offset
// just past it, so an interrupted import resumes at a record boundary. A CSV record may span lines
// (a quoted cell holding a newline); it is complete once its quotes are balanced.
import { createReadStream } from 'node:fs';

export interface RawRecord {
  /** The record's text, without its line ending. */
  text: string;
  /** 1-based line number of its first line. */
  line: number;
  /** Byte offset just past its line ending: where reading resumes after it. */
  end: number;
}

export interface ReadFrom {
  /** Byte offset to start at (a record boundary). */
  offset: number;
  /** The line number at that offset. */
  line: number;
}

const NEWLINE = 0x0a;

/** Lines of a file from `from`, with their byte positions; the last one may lack a newline. */
async function* lines(file: string, from: ReadFrom): AsyncGenerator<RawRecord> {
  let rest: Buffer = Buffer.alloc(0);
  let offset = from.offset;
  let line = from.line;
  for await (const chunk of createReadStream(file, { start: from.offset, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE, start); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
      const stop = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      offset += nl + 1 - start;
      yield { text: buf.toString('utf8', start, stop), line: line++, end: offset };
      start = nl + 1;
    }
    rest = buf.subarray(start);
  }
  if (rest.length) yield { text: rest.toString('utf8').replace(/\r$/, ''), line, end: offset + rest.length };
}

/** NDJSON: one record per line. */
export const ndjsonRecords = lines;

const quotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
};

const MAX_RECORD_CHARS = 1 << 20;

/** CSV: lines joined while a quoted cell is open (up to 1 MB: then it is reported as never closed). */
export async function* csvRecords(file: string, from: ReadFrom): AsyncGenerator<RawRecord> {
  let open: RawRecord | null = null;
  let openQuotes = 0;
  for await (const l of lines(file, from)) {
    if (open) {
      open = { text: `${open.text}\n${l.text}`, line: open.line, end: l.end };
      openQuotes += quotes(l.text);
    } else {
      open = l;
      openQuotes = quotes(l.text);
    }
    // No event is over 32 KB: a record this long is an open quote swallowing the file, not a cell.
    if (openQuotes % 2 === 0 || open.text.length > MAX_RECORD_CHARS) {
      yield open;
      open = null;
    }
  }
  if (open) yield open; // an unclosed quote at the end: parseCsvRecord reports it
}

/** The cells of one CSV record (RFC 4180: `"` quotes a cell, `""` is a quote inside one). */
export function parseCsvRecord(text: string): string[] | { error: string } {
  if (!text.includes('"')) return text.split(',');
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return { error: 'a quoted cell is never closed' };
        cell += text.slice(i, q);
        if (text[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
      if (i === text.length) return cells;
      if (text[i] !== ',') return { error: `unexpected text after a quoted cell (cell ${cells.length})` };
      i++;
    } else {
      const c = text.indexOf(',', i);
      const cell = text.slice(i, c < 0 ? text.length : c);
      if (cell.includes('"')) return { error: `a quote inside an unquoted cell (cell ${cells.length + 1}); quote the whole cell and double the quote` };
      cells.push(cell);
      if (c < 0) return cells;
      i = c + 1;
    }
  }
}
