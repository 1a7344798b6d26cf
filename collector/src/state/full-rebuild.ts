// A full rebuild (the configuration changed, or states are new) as one streaming pass over the
// store instead of customer by customer. The worker that marked it claims every dirty anonymous
// id, while scan workers (scan-worker.ts) start and read the identity links; then, handed ranges
// of anonymous ids in turn, they read their events through
// connections of their own, build and encode the states and post them in batches of whole
// linked groups (state-batches.ts); this thread commits each batch as it comes, releasing the
// claims of the ids it covers, each only if its mark is unchanged, so whatever arrived during
// the pass stays dirty and is rebuilt after it. The progress (progress.ts) moves with every
// batch. If the collector dies meanwhile, the rest of the claims expire and workers rebuild
// those customers by claims.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JourneyOptions } from '../journey/index.js';
import type { DirtyClaim, ReaderSource, Store } from '../store/store.js';
import type { AnonRange } from '../store/id-ranges.js';
import type { MomentsOf } from './rebuild.js';
import type { ScanJob, ScanMessage, ScanOrder } from './scan-worker.js';
import { stateBatches, type StateBatch } from './state-batches.js';
import { workerFile } from './worker-file.js';

export interface FullRebuildOptions {
  /** Looked at between batches: true stops the rebuild, giving back the claims not yet done. */
  stopped?: () => boolean;
  /** The actions' moments of each journey, stored with its state (the scan then runs in this thread: a function stays here). */
  moments?: MomentsOf;
  /** Scan worker threads, one range of anonymous ids each; the cores by default, at least 1. */
  parallel?: number;
  /** Customers per commit, rounded up to whole linked groups; 1000 by default. */
  batch?: number;
}

export interface FullRebuildResult { committed: boolean; customers: number; events: number }

export async function rebuildByScan(store: Store, opts: Omit<JourneyOptions, 'asOf'>, owner: string, leaseMs: number, o: FullRebuildOptions = {}): Promise<FullRebuildResult> {
  const stopped = o.stopped ?? (() => false);
  // The scan threads start now, and boot and read the identity links while the claims are taken
  // (3 s at 10M events). Links read before a claim are current only if nothing was written
  // since: a link arriving in between would be missing from its customer, whose claim then
  // holds the newer mark and is released. So they are read again unless the data version held.
  const before = await store.dataVersion();
  const scan = startScan(store, opts, o);
  try {
    const claims = new Map<string, DirtyClaim>();
    for (let after = ''; ;) { // '' comes before every id (ids are never empty)
      const c = await store.states.claim(owner, 10_000, leaseMs, after);
      if (!c.length) break;
      for (const x of c) claims.set(x.anonymousId, x);
      after = c[c.length - 1].anonymousId;
    }
    const giveBack = async () => { if (claims.size) await store.states.unclaim([...claims.values()]); };
    // A full rebuild often follows a bulk load, before autovacuum (if on) has analysed it.
    await store.refreshStatistics();
    const dataVersion = await store.dataVersion();
    let customers = 0;
    let events = 0;
    for await (const b of scan.batches(dataVersion !== before)) {
      if (stopped()) { await giveBack(); return { committed: false, customers, events }; }
      const written = new Set(b.rows.map((r) => r.customerId));
      const ids = b.rows.flatMap((r) => r.anonymousIds);
      // Old states of these ids that are not rewritten here: customers merged or split since.
      const remove = (await store.states.covering(ids)).map((s) => s.customerId).filter((id) => !written.has(id));
      const done: DirtyClaim[] = [];
      for (const a of ids) {
        const c = claims.get(a);
        if (c) { done.push(c); claims.delete(a); }
      }
      const deliveries = b.deliveries.length ? { deliveries: { list: b.deliveries, now: Date.now() } } : {};
      // Not committed: an erasure came after dataVersion was read (the commit gave back `done`).
      if (!(await store.states.commit({ remove, write: b.rows, done, dataVersion, ...deliveries }))) {
        await giveBack();
        return { committed: false, customers, events };
      }
      customers += b.rows.length;
      events += b.events;
    }
    // Ids no customer covers (only a bot's events, say), released by mark like the rest.
    await store.states.commit({ remove: [], write: [], done: [...claims.values()], dataVersion });
    return { committed: true, customers, events };
  } finally {
    await scan.stop();
  }
}

