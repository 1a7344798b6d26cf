// The outbox in IndexedDB, through `idb`, shared by every tab of the origin. Keys are UUIDv7 ids,
// so key order is event order: the oldest events are the first keys. A write counts as stored, and
// an acknowledgement as done, only once its transaction has committed (`tx.done`).
//
// Only idb's core is used (`wrap`, `tx.store`, `tx.done`); sdk/build.ts leaves out the extensions
// idb installs on import (db shortcuts, async iteration), which the core's size budget cannot carry.
import { wrap, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import type { WireEvent } from '../../../collector/src/wire';
import { uuidv7Floor } from '../uuid';
import { DEFAULT_LIMITS, type Outbox, type OutboxLimits } from './outbox';

interface OutboxDB extends DBSchema {
  events: { key: string; value: WireEvent };
}
type Store<Mode extends IDBTransactionMode> = IDBPObjectStore<OutboxDB, ['events'], 'events', Mode>;

/**
 * `p`, or a rejection when it has not settled within `ms` (then `late` runs). IndexedDB can hang:
 * an open blocked by another tab, or a transaction that neither commits nor aborts (a wedged
 * IndexedDB, which browsers have shipped); the SDK then carries on in memory instead of waiting.
 */
const within = <T>(p: Promise<T>, ms: number, late?: () => void) =>
  new Promise<T>((ok, fail) => {
    const timer = setTimeout(() => {
      fail(new Error('IndexedDB timed out'));
      late?.();
    }, ms);
    p.then(ok, fail).finally(() => clearTimeout(timer));
  });

const all = (requests: Promise<unknown>[]) => Promise.all(requests);

/** Opens (within 3 s) the outbox database `name`; `timeoutMs` bounds each transaction. */
export async function idbOutbox(name: string, limits: OutboxLimits = DEFAULT_LIMITS, now = Date.now, timeoutMs = 5000): Promise<Outbox> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('events', { keyPath: 'id' });
  const db = (await within(wrap(open), 3000)) as IDBPDatabase<OutboxDB>;

  /**
   * Runs `fn` in one transaction; resolves with its value once the transaction has committed.
   * `fn` awaits every request it makes, so a failed one is never an unhandled rejection.
   */
  const tx = async <Mode extends IDBTransactionMode, T>(mode: Mode, fn: (s: Store<Mode>) => Promise<T>): Promise<T> => {
    const t = db.transaction('events', mode);
    const abort = () => {
      try {
        t.abort();
      } catch {
        // already finished
      }
    };
    return (await within(Promise.all([fn(t.store), t.done]), timeoutMs, abort))[0];
  };

  return {
    kind: 'indexeddb',
    add: (events) =>
      tx('readwrite', async (s) => {
        await all(events.map((e) => s.put(e)));
        // Key ranges, not every key: after a long time offline the outbox holds up to maxEvents.
        const old = IDBKeyRange.upperBound(uuidv7Floor(now() - limits.maxAgeMs), true);
        const evicted = await s.getAllKeys(old);
        await s.delete(old);
        const over = (await s.count()) - limits.maxEvents;
        // The oldest keys are the first ones.
        if (over > 0) for (const k of await s.getAllKeys(null, over)) evicted.push(k), await s.delete(k);
        return evicted;
      }),
    take: (n) => tx('readonly', (s) => s.getAll(null, n)),
    ack: (ids) => tx('readwrite', async (s) => void (await all(ids.map((id) => s.delete(id))))),
    count: () => tx('readonly', (s) => s.count()),
    clear: () => tx('readwrite', (s) => s.clear()),
  };
}
