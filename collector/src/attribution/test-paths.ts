// Hand-made paths for the attribution tests: `path('A B C', true)` is a customer who saw A, B
// and C, a day apart, and moved on a day after C.
import type { TransitionPath } from './paths.js';

const DAY = 86_400_000;
let next = 0;

export function path(keys: string, moved: boolean, o: { struggle?: boolean; gapsDays?: number[] } = {}): TransitionPath {
  const names = keys.split(' ').filter(Boolean);
  let at = Date.parse('2026-01-01T00:00:00Z');
  const touches = names.map((key, i) => ({ key, at: (at += (o.gapsDays?.[i] ?? 1) * DAY) }));
  const endAt = moved ? at + DAY : at;
  return { customerId: `c${next++}`, touches, moved, endAt, struggleAt: o.struggle ? endAt : null };
}

/** `n` copies of a path. */
export const times = (n: number, make: () => TransitionPath): TransitionPath[] => Array.from({ length: n }, make);
