import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

describe('progressLine', () => {
  it.each([
    [[120_000, 3, 25, 100], 'rows 120,000 · 40,000 rows/s · 25% · ETA 0:09'],
    [[0, 0, 0, 100], 'rows 0 · 0 rows/s · 0% · ETA ?'],
    [[1_000_000, 100, 50, 100], 'rows 1,000,000 · 10,000 rows/s · 50% · ETA 1:40'],
  ] as const)('%j → %s', ([rows, seconds, read, total], line) => expect(progressLine(rows, seconds, read, total)).toBe(line));
});
