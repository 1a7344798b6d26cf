// Aggregates are expensive (a full scan) and read often; they are kept per request shape and
// reused while the store's dataVersion() is unchanged. The version comes from the database, so
// a collector notices events another collector wrote to the same PostgreSQL.
export interface AggregateCache {
  get<T>(key: string, version: string, compute: () => Promise<T>): Promise<{ value: T; cached: boolean }>;
}

export function aggregateCache(maxEntries = 32): AggregateCache {
  const entries = new Map<string, { version: string; value: Promise<unknown> }>();
  return {
    async get<T>(key: string, version: string, compute: () => Promise<T>) {
      const hit = entries.get(key);
      if (hit && hit.version === version) {
        // Refresh its place in the LRU order.
        entries.delete(key);
        entries.set(key, hit);
        return { value: (await hit.value) as T, cached: true };
      }
      // Concurrent requests for the same key share one computation.
      const value = compute();
      entries.set(key, { version, value });
      value.catch(() => entries.get(key)?.value === value && entries.delete(key));
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return { value: await value, cached: false };
    },
  };
}
