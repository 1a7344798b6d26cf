// The claims thread's side (claims-thread.ts): reads and builds the customers of the anonymous
// ids it is sent, through a connection of its own, and answers with their states.
import { parentPort, workerData } from 'node:worker_threads';
import type { JourneyOptions } from '../journey/index.js';
import { openJourneyReader } from '../store/open.js';
import type { ReaderSource } from '../store/store.js';
import { groupStates, type GroupStates } from './rebuild.js';

export interface ClaimsJob { source: ReaderSource; opts: Omit<JourneyOptions, 'asOf'> }
export interface ClaimsRequest { id: number; seeds: string[]; journeys: boolean }
export type ClaimsAnswer = { id: number; built: GroupStates } | { id: number; error: string };

const { source, opts } = workerData as ClaimsJob;
const { reader } = openJourneyReader(source);
const port = parentPort!;
port.on('message', (m: ClaimsRequest) => {
  groupStates(reader, opts, m.seeds, m.journeys).then(
    (built) => port.postMessage({ id: m.id, built } satisfies ClaimsAnswer),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies ClaimsAnswer),
  );
});
