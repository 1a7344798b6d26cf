// When to try a failed batch again. Pure, so the rules are unit-tested without a clock.

/** Network errors (0), timeouts, 429 and 5xx are worth retrying; other answers will not change. */
export function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so tabs and
 * visitors that failed together do not come back together. A server's Retry-After (seconds)
 * is a floor, never shortened by jitter.
 */
export function backoffDelay(attempt: number, retryAfterSeconds: number | null = null, random = Math.random, baseMs = 1000, maxMs = 300_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.max(exp / 2 + (random() * exp) / 2, (retryAfterSeconds ?? 0) * 1000);
}
