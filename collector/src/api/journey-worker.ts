// A worker thread's share of a parallel journey pass (journey-pass.ts): the journeys of one
// range of anonymous ids, read through a read-only connection of its own, fed to the pass, and
// the pass's state sent back to be merged.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createPass, type WorkerJob } from './journey-pass.js';
import { sqliteJourneyRows } from './journey-rows.js';
import { scanJourneys } from './scan-journeys.js';

async function run({ file, range, spec, opts }: WorkerJob): Promise<unknown> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const pass = createPass(spec);
    for await (const s of scanJourneys(sqliteJourneyRows(db), opts, range)) pass.add(s);
    return pass.state();
  } finally {
    db.close();
  }
}

run(workerData as WorkerJob).then(
  (state) => parentPort!.postMessage({ state }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) }),
);
