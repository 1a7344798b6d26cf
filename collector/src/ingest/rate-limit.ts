// A token bucket per write key, counted in events (and a second one counted in body bytes): a
// flood from one site gets 429s while every other site keeps its share of the collector.
export interface RateLimiter {
  /**
   * Takes `cost` tokens for `key`; returns 0 if allowed, else the seconds to wait. May be async:
   * a limiter shared by several collectors (store/postgres/rate-limit.ts) asks the database.
   */
  take(key: string, cost: number, now: number): number | Promise<number>;
}

export function tokenBucket(perSecond: number, burstSeconds = 10): RateLimiter {
  const capacity = perSecond * burstSeconds;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, cost, now) {
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { tokens: capacity, at: now }));
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return 0;
      }
      return Math.max(1, Math.ceil((cost - b.tokens) / perSecond));
    },
  };
}

/**
 * Burst seconds of a byte budget: 10, or more when that would not hold one body of the largest
 * size allowed, which would otherwise be refused forever.
 */
export const byteBurstSeconds = (bytesPerSecond: number, maxBodyBytes: number) => Math.max(10, maxBodyBytes / bytesPerSecond);
