// A small cache for what the UI derives itself (events per day): entries are
// keyed by the store's data version, so new events or an erasure make them stale at once.
import type { Store } from '../store/store.js';

export function versionedCache<T>(store: Store, max = 50) {
  const entries = new Map<string, Promise<T>>();
  return async (key: string, compute: () => Promise<T>): Promise<T> => {
    const k = `${await store.dataVersion()}|${key}`;
    let hit = entries.get(k);
    if (!hit) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      hit = compute();
      entries.set(k, hit);
      hit.catch(() => entries.delete(k));
    }
    return hit;
  };
}
