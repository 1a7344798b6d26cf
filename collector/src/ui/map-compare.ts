// A comparison (compare/) as the journey map shows it: one row per measure, one cell per stage,
// each cell's both values, the difference and its 95 % interval as text. The page and the CSV
// both read these rows, so a download says exactly what the page says.
import type { Cell, Comparison } from '../compare/compare.js';
import { fmtDuration } from './layout.js';
import { painLabel } from './labels.js';

export interface CompareCellText {
  /** Both values: `A 75.0% · B 25.0%`. */
  values: string;
  /** a − b: `+50.0 points`. */
  difference: string;
  /** The 95 % interval of the difference, or null (a count has none). */
  interval: string | null;
  flagged: boolean;
}

export interface CompareRow { key: string; label: string; cells: (CompareCellText | null)[] }

type Unit = 'rate' | 'duration' | 'score';

const signed = (text: string, x: number) => `${x > 0 ? '+' : x < 0 ? '-' : '±'}${text}`;
const show = (x: number, unit: Unit): string =>
  unit === 'rate' ? `${(x * 100).toFixed(1)}%` : unit === 'duration' ? fmtDuration(x) : x.toFixed(2);
const change = (x: number, unit: Unit): string =>
  signed(unit === 'rate' ? `${Math.abs(x * 100).toFixed(1)} points` : unit === 'duration' ? fmtDuration(Math.abs(x)) : Math.abs(x).toFixed(2), x);

function cellText(c: Cell | null, unit: Unit): CompareCellText | null {
  if (!c) return null;
  return {
    values: `A ${show(c.a, unit)} · B ${show(c.b, unit)}`,
    difference: change(c.difference, unit),
    interval: `${change(c.low, unit)} to ${change(c.high, unit)}`,
    flagged: c.flagged,
  };
}

export function compareRows(c: Comparison): CompareRow[] {
  const kinds = [...new Set(c.stages.flatMap((s) => s.painPoints.map((p) => p.kind)))].sort();
  return [
    { key: 'customers', label: 'Customers', cells: c.stages.map((s) => ({ values: `A ${s.customers.a} · B ${s.customers.b}`, difference: signed(String(Math.abs(s.customers.a - s.customers.b)), s.customers.a - s.customers.b), interval: null, flagged: false })) },
    { key: 'conversion', label: 'Conversion to a later stage', cells: c.stages.map((s) => cellText(s.conversion, 'rate')) },
    { key: 'median-time', label: 'Median time to the next stage', cells: c.stages.map((s) => cellText(s.medianTime, 'duration')) },
    { key: 'explicit', label: 'Explicit emotion (surveys, −1 to 1)', cells: c.stages.map((s) => cellText(s.emotion.explicit, 'score')) },
    { key: 'inferred', label: 'Inferred emotion (signals, −1 to 1)', cells: c.stages.map((s) => cellText(s.emotion.inferred, 'score')) },
    ...kinds.map((kind) => ({
      key: `pain-${kind}`, label: `${painLabel(kind)} (share of the stage's customers)`,
      cells: c.stages.map((s) => cellText(s.painPoints.find((p) => p.kind === kind) ?? null, 'rate')),
    })),
  ];
}

/** What a flagged cell says in words, so the flag never rests on colour alone. */
export const flagText = (t: CompareCellText) => `flagged: ${t.difference}, the corrected interval excludes zero`;

/** A cell as one line of text (the CSV; the cell's title). */
export function compareCellLine(t: CompareCellText | null): string {
  if (!t) return '–';
  return [t.values, `difference ${t.difference}`, ...(t.interval ? [`95% interval ${t.interval}`] : []), ...(t.flagged ? ['flagged'] : [])].join('; ');
}
