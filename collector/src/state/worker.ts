// The background worker that keeps journey states current: claims dirty anonymous ids in
// batches (leases, so several collectors share the work and a killed one's claims expire),
// rebuilds their customers (rebuild.ts; read and built in a thread of their own,
// claims-thread.ts) and goes on until none are left, then polls. At start it compares the
// configuration's fingerprint with the one the states were built with and, when they differ,
// marks every anonymous id dirty: a full rebuild, whose progress rebuildProgress reads.
import { randomUUID } from 'node:crypto';
import type { JourneyOptions } from '../journey/index.js';
import type { DirtyClaim, Store } from '../store/store.js';
import { stateFingerprint } from './fingerprint.js';
import { FINGERPRINT_KEY, REBUILD_TOTAL_KEY } from './progress.js';

export { REBUILD_TOTAL_KEY } from './progress.js';
import { rebuildByScan } from './full-rebuild.js';
import { startClaimsThread } from './claims-thread.js';
import { groupStates, rebuildClaims, type BuildGroups, type MomentsOf } from './rebuild.js';

export interface StateWorkerOptions {
  /** Anonymous ids claimed per batch; 500 by default (each batch waits its turn between ingest commits twice: claim and commit). */
  batch?: number;
  /** How long a claim holds before another worker may take it (ms); 30 s by default. */
  leaseMs?: number;
  /** Pause between polls when nothing is dirty (ms); 50 by default. */
  idleMs?: number;
  /** A full rebuild this worker marks runs as one streaming pass (true by default); false: by claims like any change. */
  fullRebuildByScan?: boolean;
  /** Threads scanning the events in a full rebuild by scan (full-rebuild.ts); the cores by default, at least 1. */
  parallel?: number;
  /** Build claimed customers in a thread of their own (claims-thread.ts); true by default. */
  thread?: boolean;
  /** The lifecycle actions' moments of each rebuilt journey, stored in the same commit as its state. */
  moments?: MomentsOf;
  /** Called after each committed batch (tests, the bench; the actions engine, to deliver what it stored). */
  onBatch?: (b: { customers: number; events: number; claims: number; deliveries: number }) => void;
}

export interface StateWorker {
  readonly owner: string;
  /** Resolves once the fingerprint is checked (and a full rebuild, if needed, is marked). */
  readonly ready: Promise<void>;
  /** Finishes the batch in hand, gives back nothing half done, and stops. */
  stop(): Promise<void>;
}


/** How often the worker looks whether the planner's statistics went stale (Store.refreshStatistics). */
const STATISTICS_EVERY_MS = 5 * 60_000;

export function startStateWorker(store: Store, opts: Omit<JourneyOptions, 'asOf'>, o: StateWorkerOptions = {}): StateWorker {
  const owner = randomUUID();
  const batch = o.batch ?? 500;
  const leaseMs = o.leaseMs ?? 30_000;
  const idleMs = o.idleMs ?? 50;
  let stopped = false;
  let wake: (() => void) | null = null;

  /** Whether this worker marked a full rebuild: then it runs it as one pass (full-rebuild.ts). */
  let full = false;
  const ready = (async () => {
    const fingerprint = stateFingerprint(opts);
    if ((await store.states.getMeta(FINGERPRINT_KEY)) === fingerprint) return;
    const total = await store.states.markAll();
    await store.states.setMeta(REBUILD_TOTAL_KEY, String(total));
    await store.states.setMeta(FINGERPRINT_KEY, fingerprint);
    full = o.fullRebuildByScan !== false;
  })();

  const loop = (async () => {
    await ready;
    if (full) {
      try {
        const r = await rebuildByScan(store, opts, owner, leaseMs, { stopped: () => stopped, moments: o.moments, parallel: o.parallel });
        if (r.committed) o.onBatch?.({ customers: r.customers, events: r.events, claims: 0, deliveries: 0 });
      } catch (e) {
        console.error('journey states: the full rebuild failed; rebuilding customer by customer instead:', (e as Error).message);
      }
    }
    let statisticsAt = -Infinity; // looked at once at start, then every few minutes
    const here: BuildGroups = (seeds, journeys) => groupStates(store.journeys, opts, seeds, journeys);
    const thread = o.thread === false ? null : startClaimsThread(store.readerSource(), opts, here);
    while (!stopped) {
      let claims: DirtyClaim[] = [];
      try {
        if (Date.now() - statisticsAt >= STATISTICS_EVERY_MS) {
          statisticsAt = Date.now();
          await store.refreshStatistics();
        }
        claims = await store.states.claim(owner, batch, leaseMs);
        if (claims.length) {
          const r = await rebuildClaims(store, claims, opts, o.moments, thread?.build ?? here);
          if (r.committed) o.onBatch?.({ customers: r.customers, events: r.events, claims: claims.length, deliveries: r.deliveries });
          // SQLite answers synchronously: without a macrotask turn the loop would hold the event loop, and every request, until nothing is dirty.
          await new Promise((r) => setImmediate(r));
          continue;
        }
        if ((await store.states.getMeta(REBUILD_TOTAL_KEY)) !== '0' && (await store.states.backlog()) === 0) await store.states.setMeta(REBUILD_TOTAL_KEY, '0');
      } catch (e) {
        if (stopped) break;
        console.error('journey states: a rebuild failed, retrying:', (e as Error).message);
        if (claims?.length) await store.states.unclaim(claims).catch(() => {});
      }
      await new Promise<void>((r) => { wake = r; setTimeout(r, idleMs).unref?.(); });
      wake = null;
    }
    await thread?.stop();
  })();

  return {
    owner,
    ready,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** Rebuilds until nothing is dirty, in this call (tests, the bench, a one-off rebuild); returns the batches' totals. */
export async function rebuildDirty(store: Store, opts: Omit<JourneyOptions, 'asOf'>, o: { owner?: string; batch?: number; leaseMs?: number; moments?: MomentsOf } = {}): Promise<{ customers: number; events: number }> {
  const owner = o.owner ?? randomUUID();
  const total = { customers: 0, events: 0 };
  for (;;) {
    const claims = await store.states.claim(owner, o.batch ?? 200, o.leaseMs ?? 30_000);
    if (!claims.length) return total;
    const r = await rebuildClaims(store, claims, opts, o.moments);
    total.customers += r.customers;
    total.events += r.events;
  }
}
