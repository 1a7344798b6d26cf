// The import itself: rows read in file order are turned into events and sent in batches through
// the server key, several batches in flight; each batch's outcome is recorded (counts, rejects,
// checkpoint) strictly in file order, so a resumed import starts just after the last row whose
// fate is known. Memory stays bounded by the batches in flight, whatever the file's size.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { packedBody, type Packed } from '../src/pack-batches.js';
import { sendBatch } from '../src/send-batch.js';
import { checkpointFile, clearCheckpoint, fingerprint, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { csvRecords, ndjsonRecords, parseCsvRecord, type RawRecord } from './records.js';
import { openRejects, type Reject } from './rejects.js';
import { checkMapping, csvRow, rowEvent, wireEvent, type IdScope, type Mapping, type RowResult } from './row-event.js';
import { terminalProgress } from './progress.js';
import { LIMITS } from '../../wire/index.js';
import { createHash } from 'node:crypto';

export interface ImportOptions {
  file: string;
  /** The collector's base URL. */
  url: string;
  serverKey: string;
  format: 'csv' | 'ndjson';
  mapping: Mapping;
  /** Names the system the rows come from; part of every id (default: the file's name without extension). */
  source: string;
  /** The site's id, part of every id; default: derived from the server key. */
  site: string | null;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Told about retries and resumption (stderr in the CLI). */
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

export interface ImportSummary {
  imported: number;
  duplicates: number;
  rejected: number;
  rows: number;
  resumedAtLine: number | null;
  rejectsFile: string | null;
}

/** Mistakes the user fixes before anything is sent (a bad option, a column that is not there). */
export class ImportSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportSetupError';
  }
}

export const defaultSource = (file: string) => basename(file).replace(/\.(csv|ndjson|jsonl|json)(\.gz)?$/i, '');

/** A batch in the making, and the rows it answers for. */
interface Chunk {
  events: Packed[];
  /** The line of each event, for the collector's per-event rejections. */
  lines: number[];
  rows: string[];
  rejects: Reject[];
  rowCount: number;
  end: number;
  endLine: number;
}

/** Rows per chunk at most, so a file of mostly bad rows still checkpoints as it goes. */
const MAX_CHUNK_ROWS = 2000;

