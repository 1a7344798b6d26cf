// A worker thread's share of a parallel journey pass (journey-pass.ts): the journeys of one
// range of anonymous ids, read through a connection of its own (read-only on SQLite), fed to
// the pass, and the pass's state sent back to be merged.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { postgresPool } from '../store/postgres.js';
import { createPass, type WorkerJob, type WorkerSource } from './journey-pass.js';
import { sqliteJourneyRows, type JourneyRowSource } from './journey-rows.js';
import { postgresJourneyRows } from './postgres-journey-rows.js';
import { scanJourneys } from './scan-journeys.js';

function open(source: WorkerSource): { rows: JourneyRowSource; close(): Promise<void> } {
  if (source.kind === 'sqlite') {
    const db = new Database(source.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return { rows: sqliteJourneyRows(db), close: async () => { db.close(); } };
  }
  // Two connections: one reads the next page of the range while the other answers the point
  // queries for linked ids outside it.
  const pool = postgresPool({ ...source, max: 2 });
  pool.on('error', () => {}); // an idle connection's failure surfaces in the next query
  return { rows: postgresJourneyRows(pool), close: () => pool.end() };
}

async function run({ source, range, spec, opts }: WorkerJob): Promise<unknown> {
  const { rows, close } = open(source);
  try {
    const pass = createPass(spec);
    for await (const s of scanJourneys(rows, opts, range)) pass.add(s);
    return pass.state();
  } finally {
    await close();
  }
}

run(workerData as WorkerJob).then(
  (state) => parentPort!.postMessage({ state }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) }),
);
