// A worker thread's share of a full rebuild (full-rebuild.ts): the states of the ranges of
// anonymous ids it is handed one at a time, read through a connection of its own (read-only on
// SQLite), built and encoded here and posted in batches to the thread that commits them. When a
// range is done it asks for the next, so a thread that runs slower (a busier core, a range of
// longer journeys) takes fewer ranges instead of finishing last alone. At most IN_FLIGHT batches
// wait for the commit at a time, so a slow writer holds the scan back instead of memory filling
// with states.
import { parentPort, workerData } from 'node:worker_threads';
import type { JourneyOptions } from '../journey/index.js';
import { linkedGroups } from '../read/scan-journeys.js';
import { openJourneyReader } from '../store/open.js';
import type { AnonRange, ReaderSource } from '../store/store.js';
import { stateBatches, type StateBatch } from './state-batches.js';

export interface ScanJob { source: ReaderSource; opts: JourneyOptions; batch: number }

/** From the worker: a batch to commit, a request for the next range, the end, or a failure. */
export type ScanMessage = { batch: StateBatch } | { next: true } | { done: true } | { error: string };

/**
 * To the worker: a batch was committed, the range to scan next (with its first, whether to read
 * the identity links again: data came in since it read them), or none is left.
 */
export type ScanOrder = { committed: true } | { range: AnonRange; relink: boolean } | { end: true };

const IN_FLIGHT = 3;

async function run({ source, opts, batch }: ScanJob): Promise<void> {
  const port = parentPort!;
  let waiting = 0;
  let committed: (() => void) | null = null;
  let handed: ((o: { range: AnonRange; relink: boolean } | null) => void) | null = null;
  port.on('message', (m: ScanOrder) => {
    if ('committed' in m) { waiting--; committed?.(); }
    else handed?.('range' in m ? m : null);
  });
  const nextRange = () => new Promise<{ range: AnonRange; relink: boolean } | null>((r) => { handed = r; port.postMessage({ next: true } satisfies ScanMessage); });
  const { reader, close } = openJourneyReader(source);
  try {
    // Read once for every range this thread scans, while the rebuild takes its claims.
    let groups = linkedGroups(await reader.identityLinks());
    for (let order = await nextRange(); order; order = await nextRange()) {
      if (order.relink) groups = linkedGroups(await reader.identityLinks());
      for await (const b of stateBatches(reader, opts, batch, order.range, undefined, groups)) {
        port.postMessage({ batch: b } satisfies ScanMessage);
        waiting++;
        while (waiting >= IN_FLIGHT) await new Promise<void>((r) => { committed = r; });
      }
    }
  } finally {
    await close();
  }
}

run(workerData as ScanJob).then(
  () => { parentPort!.postMessage({ done: true } satisfies ScanMessage); parentPort!.close(); },
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies ScanMessage),
);
