// FILE.rejects.csv: every row that was not imported, with its line number, its reasons and the
// row as it was, so it can be fixed and imported again on its own.
import { closeSync, existsSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { csvLine } from '../../collector/src/csv.js';

export interface Reject {
  line: number;
  reasons: string[];
  row: string;
}

export interface RejectsFile {
  readonly path: string;
  /** Bytes written so far (a checkpoint keeps it, to cut what followed on resume). */
  readonly bytes: number;
  add(rejects: Reject[]): void;
  /** Closes it; removes it when it holds no reject. */
  close(anyRejected: boolean): void;
}

const HEADER = csvLine(['line', 'reasons', 'row']);

/** Opens FILE.rejects.csv: afresh, or cut back to `resumeAt` bytes when resuming. */
export function openRejects(file: string, resumeAt: number | null): RejectsFile {
  const path = `${file}.rejects.csv`;
  let fd: number;
  if (resumeAt !== null && existsSync(path) && statSync(path).size >= resumeAt) {
    truncateSync(path, resumeAt);
    fd = openSync(path, 'a');
  } else {
    fd = openSync(path, 'w');
    writeSync(fd, HEADER);
  }
  let bytes = resumeAt ?? Buffer.byteLength(HEADER);
  return {
    path,
    get bytes() { return bytes; },
    add(rejects) {
      if (!rejects.length) return;
      const text = rejects.map((r) => csvLine([r.line, r.reasons.join('; '), r.row])).join('');
      writeSync(fd, text);
      bytes += Buffer.byteLength(text);
    },
    close(anyRejected) {
      closeSync(fd);
      if (!anyRejected) rmSync(path, { force: true });
    },
  };
}
