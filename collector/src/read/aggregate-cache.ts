// Aggregates are expensive (a full scan) and read often; they are kept per request shape and
// reused while the store's dataVersion() is unchanged. The version comes from the database, so
// a collector notices events another collector wrote to the same PostgreSQL.
//
// A reader that can live with the previous result (the analyst UI) may be served it while the
// new one is computed in the background: on a site with live traffic the data changes between
// any two page views, and recomputing on every view would make every view wait for a full scan.
export interface AggregateCache {
  get<T>(key: string, version: string, compute: () => Promise<T>, opts?: StaleOptions): Promise<CacheAnswer<T>>;
}

export interface StaleOptions {
  /** Whether a finished result computed at `version` may be served while a fresh one is computed. */
  staleOk?: (version: string) => boolean;
}

export interface CacheAnswer<T> {
  value: T;
  cached: boolean;
  /** Served from an older version while a refresh runs; `version` is the one it was computed at. */
  stale: boolean;
  version: string;
}

interface Entry { version: string; value: Promise<unknown>; done: boolean; refresh?: Entry }

export function aggregateCache(maxEntries = 32): AggregateCache {
  const entries = new Map<string, Entry>();

  function start<T>(version: string, compute: () => Promise<T>): Entry {
    const entry: Entry = { version, value: compute(), done: false };
    entry.value.then(() => (entry.done = true), () => {});
    return entry;
  }

  function put(key: string, entry: Entry) {
    entries.delete(key); // refreshes its place in the LRU order
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  }

  return {
    async get<T>(key: string, version: string, compute: () => Promise<T>, opts: StaleOptions = {}) {
      const hit = entries.get(key);
      if (hit && hit.version === version) {
        put(key, hit);
        return { value: (await hit.value) as T, cached: true, stale: false, version };
      }
      if (hit?.done && opts.staleOk?.(hit.version)) {
        if (!hit.refresh) {
          const next = (hit.refresh = start(version, compute));
          next.value.then(() => entries.get(key) === hit && put(key, next), () => (hit.refresh = undefined));
        }
        put(key, hit);
        return { value: (await hit.value) as T, cached: true, stale: true, version: hit.version };
      }
      // A refresh already computing this version is shared too.
      if (hit?.refresh?.version === version) return { value: (await hit.refresh.value) as T, cached: false, stale: false, version };
      // Concurrent requests for the same key share one computation.
      const entry = start(version, compute);
      put(key, entry);
      entry.value.catch(() => entries.get(key) === entry && entries.delete(key));
      return { value: (await entry.value) as T, cached: false, stale: false, version };
    },
  };
}
