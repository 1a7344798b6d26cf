import { describe, expect, it } from 'vitest';
import type { Cell, Comparison } from '../compare/compare.js';
import { STAGES } from '../../../wire/schema.js';
import { beforeAfterHref } from './annotations.js';
import { compareCellLine, compareRows } from './map-compare.js';

const cell = (a: number, b: number, low: number, high: number, flagged = false): Cell => ({ a, b, difference: a - b, low, high, flagged });

function comparison(consideration: Partial<Comparison['stages'][number]>): Comparison {
  return {
    level: 0.95, correction: 'bonferroni', cells: 3, flagLevel: 1 - 0.05 / 3, minCustomers: 10,
    stages: STAGES.map((stage) => ({
      stage, customers: { a: 0, b: 0 }, conversion: null, medianTime: null, emotion: { explicit: null, inferred: null }, painPoints: [],
      ...(stage === 'consideration' ? consideration : {}),
    })),
  };
}

describe('compareRows', () => {
  const c = comparison({
    customers: { a: 40, b: 52 },
    conversion: cell(0.75, 0.25, 0.3, 0.68, true),
    medianTime: cell(600_000, 1_200_000, -900_000, -300_000),
    emotion: { explicit: null, inferred: cell(-0.2, 0.05, -0.4, -0.1) },
    painPoints: [{ kind: 'rage_click', ...cell(0.1, 0.1, -0.13, 0.13) }],
  });
  const rows = Object.fromEntries(compareRows(c).map((r) => [r.key, r.cells[1]]));

  it.each([
    ['customers', 'A 40 · B 52; difference -12'],
    ['conversion', 'A 75.0% · B 25.0%; difference +50.0 points; 95% interval +30.0 points to +68.0 points; flagged'],
    ['median-time', 'A 10 min · B 20 min; difference -10 min; 95% interval -15 min to -5 min'],
    ['explicit', '–'],
    ['inferred', 'A -0.20 · B 0.05; difference -0.25; 95% interval -0.40 to -0.10'],
    ['pain-rage_click', 'A 10.0% · B 10.0%; difference ±0.0 points; 95% interval -13.0 points to +13.0 points'],
  ])('writes the %s cell as one line', (key, line) => {
    expect(compareCellLine(rows[key])).toBe(line);
  });

  it('has one pain row per kind any stage has, and a dash where a stage has no cell', () => {
    expect(compareRows(c).map((r) => r.key)).toEqual(['customers', 'conversion', 'median-time', 'explicit', 'inferred', 'pain-rage_click']);
    expect(compareRows(c).find((r) => r.key === 'conversion')!.cells.filter((x) => x === null)).toHaveLength(STAGES.length - 1);
  });
});

describe('beforeAfterHref', () => {
  const data = { first: '2026-11-01', last: '2026-11-30' };
  it.each([
    ['splits the data range at the day', {}, '2026-11-11', '/map?from=2026-11-11&to=2026-11-30&compareFrom=2026-11-01&compareTo=2026-11-10'],
    ['splits the filtered range, keeping the other filters', { from: '2026-11-05', to: '2026-11-20', site: 'shop' }, '2026-11-11', '/map?from=2026-11-11&to=2026-11-20&site=shop&compareFrom=2026-11-05&compareTo=2026-11-10'],
    ['crosses a month', {}, '2026-11-30', '/map?from=2026-11-30&to=2026-11-30&compareFrom=2026-11-01&compareTo=2026-11-29'],
    ['gives none on the first day: nothing before it', {}, '2026-11-01', null],
    ['gives none after the range', {}, '2026-12-01', null],
    ['gives none before the range', { from: '2026-11-15' }, '2026-11-10', null],
  ])('%s', (_what, filters, day, href) => {
    expect(beforeAfterHref(filters, day, data)).toBe(href);
  });

  it('gives none without data or dates', () => {
    expect(beforeAfterHref({}, '2026-11-11', {})).toBeNull();
  });
});