/** A full rebuild's source of built states, started before the claims are taken. */
interface Scan {
  /** The states in batches, once every claim is held; `relink`: the data changed since the scan started. */
  batches(relink: boolean): AsyncIterable<StateBatch>;
  stop(): Promise<void>;
}

/** From scan worker threads, or from this thread when they cannot read the store. */
function startScan(store: Store, opts: JourneyOptions, o: FullRebuildOptions): Scan {
  const size = o.batch ?? 1000;
  const worker = workerFile('scan-worker');
  const source = store.readerSource();
  if (o.moments || !worker || !source) return { batches: () => stateBatches(store.journeys, opts, size, undefined, o.moments), stop: async () => {} };
  return scanThreads(worker, source, store, opts, size, Math.max(1, o.parallel ?? availableParallelism()));
}

/**
 * Ranges per scan worker: handed out one at a time as workers ask, so when one thread runs slower
 * the others take more ranges. The last range is scanned on one core while the others are done:
 * at 10M events on two threads, the last thread finished 19–35 s after the other with one range
 * each, 4–9 s after with 8 each, 1.5 s after with 24. A range cost its thread 60–90 ms to set up there,
 * about 40 of them finding its linked ids and groups, now a binary search (scan-journeys.ts).
 */
const RANGES_PER_WORKER = 24;

function scanThreads(url: URL, source: ReaderSource, store: Store, opts: JourneyOptions, size: number, parallel: number): Scan {
  // Until batches() starts, threads that ask for a range wait here: no event may be read before every claim is held.
  let ranges: AnonRange[] | null = null;
  let relink = false;
  const asking: Worker[] = [];
  const started = new Set<Worker>();
  const hand = (w: Worker) => {
    const range = ranges!.shift();
    // A thread's first range says whether the links it read at start are stale.
    w.postMessage((range ? { range, relink: relink && !started.has(w) } : { end: true }) satisfies ScanOrder);
    started.add(w);
  };
  const queue: { batch: StateBatch; from: Worker }[] = [];
  let failure: Error | null = null;
  let running = parallel;
  let wake: (() => void) | null = null;
  const workers = Array.from({ length: parallel }, () => {
    // Rows, journeys and states die young: a larger young generation scavenges less often.
    const w = new Worker(url, { workerData: { source, opts, batch: size } satisfies ScanJob, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    let finished = false;
    w.on('message', (m: ScanMessage) => {
      if ('batch' in m) queue.push({ batch: m.batch, from: w });
      else if ('next' in m) { if (ranges) hand(w); else asking.push(w); }
      else if ('done' in m) { finished = true; running--; }
      else failure ??= new Error(`scan worker: ${m.error}`);
      wake?.();
    });
    w.on('error', (e) => { failure ??= e; wake?.(); });
    w.on('exit', (code) => { if (!finished) failure ??= new Error(`scan worker exited with code ${code} before finishing`); wake?.(); });
    return w;
  });
  return {
    async *batches(changed) {
      relink = changed;
      ranges = parallel > 1 ? await store.splitRanges(parallel * RANGES_PER_WORKER) : [{ from: null, to: null }];
      for (const w of asking.splice(0)) hand(w);
      for (;;) {
        if (failure) throw failure;
        const next = queue.shift();
        if (next) {
          yield next.batch;
          next.from.postMessage({ committed: true } satisfies ScanOrder); // the worker may build one more
          continue;
        }
        if (running === 0) return;
        await new Promise<void>((r) => { wake = r; });
        wake = null;
      }
    },
    stop: async () => { await Promise.all(workers.map((w) => w.terminate())); },
  };
}
