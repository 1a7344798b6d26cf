// Ingest's inserts in a worker thread. Under load about half of the collector's main-thread time
// went to SQLite (B-tree inserts, WAL writes in the commit); in a thread of its own that work
// overlaps with reading and validating the next requests, and the requests that arrive while
// one transaction commits form the next, larger group. The 200 still waits for the commit: the
// thread answers only after COMMIT returned.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One request's rows: events as INSERT_EVENT parameters, quarantined events as INSERT_QUARANTINE's. */
export interface WriteRows { events: unknown[][]; quarantined: unknown[][] }

/** The id goes in as text and is stored as 16 bytes: unhex() in SQLite, so no Buffer crosses threads. */
export const INSERT_EVENT = `INSERT INTO events (id, site_id, type, name, anonymous_id, user_id, session_id, at, received_at, ip, flags, body)
  VALUES (unhex(?, '-'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;
export const INSERT_QUARANTINE = 'INSERT INTO quarantine (site_id, received_at, idx, event_id, errors, raw) VALUES (?, ?, ?, ?, ?, ?)';

// Inline CommonJS, not a file: it runs the same from TypeScript sources, tests and bundles.
// Answers, per request of the group, the indexes of the events that were already stored.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('cache_size = -262144');
db.pragma('wal_autocheckpoint = ' + workerData.autocheckpoint);
db.pragma('journal_size_limit = 67108864'); // the commit that starts the WAL over trims it back to 64 MiB
db.pragma('secure_delete = ON'); // as the store's own connection: no stale copies of rows left in freed space
const insertEvent = db.prepare(workerData.insertEvent);
const insertQuarantine = db.prepare(workerData.insertQuarantine);
// Asked by the checkpoint thread (checkpointer.ts), which cannot find a moment between this
// thread's commits: start the WAL over now. A short busy timeout: it waits for readers still on
// the old WAL and for another connection's write, and a request it cannot meet now comes again.
const restart = workerData.restart ? new Int32Array(workerData.restart) : null;
const restartWal = () => {
  db.pragma('busy_timeout = 100');
  try { db.pragma('wal_checkpoint(RESTART)'); } catch (e) { /* asked again next round */ }
  db.pragma('busy_timeout = 5000');
  Atomics.store(restart, 0, 0);
};
if (restart) Atomics.store(restart, 1, 1);
const commit = db.transaction((group) => group.map((w) => {
  const duplicates = [];
  w.events.forEach((row, i) => { if (insertEvent.run(row).changes === 0) duplicates.push(i); });
  for (const row of w.quarantined) insertQuarantine.run(row);
  return duplicates;
}));
parentPort.on('message', (m) => {
  if (m.autocheckpoint !== undefined) { db.pragma('wal_autocheckpoint = ' + m.autocheckpoint); return; }
  if (m.stop) { if (restart) Atomics.store(restart, 1, 0); db.close(); parentPort.close(); return; }
  try { parentPort.postMessage({ duplicates: commit.immediate(m.group) }); }
  catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
  if (restart && Atomics.load(restart, 0) === 1) restartWal(); // after the answer: the requests need not wait for it
});
parentPort.postMessage({ ready: true });
`;

export interface SqliteWriter {
  /** Commits one group of requests; per request, the indexes of its events already stored. */
  write(group: WriteRows[]): Promise<number[][]>;
  /** 0 while a checkpoint thread runs, 1000 (SQLite's default) when commits must checkpoint. */
  setAutocheckpoint(pages: number): void;
  stop(): Promise<void>;
}

/**
 * Starts the writer thread on an existing, migrated database file. Rejects when it cannot start;
 * `lost` is called if it fails later (its transaction's requests get the error; the caller goes
 * back to writing in its own thread).
 */
export function startWriter(
  file: string, opts: { synchronous: string; autocheckpoint: number; restart?: SharedArrayBuffer }, lost: (why: string) => void,
): Promise<SqliteWriter> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, driver, insertEvent: INSERT_EVENT, insertQuarantine: INSERT_QUARANTINE, ...opts },
  });
  // Referenced only while starting or writing: a store left open must not keep the process
  // alive, but a process waiting for a commit must not exit.
  let inFlight: { resolve: (d: number[][]) => void; reject: (e: Error) => void } | null = null;
  let started = false, stopping = false;
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      if (opts.restart) Atomics.store(new Int32Array(opts.restart), 1, 0); // the checkpoint thread restarts the WAL itself again
      worker.unref();
      inFlight?.reject(new Error(`the SQLite writer thread failed: ${why}`));
      inFlight = null;
      if (stopping) return;
      stopping = true;
      if (started) lost(why); else reject(new Error(why));
      void worker.terminate();
    };
    worker.on('error', (e) => fail(e.message));
    void exited.then(() => fail('it ended'));
    worker.on('message', (m: { ready?: true; duplicates?: number[][]; error?: string }) => {
      if (m.ready) {
        started = true;
        worker.unref();
        resolve({
          write(group) {
            if (inFlight) return Promise.reject(new Error('one group at a time'));
            if (stopping) return Promise.reject(new Error('the SQLite writer thread has stopped'));
            return new Promise((res, rej) => {
              inFlight = { resolve: res, reject: rej };
              worker.ref();
              worker.postMessage({ group });
            });
          },
          setAutocheckpoint: (pages) => worker.postMessage({ autocheckpoint: pages }),
          async stop() {
            if (!stopping) { stopping = true; worker.ref(); worker.postMessage({ stop: true }); }
            await exited;
          },
        });
        return;
      }
      const done = inFlight;
      inFlight = null;
      worker.unref();
      if (m.error !== undefined) done?.reject(new Error(m.error)); else done?.resolve(m.duplicates!);
    });
  });
}
