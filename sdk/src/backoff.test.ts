// When a failed batch is tried again: which answers are retried, and after how long.
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryable } from './backoff';

describe('retryable', () => {
  it.each([[0, true], [408, true], [429, true], [500, true], [503, true], [200, false], [400, false], [401, false], [403, false], [413, false]])(
    'status %i → %s', (status, expected) => expect(retryable(status)).toBe(expected),
  );
});

describe('backoffDelay', () => {
  it.each([
    ['first retry, no jitter', 0, null, 0, 500],
    ['first retry, full jitter', 0, null, 1, 1000],
    ['doubles per attempt', 3, null, 0, 4000],
    ['is capped', 30, null, 1, 300_000],
    ['Retry-After is a floor', 0, 30, 0, 30_000],
    ['Retry-After below the backoff does not shorten it', 5, 1, 1, 32_000],
  ])('%s', (_n, attempt, retryAfter, random, expected) => {
    expect(backoffDelay(attempt, retryAfter, () => random)).toBe(expected);
  });
});
