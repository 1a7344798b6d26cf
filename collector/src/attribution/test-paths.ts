// Hand-made paths for the attribution tests: `path('A B C', true)` is a customer who saw A, B
// and C in three visits, a day apart, and moved on a day after C; `path('A+B C', true)` saw A and
// B in one visit (an hour apart), then C in the next.
import type { TransitionPath } from './paths.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let next = 0;

export function path(keys: string, moved: boolean, o: { struggle?: boolean; gapsDays?: number[] } = {}): TransitionPath {
  const visits = keys.split(' ').filter(Boolean);
  let at = Date.parse('2026-01-01T00:00:00Z');
  const touches = visits.flatMap((v, visit) => {
    at += (o.gapsDays?.[visit] ?? 1) * DAY;
    return v.split('+').map((key, i) => ({ key, at: at + i * HOUR, visit }));
  });
  const last = touches.length ? touches[touches.length - 1].at : at;
  const endAt = moved ? last + DAY : last;
  return { customerId: `c${next++}`, touches, moved, endAt, struggleAt: o.struggle ? endAt : null };
}

/** `n` copies of a path. */
export const times = (n: number, make: () => TransitionPath): TransitionPath[] => Array.from({ length: n }, make);