export async function runImport(o: ImportOptions): Promise<ImportSummary> {
  const log = o.log ?? (() => {});
  const total = statSync(o.file).size;
  const site = o.site ?? `key:${createHash('sha256').update(o.serverKey).digest('hex').slice(0, 32)}`;
  const scope: IdScope = { site, source: o.source };
  const url = `${o.url.replace(/\/+$/, '')}/v1/batch`;
  const print = fingerprint(o.file, { format: o.format, mapping: o.mapping, scope });
  const resumed = readCheckpoint(o.file, print);
  const state: Checkpoint = resumed ?? { fingerprint: print, offset: 0, line: 1, header: null, imported: 0, duplicates: 0, rejected: 0, rows: 0, rejectsBytes: 0 };
  if (resumed) log(`resuming ${o.file} at line ${resumed.line} (${resumed.rows} rows done before; delete ${checkpointFile(o.file)} to start over)`);

  const records = (o.format === 'csv' ? csvRecords : ndjsonRecords)(o.file, { offset: state.offset, line: state.line });
  const iterator = records[Symbol.asyncIterator]();
  const mapped = Object.keys(o.mapping.columns).length + Object.keys(o.mapping.constants).length > 0;
  if (o.format === 'csv' && !state.header) {
    const first = await iterator.next();
    if (first.done) throw new ImportSetupError(`${o.file} is empty; a CSV file starts with a header line naming its columns`);
    const header = parseCsvRecord(first.value.text.replace(/^\uFEFF/, ''));
    if ('error' in header) throw new ImportSetupError(`${o.file}:1: the header line is not CSV: ${header.error}`);
    state.header = header.map((h) => h.trim());
    state.offset = first.value.end;
    state.line = first.value.line + 1;
  }
  const problems = checkMapping(o.mapping, o.format === 'csv' ? state.header : null);
  if (problems.length) throw new ImportSetupError(problems.join('\n'));

  const toEvent = (r: RawRecord): RowResult => {
    if (o.format === 'csv') {
      const cells = parseCsvRecord(r.text);
      if ('error' in cells) return { errors: [cells.error] };
      const row = csvRow(state.header!, cells);
      if ('error' in row) return { errors: [row.error] };
      return rowEvent(row, o.mapping, scope, r.text);
    }
    let value: unknown;
    try {
      value = JSON.parse(r.text);
    } catch (e) {
      return { errors: [`not JSON: ${(e as Error).message}`] };
    }
    if (!mapped) return wireEvent(value, scope, r.text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { errors: ['not a JSON object'] };
    return rowEvent(value as Record<string, unknown>, o.mapping, scope, r.text);
  };

  const rejects = openRejects(o.file, resumed ? state.rejectsBytes : null);
  const progress = terminalProgress(total, state.offset);
  let rowsRead = 0;
  let next = 0;
  let committed = 0;
  const finished = new Map<number, { chunk: Chunk; rejected: Reject[]; accepted: number; duplicates: number }>();
  const inFlight = new Set<Promise<void>>();
  let failure: Error | null = null;
  let paced = false;

  /** Records finished chunks in file order: counts, rejects, then the checkpoint that covers them. */
  const commit = () => {
    for (let f = finished.get(committed); f; f = finished.get(committed)) {
      finished.delete(committed++);
      const all = [...f.chunk.rejects, ...f.rejected].sort((a, b) => a.line - b.line);
      rejects.add(all);
      state.imported += f.accepted;
      state.duplicates += f.duplicates;
      state.rejected += all.length;
      state.rows += f.chunk.rowCount;
      state.offset = f.chunk.end;
      state.line = f.chunk.endLine;
      state.rejectsBytes = rejects.bytes;
      writeCheckpoint(o.file, state);
    }
  };

  const send = (seq: number, chunk: Chunk) => {
    const p = (async () => {
      let rejected: Reject[] = [];
      let accepted = 0;
      let duplicates = 0;
      if (chunk.events.length) {
        const answer = await sendBatch(packedBody(chunk.events), {
          url, serverKey: o.serverKey, maxRetries: 12, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 60_000, fetch: o.fetch,
          onRetry: (n, reason, ms) => {
            if (!reason.startsWith('429 ')) log(`retry ${n} in ${(ms / 1000).toFixed(1)} s: ${reason}`);
            else if (!paced) log(`the collector is pacing this import (429: its per-key limit, limits.eventsPerSecond); waiting as it asks`);
            paced ||= reason.startsWith('429 ');
          },
        });
        accepted = answer.accepted;
        duplicates = answer.duplicates;
        rejected = answer.rejected.map((r) => ({ line: chunk.lines[r.index], reasons: r.errors, row: chunk.rows[r.index] }));
      }
      finished.set(seq, { chunk, rejected, accepted, duplicates });
      commit();
    })().catch((e) => {
      failure ??= e as Error;
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const concurrency = o.concurrency ?? 4;
  const fresh = (): Chunk => ({ events: [], lines: [], rows: [], rejects: [], rowCount: 0, end: state.offset, endLine: state.line });
  let chunk = fresh();
  let bytes = 64;
  const flush = async () => {
    send(next++, chunk);
    chunk = { ...fresh(), end: chunk.end, endLine: chunk.endLine };
    bytes = 64;
    while (inFlight.size >= concurrency && !failure) await Promise.race(inFlight);
  };
  try {
    for (let r = await iterator.next(); !r.done && !failure; r = await iterator.next()) {
      const rec = r.value;
      if (rec.text.trim() === '') {
        chunk.end = rec.end;
        chunk.endLine = rec.line + 1;
        continue;
      }
      const result = toEvent(rec);
      if ('errors' in result) {
        chunk.rejects.push({ line: rec.line, reasons: result.errors, row: rec.text });
      } else {
        const json = JSON.stringify(result.event);
        const size = Buffer.byteLength(json);
        if (size > LIMITS.eventBytes) {
          chunk.rejects.push({ line: rec.line, reasons: [`the event is ${size} bytes; at most ${LIMITS.eventBytes} per event`], row: rec.text });
        } else {
          const packed = { id: result.event.id, json, bytes: size };
          // Full: this event would not fit in the chunk's batch, so the chunk leaves first.
          if (chunk.events.length && (chunk.events.length >= LIMITS.eventsPerBatch || bytes + size + 1 > LIMITS.bodyBytes)) await flush();
          chunk.events.push(packed);
          chunk.lines.push(rec.line);
          chunk.rows.push(rec.text);
          bytes += size + 1;
        }
      }
      chunk.rowCount++;
      rowsRead++;
      chunk.end = rec.end;
      chunk.endLine = rec.line + 1 + (rec.text.match(/\n/g)?.length ?? 0);
      if (chunk.rowCount >= MAX_CHUNK_ROWS) await flush();
      progress.update(rowsRead, chunk.end);
    }
    if (!failure && (chunk.rowCount || chunk.end !== state.offset)) await flush();
    await Promise.all(inFlight);
  } finally {
    progress.done();
  }
  if (failure) {
    rejects.close(true);
    throw failure;
  }
  rejects.close(state.rejected > 0);
  clearCheckpoint(o.file);
  return {
    imported: state.imported, duplicates: state.duplicates, rejected: state.rejected, rows: state.rows,
    resumedAtLine: resumed ? resumed.line : null, rejectsFile: state.rejected > 0 ? rejects.path : null,
  };
}
