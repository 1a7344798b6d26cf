// The journey map as a table of text: the CSV export, one line per story row, one column per stage.
import { csvLine } from '../csv.js';
import type { Comparison } from '../compare/compare.js';
import type { JourneyMapResult } from '../journey/types.js';
import { compareCellLine, compareRows } from './map-compare.js';
import { LEGACY_NOTE_ROWS, NOTE_ROWS, type StoryRow } from './map-story.js';

/** Rows a note may be saved on. */
export const MAP_ROW_KEYS: string[] = [...NOTE_ROWS, ...LEGACY_NOTE_ROWS];

/**
 * CSV (csv.ts): every row of the story, a cell's lines joined by "; ", notes and opportunities
 * included; with a comparison, its rows after them, each cell with both values, the difference,
 * the interval and whether it is flagged.
 */
export function mapCsv(map: JourneyMapResult, rows: StoryRow[], comparison?: Comparison | null): string {
  const lines = [['row', ...map.stages.map((s) => s.stage)]];
  for (const r of rows) lines.push([r.label, ...r.cells.map((c) => c.map((l) => l.text).join('; '))]);
  if (comparison) for (const r of compareRows(comparison)) lines.push([`Compared (A − B): ${r.label}`, ...r.cells.map(compareCellLine)]);
  return lines.map(csvLine).join('');
}
