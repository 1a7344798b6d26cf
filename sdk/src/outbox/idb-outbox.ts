// The outbox in IndexedDB, shared by every tab of the origin. Keys are UUIDv7 ids, so key order is
// event order and "older than 7 days" is one key range. A write counts as stored, and an
// acknowledgement as done, only once its transaction has committed.
//
// Plain IndexedDB behind two small promise helpers rather than the `idb` library (which the
// extension uses). Through idb (even with its unused proxy extensions left out of the bundle) the outbox
// cost ~416 B gzip more, and a page's first flush came later: in the offline browser test, pages
// that live ~100 ms sent nothing in 2 of 7 runs that way, against 0 of 6 this way.
import type { WireEvent } from '../../../wire';
import { uuidv7Floor } from '../uuid';
import { DEFAULT_LIMITS, type Outbox, type OutboxLimits } from './outbox';

const STORE = 'events';

const result = <T>(r: IDBRequest<T>) =>
  new Promise<T>((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });

export async function idbOutbox(name: string, limits: OutboxLimits = DEFAULT_LIMITS, now = Date.now, timeoutMs = 5000): Promise<Outbox> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
  const db = await result(open);

  /**
   * Runs `fn` in one transaction; resolves with its value once the transaction has committed.
   * A transaction that neither commits nor aborts in time (a wedged IndexedDB, which browsers
   * have shipped) fails: the SDK then carries on in memory instead of waiting forever.
   */
  const tx = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => T | Promise<T>) =>
    new Promise<T>((ok, fail) => {
      const t = db.transaction(STORE, mode);
      let value: T;
      const stuck = setTimeout(() => {
        fail(new Error('IndexedDB transaction timed out'));
        try {
          t.abort();
        } catch {
          // already finished
        }
      }, timeoutMs);
      Promise.resolve(fn(t.objectStore(STORE))).then((v) => (value = v), fail);
      t.oncomplete = () => (clearTimeout(stuck), ok(value));
      t.onerror = t.onabort = () => (clearTimeout(stuck), fail(t.error));
    });

  return {
    add: (events) =>
      tx('readwrite', async (s) => {
        events.forEach((e) => s.put(e));
        const old = IDBKeyRange.upperBound(uuidv7Floor(now() - limits.maxAgeMs), true);
        const evicted = (await result(s.getAllKeys(old))) as string[];
        s.delete(old);
        const over = (await result(s.count())) - limits.maxEvents;
        // The oldest keys are the first ones; the count is small except when the outbox is full.
        if (over > 0) for (const k of (await result(s.getAllKeys(null, over))) as string[]) evicted.push(k), s.delete(k);
        return evicted;
      }),
    take: (n) => tx('readonly', (s) => result(s.getAll(null, n))),
    // A batch is the oldest keys, so its ids are usually every key between its first and last: then
    // one range delete, not a request (and a success event on the main thread) per event. A key
    // written meanwhile inside the range (another tab, a spill) keeps it to one delete per id.
    ack: (ids) =>
      tx('readwrite', async (s) => {
        const sorted = [...ids].sort();
        const range = IDBKeyRange.bound(sorted[0], sorted[ids.length - 1]);
        if ((await result(s.getAllKeys(range))).join() == sorted.join()) s.delete(range);
        else ids.forEach((id) => s.delete(id));
      }),
    clear: () => tx('readwrite', (s) => void s.clear()),
  };
}
