// Moves WAL checkpoints off the ingest path. By default SQLite checkpoints inside the commit that
// pushes the WAL past 1000 pages: that commit copies the WAL into the database file and fsyncs
// it while every request in its group waits. With events of about 1 KB that is several times a
// second, and it took ~40% of raw insert time on this machine (80k rows/s without, 49k with).
// Here a worker thread with its own connection runs a PASSIVE checkpoint every few hundred
// milliseconds: it never blocks the writer, and the writer's connection is told not to
// checkpoint (wal_autocheckpoint = 0). Durability does not change: a commit is in the WAL
// before its 200 either way, and the checkpoint only moves committed pages.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Inline CommonJS, not a file: it runs the same from TypeScript sources, tests and bundles.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => {
  try { return db.pragma('wal_checkpoint(' + mode + ')')[0]; } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
};
// SQLite starts the WAL over only once a checkpoint has caught up with its end, and a PASSIVE one
// never waits, so under steady ingest it never does: the WAL grew as long as ingest lasted (1.35 GB
// beside a 284 MB database after 300,000 events). Past the limit a RESTART copies the little the
// PASSIVE one left, holding writers back only that long, and the next commit writes from the start.
// A RESTART must find a moment without a writer, and ingest's writer thread, never pausing, left
// it none: it gave up after its busy timeout while the WAL grew past 380 MB. So while that thread
// runs (restart[1]), this one asks it (restart[0]) to restart the WAL itself between two commits,
// and does so here only if the request is still open a round later (the WAL grows from another
// connection while the writer thread is idle).
const restart = workerData.restart ? new Int32Array(workerData.restart) : null;
const round = () => {
  const r = checkpoint('PASSIVE');
  if (!r || r.log <= workerData.restartFrames) { if (restart) Atomics.store(restart, 0, 0); return; }
  if (restart && Atomics.load(restart, 1) === 1 && Atomics.exchange(restart, 0, 1) === 0) return;
  checkpoint('RESTART');
  if (restart) Atomics.store(restart, 0, 0);
};
const timer = setInterval(round, workerData.intervalMs);
// TRUNCATE (after an erasure) waits up to busy_timeout for readers each try.
const truncate = () => {
  for (let i = 0; i < 10; i++) {
    try { if (db.pragma('wal_checkpoint(TRUNCATE)')[0].busy === 0) return true; } catch (e) { return false; }
  }
  return false;
};
parentPort.on('message', (m) => {
  if (m === 'truncate') { parentPort.postMessage({ truncated: truncate() }); return; }
  clearInterval(timer); checkpoint('PASSIVE'); db.close(); parentPort.close();
});
parentPort.postMessage({ ready: true });
`;

/**
 * Shared by the checkpoint thread and ingest's writer thread, as Int32s: [0] the WAL should start
 * over (set by the checkpoint thread), [1] the writer thread runs (set by it while it does).
 */
export const walRestartRequest = () => new SharedArrayBuffer(8);

/** WAL frames (pages) past which a checkpoint round restarts the WAL: 64 MiB of 4 KiB pages, the size it is trimmed back to. */
const RESTART_FRAMES = 16_384;

export interface Checkpointer {
  /** Copies the WAL into the database and empties it (TRUNCATE); false if readers held it off throughout. */
  truncate(): Promise<boolean>;
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `file` from a worker thread; resolves once its connection is open, so the
 * caller can then turn off checkpoints in the commit. Rejects when the thread cannot start, and
 * calls `lost` if it fails or ends later without stop(): either way the caller goes back to
 * SQLite's automatic checkpoints, so the WAL never grows without bound. `restart`, shared with
 * ingest's writer thread (writer.ts), lets that thread start the WAL over when it runs.
 */
export function startCheckpointer(file: string, lost: (why: string) => void, intervalMs = 250, restart?: SharedArrayBuffer): Promise<Checkpointer> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs, restartFrames: RESTART_FRAMES, restart } });
  let stopping = false, started = false;
  const truncations: ((ok: boolean) => void)[] = [];
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      if (stopping) return;
      for (const t of truncations.splice(0)) t(false);
      if (started) lost(why); else reject(new Error(why));
      stopping = true;
      void worker.terminate();
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('message', (m: { ready?: true; error?: string; truncated?: boolean }) => {
      if (m.truncated !== undefined) { truncations.shift()?.(m.truncated); if (!truncations.length) worker.unref(); return; }
      if (m.error) fail(m.error);
      if (!m.ready) return;
      started = true;
      worker.unref(); // once started, a store left open must not keep the process alive
      resolve({
        truncate: () => new Promise<boolean>((done) => {
          if (stopping) return done(false);
          truncations.push(done);
          worker.ref(); // a process waiting for an erasure to finish must not exit
          worker.postMessage('truncate');
        }),
        stop: async () => { if (!stopping) { stopping = true; worker.ref(); worker.postMessage('stop'); } await exited; },
      });
    });
    void exited.then(() => fail('the checkpoint thread ended'));
  });
}
