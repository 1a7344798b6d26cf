// Where an interrupted import resumes: FILE.import-state.json, rewritten (write, then rename, so
// a kill never leaves half a file) after each batch the collector acknowledged, in file order.
// It holds the byte offset and line just past the last acknowledged row, the counts so far and
// how long the rejects file was then. Another file, or the same file changed, starts afresh.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

export interface Checkpoint {
  /** What the state is about: the file's size and mtime, and the options that shape its events. */
  fingerprint: string;
  offset: number;
  line: number;
  /** A CSV file's header, read before the first row. */
  header: string[] | null;
  imported: number;
  duplicates: number;
  rejected: number;
  rows: number;
  rejectsBytes: number;
}

export const checkpointFile = (file: string) => `${file}.import-state.json`;

export function fingerprint(file: string, options: unknown): string {
  const s = statSync(file);
  return JSON.stringify({ size: s.size, mtimeMs: s.mtimeMs, options });
}

export function readCheckpoint(file: string, print: string): Checkpoint | null {
  const f = checkpointFile(file);
  if (!existsSync(f)) return null;
  try {
    const c = JSON.parse(readFileSync(f, 'utf8')) as Checkpoint;
    return c.fingerprint === print ? c : null;
  } catch {
    return null; // unreadable: start afresh, ids make that safe
  }
}

export function writeCheckpoint(file: string, c: Checkpoint): void {
  const f = checkpointFile(file);
  writeFileSync(`${f}.tmp`, JSON.stringify(c));
  renameSync(`${f}.tmp`, f);
}

export const clearCheckpoint = (file: string) => rmSync(checkpointFile(file), { force: true });
