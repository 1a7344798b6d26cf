// The journey map as rows × stage columns, in one place, so the page, the CSV and the SVG
// export show the same cells in the same order.
import { csvLine } from '../csv.js';
import type { Count, JourneyMapResult, StageSummary } from '../journey/types.js';
import { fmtDuration, fmtNumber, fmtPercent } from './layout.js';

export interface MapRow {
  key: string;
  label: string;
  /** One cell per stage: lines of text. */
  cell(s: StageSummary): string[];
}

const counts = (list: Count[], n = 5) => list.slice(0, n).map((c) => `${c.key} (${fmtNumber(c.count)})`);
const avg = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);

export const MAP_ROWS: MapRow[] = [
  { key: 'customers', label: 'Customers', cell: (s) => [fmtNumber(s.customers)] },
  { key: 'touchpoints', label: 'Top touchpoints', cell: (s) => counts(s.touchpoints) },
  // Emails, support calls, store orders: a lane of their own beside the website's pages.
  { key: 'offsite', label: 'Off-site touchpoints', cell: (s) => counts(s.offSite) },
  { key: 'actions', label: 'Actions', cell: (s) => counts(s.actions) },
  { key: 'channels', label: 'Channels', cell: (s) => counts(s.channels) },
  {
    key: 'emotion', label: 'Emotion', cell: (s) => [
      `average ${avg(s.emotion.average)}`,
      `explicit ${avg(s.emotion.explicit.average)} (${fmtNumber(s.emotion.explicit.count)})`,
      `inferred ${avg(s.emotion.inferred.average)} (${fmtNumber(s.emotion.inferred.count)})`,
    ],
  },
  { key: 'pain', label: 'Pain points', cell: (s) => counts(s.painPoints).map((t) => t.replace(/_/g, ' ')) },
  { key: 'conversion', label: 'Conversion to next stage', cell: (s) => [s.conversion === null ? '–' : `${fmtPercent(s.conversion)} (${fmtNumber(s.converted)})`] },
  { key: 'time', label: 'Median time to next stage', cell: (s) => [fmtDuration(s.medianTimeToNextMs)] },
];

export const MAP_ROW_KEYS = MAP_ROWS.map((r) => r.key);

/** CSV (csv.ts): one line per row, one column per stage, a cell's lines joined by "; ". */
export function mapCsv(map: JourneyMapResult, notes: { stage: string; row: string; text: string; owner: string | null }[] = []): string {
  const lines = [['row', ...map.stages.map((s) => s.stage)]];
  for (const r of MAP_ROWS) lines.push([r.label, ...map.stages.map((s) => r.cell(s).join('; '))]);
  if (notes.length) {
    lines.push(['Notes', ...map.stages.map((s) => notes.filter((n) => n.stage === s.stage).map((n) => `[${n.row}] ${n.text}${n.owner ? ` (${n.owner})` : ''}`).join('; '))]);
  }
  return lines.map(csvLine).join('');
}
