// A worker thread's share of a parallel journey pass (journey-pass.ts): the journeys of one
// range of anonymous ids, read through a connection of its own (read-only on SQLite), fed to
// the pass, and the pass's state sent back to be merged.
import { parentPort, workerData } from 'node:worker_threads';
import { openJourneyReader } from '../store/open.js';
import { createPass, type WorkerJob } from './journey-pass.js';
import { scanJourneys } from './scan-journeys.js';

async function run({ source, range, spec, opts }: WorkerJob): Promise<unknown> {
  const { reader, close } = openJourneyReader(source);
  try {
    const pass = createPass(spec);
    for await (const s of scanJourneys(reader, opts, range)) pass.add(s);
    return pass.state();
  } finally {
    await close();
  }
}

run(workerData as WorkerJob).then(
  (state) => parentPort!.postMessage({ state }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) }),
);
