// A worker thread's share of a full rebuild (full-rebuild.ts): the states of one range of
// anonymous ids, read through a connection of its own (read-only on SQLite), built and encoded
// here and posted in batches to the thread that commits them. At most IN_FLIGHT batches wait
// for that thread's commit at a time, so a slow writer holds the scan back instead of memory
// filling with states.
import { parentPort, workerData } from 'node:worker_threads';
import type { JourneyOptions } from '../journey/index.js';
import { openJourneyReader } from '../store/open.js';
import type { AnonRange, ReaderSource } from '../store/store.js';
import { stateBatches, type StateBatch } from './state-batches.js';

export interface ScanJob { source: ReaderSource; range: AnonRange; opts: JourneyOptions; batch: number }

/** From the worker: a batch to commit (answer with any message once committed), the end, or a failure. */
export type ScanMessage = { batch: StateBatch } | { done: true } | { error: string };

const IN_FLIGHT = 3;

async function run({ source, range, opts, batch }: ScanJob): Promise<void> {
  const port = parentPort!;
  let waiting = 0;
  let committed: (() => void) | null = null;
  port.on('message', () => { waiting--; committed?.(); });
  const { reader, close } = openJourneyReader(source);
  try {
    for await (const b of stateBatches(reader, opts, batch, range)) {
      port.postMessage({ batch: b } satisfies ScanMessage);
      waiting++;
      while (waiting >= IN_FLIGHT) await new Promise<void>((r) => { committed = r; });
    }
  } finally {
    await close();
  }
}

run(workerData as ScanJob).then(
  () => { parentPort!.postMessage({ done: true } satisfies ScanMessage); parentPort!.close(); },
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies ScanMessage),
);
