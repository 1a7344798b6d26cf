// A large journey pass in worker threads, one range of anonymous ids each, their partial states
// merged: the scan is part database, part JavaScript, and both parts split across cores (on
// PostgreSQL, the server reads one range while workers build the journeys of others). It also
// keeps a pass of several seconds off the main thread, so ingest and the UI answer while it
// runs. Small stores and in-memory databases are scanned in this thread: a worker's start costs
// more than they take. Node only: server.ts hands workerPasses() to the app.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JourneyOptions } from '../journey/index.js';
import type { AnonRange, ReaderSource, Store } from '../store/store.js';
import { createPass, runPass, type PassResult, type PassRunner, type PassSpec } from './journey-pass.js';

export interface ParallelOptions {
  /** Worker threads for a large pass; 0 or 1 scans in this thread. Default: the cores, at most 4. */
  workers?: number;
  /** Stores with fewer events than this are scanned in this thread. Default 200,000. */
  minEvents?: number;
}

export interface WorkerJob { source: ReaderSource; range: AnonRange; spec: PassSpec; opts: JourneyOptions }

export interface PassPlan { worker: URL; source: ReaderSource; ranges: AnonRange[] }

/** The worker's entry: compiled JavaScript beside this file, else a boot file that loads the TypeScript. */
function workerFile(): URL | null {
  for (const name of ['journey-worker.js', 'journey-worker-boot.mjs']) {
    const url = new URL(`./${name}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

/** The ranges of anonymous ids a pass over `store` splits into, one per worker; null: scan in this thread. */
export async function planPass(store: Store, parallel: ParallelOptions = {}): Promise<PassPlan | null> {
  const workers = parallel.workers ?? Math.min(availableParallelism(), 4);
  const minEvents = parallel.minEvents ?? 200_000;
  const worker = workerFile();
  const source = store.readerSource();
  if (workers < 2 || !worker || !source) return null;
  if ((await store.eventCount()) < minEvents) return null;
  const ranges = await store.splitRanges(workers);
  return ranges.length > 1 ? { worker, source, ranges } : null;
}

/**
 * Runs a pass in worker threads when the store is large enough to gain from them (see planPass),
 * else in this thread: what server.ts gives the read service.
 */
export function workerPasses(parallel: ParallelOptions = {}): PassRunner {
  return async (store, spec, opts) => {
    const plan = await planPass(store, parallel);
    if (!plan) return runPass(store, spec, opts);
    const pass = createPass(spec);
    const workers: Worker[] = [];
    const states = await Promise.all(plan.ranges.map((range) => inWorker(plan.worker, { source: plan.source, range, spec, opts }, workers)))
      .catch((e: unknown) => { for (const w of workers) void w.terminate(); throw e; }); // one failed: the rest would be wasted
    // Ranges in id order, states merged in the same order: the result does not depend on timing.
    for (const s of states) pass.merge(s);
    return pass.result() as PassResult<typeof spec>;
  };
}

function inWorker(url: URL, job: WorkerJob, started: Worker[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // A pass allocates rows and journeys that die young: a larger young generation than V8's
    // default scavenges less often (about 8% off a 1M-event pass on PostgreSQL).
    const w = new Worker(url, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    started.push(w);
    let settled = false;
    w.once('message', (m: { state?: unknown; error?: string }) => {
      settled = true;
      if (m.error !== undefined) reject(new Error(`journey worker: ${m.error}`)); else resolve(m.state);
    });
    w.once('error', (e) => { settled = true; reject(e); });
    w.once('exit', (code) => { if (!settled) reject(new Error(`journey worker exited with code ${code} before answering`)); });
  });
}
