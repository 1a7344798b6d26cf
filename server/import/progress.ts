// Progress of a long import on a terminal: rows, rows per second and the time left, redrawn in
// place on stderr a few times a second. Off when stderr is not a terminal (a log, a pipe).

export interface Progress {
  update(rows: number, bytesRead: number): void;
  done(): void;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const clock = (s: number) => (Number.isFinite(s) ? `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}` : '?');

/** The progress line: `rows 120,000 · 41,800 rows/s · 12% · ETA 3:20`. */
export function progressLine(rows: number, seconds: number, bytesRead: number, bytesTotal: number): string {
  const rate = seconds > 0 ? rows / seconds : 0;
  const share = bytesTotal > 0 ? bytesRead / bytesTotal : 1;
  const eta = share > 0 ? (seconds * (1 - share)) / share : Infinity;
  return `rows ${fmt(rows)} · ${fmt(rate)} rows/s · ${Math.floor(share * 100)}% · ETA ${clock(eta)}`;
}

export function terminalProgress(bytesTotal: number, bytesAtStart: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = performance.now();
  let last = 0;
  return {
    update(rows, bytesRead) {
      const now = performance.now();
      if (now - last < 250) return;
      last = now;
      // Rate and ETA from this run only: a resumed import's earlier rows took no time here.
      stream.write(`\r${progressLine(rows, (now - started) / 1000, bytesRead - bytesAtStart, bytesTotal - bytesAtStart)}\x1b[K`);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
