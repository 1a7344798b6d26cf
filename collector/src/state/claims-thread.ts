// Claimed customers built in a worker thread of its own (claims-worker.ts) instead of the
// collector's: SQLite answers synchronously, so there a batch of rebuilds held every ingest
// request for as long as it took, and under `npm run bench -- ingest` the collector took 3,700
// events/s instead of 20,600 with states off. Here the thread reads and builds; the collector's
// thread only widens the groups by their old states and commits (rebuild.ts). If the thread
// fails, building goes on in the collector's thread (`fallback`).
import { Worker } from 'node:worker_threads';
import type { JourneyOptions } from '../journey/index.js';
import type { ReaderSource } from '../store/store.js';
import type { ClaimsAnswer, ClaimsJob, ClaimsRequest } from './claims-worker.js';
import type { BuildGroups, GroupStates } from './rebuild.js';
import { workerFile } from './worker-file.js';

export interface ClaimsThread {
  build: BuildGroups;
  stop(): Promise<void>;
}

/** null when the thread's entry is not there (a bundle without it) or the store gives no reader source. */
export function startClaimsThread(source: ReaderSource | null, opts: Omit<JourneyOptions, 'asOf'>, fallback: BuildGroups): ClaimsThread | null {
  const url = workerFile('claims-worker');
  if (!url || !source) return null;
  const worker = new Worker(url, { workerData: { source, opts } satisfies ClaimsJob });
  worker.unref(); // a store left open must not keep the process alive
  const waiting = new Map<number, { ok: (b: GroupStates) => void; fail: (e: Error) => void }>();
  let next = 0;
  let broken: Error | null = null;
  let stopping = false;
  const fail = (e: Error) => {
    if (!broken && !stopping) console.error(`journey states: the claims thread failed (${e.message}); building in the collector's thread`);
    broken ??= e;
    for (const w of waiting.values()) w.fail(e);
    waiting.clear();
  };
  worker.on('message', (m: ClaimsAnswer) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if ('error' in m) w?.fail(new Error(m.error));
    else w?.ok(m.built);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
  return {
    build: (seeds, journeys) => broken ? fallback(seeds, journeys) : new Promise<GroupStates>((ok, no) => {
      const id = next++;
      waiting.set(id, { ok, fail: no });
      worker.postMessage({ id, seeds, journeys } satisfies ClaimsRequest);
    }),
    async stop() {
      stopping = true;
      await worker.terminate();
      broken ??= new Error('stopped');
    },
  };
}
