// The claims thread's side (claims-thread.ts): reads and builds the customers of the anonymous
// ids it is sent, through a connection of its own, and answers with their states.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { JourneyOptions } from '../journey/index.js';
import { openJourneyReader } from '../store/open.js';
import type { ReaderSource } from '../store/store.js';
import { groupStates, type GroupStates } from './rebuild.js';

export interface ClaimsJob { source: ReaderSource; opts: Omit<JourneyOptions, 'asOf'> }
export interface ClaimsRequest { id: number; seeds: string[]; journeys: boolean }
export type ClaimsAnswer = { id: number; built: GroupStates } | { id: number; error: string };

// Background work: the thread lowers its own priority (Linux names a thread by its task id), so
// when ingest and rebuilds want the same cores ingest goes first and the rebuilds take what is left.
// Where there is no /proc/thread-self the thread keeps the process's priority.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // not Linux
}

const { source, opts } = workerData as ClaimsJob;
const { reader } = openJourneyReader(source);
const port = parentPort!;
port.on('message', (m: ClaimsRequest) => {
  groupStates(reader, opts, m.seeds, m.journeys).then(
    (built) => port.postMessage({ id: m.id, built } satisfies ClaimsAnswer),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies ClaimsAnswer),
  );
});
