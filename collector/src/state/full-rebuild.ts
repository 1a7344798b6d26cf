// A full rebuild (the configuration changed, or states are new) as one streaming pass over the
// store (read/scan-journeys.ts) instead of customer by customer: the worker that marked it
// claims every dirty anonymous id, writes the states in chunks, and releases the claims, each
// only if its mark is unchanged, so whatever arrived during the pass is rebuilt after it. If
// the collector dies meanwhile, the claims expire and workers rebuild the rest by claims.
import { serverAnonymousId } from '../ingest/normalise.js';
import { journeyState } from '../journey/journey-state.js';
import type { JourneyOptions } from '../journey/index.js';
import { scanJourneys } from '../read/scan-journeys.js';
import type { DirtyClaim, NewDelivery, StateRow, Store } from '../store/store.js';
import type { MomentsOf } from './rebuild.js';

const CHUNK = 1000;

export async function rebuildByScan(store: Store, opts: Omit<JourneyOptions, 'asOf'>, owner: string, leaseMs: number, stopped: () => boolean = () => false, moments?: MomentsOf): Promise<{ customers: number; committed: boolean }> {
  const claims: DirtyClaim[] = [];
  for (;;) {
    const c = await store.states.claim(owner, 10_000, leaseMs);
    if (!c.length) break;
    claims.push(...c);
  }
  const dataVersion = await store.dataVersion();
  let chunk: StateRow[] = [];
  let deliveries: NewDelivery[] = [];
  let customers = 0;
  const flush = async () => {
    if (!chunk.length) return true;
    // Old states of these ids that are not rewritten here: customers merged or split since.
    const written = new Set(chunk.map((w) => w.customerId));
    const remove = (await store.states.covering(chunk.flatMap((w) => w.anonymousIds))).map((s) => s.customerId).filter((id) => !written.has(id));
    const ok = await store.states.commit({ remove, write: chunk, done: [], dataVersion, ...(deliveries.length ? { deliveries: { list: deliveries, now: Date.now() } } : {}) });
    customers += chunk.length;
    chunk = [];
    deliveries = [];
    return ok;
  };
  for await (const { journey, traits } of scanJourneys(store.journeys, opts)) {
    if (stopped()) break;
    chunk.push({
      customerId: journey.customerId,
      // Its devices, and where a server's events about it are stored.
      anonymousIds: [...new Set([...journey.anonymousIds, ...journey.userIds.map(serverAnonymousId)])],
      state: JSON.stringify(journeyState(journey, traits)),
    });
    if (moments) deliveries.push(...moments(journey));
    if (chunk.length >= CHUNK && !(await flush())) { await store.states.unclaim(claims); return { customers, committed: false }; }
  }
  if (stopped() || !(await flush())) { await store.states.unclaim(claims); return { customers, committed: false }; }
  // Released by mark: an id changed during the pass stays dirty for the claims worker.
  await store.states.commit({ remove: [], write: [], done: claims, dataVersion });
  return { customers, committed: true };
}
