// The journey map as one self-contained SVG (presentation attributes only, no stylesheet), so
// the downloaded file and the PNG drawn from it look like the page wherever they are opened:
// the emotion curve over the stage columns, then every story row with its text wrapped, never cut.
import type { JourneyMapResult } from '../../journey/types.js';
import type { StoryRow } from '../map-story.js';
import { EMOTION_COLORS, stageColor } from '../styles.js';
import { wrapText } from './wrap-text.js';

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
const COL = 230;
const LABEL = 170;
const LINE = 15;
const CHARS = 30; // per line in a column of COL px at 12 px, with a margin for wide glyphs
const TONE = { negative: '#b91c1c', positive: '#047857' };

export function MapSvg(p: { map: JourneyMapResult; rows: StoryRow[]; title: string }) {
  const stages = p.map.stages;
  const width = LABEL + COL * stages.length + 20;
  const curveTop = 64;
  const curveH = 120;
  const headTop = curveTop + curveH + 36;
  const top = headTop + 26;
  const rows = p.rows.map((r) => {
    const cells = r.cells.map((cell) => cell.flatMap((l) => wrapText(l.text, CHARS).map((t, k) => ({ t, first: k === 0, line: l }))));
    const labelLines = wrapText(r.label, 22);
    return { r, cells, labelLines, height: Math.max(labelLines.length, 1, ...cells.map((c) => c.length)) * LINE + 14 };
  });
  const height = top + rows.reduce((a, b) => a + b.height, 0) + 20;
  const cx = (i: number) => LABEL + COL * i + COL / 2;
  const cy = (v: number) => curveTop + (1 - (v + 1) / 2) * curveH;
  const series = [
    { key: 'explicit' as const, color: EMOTION_COLORS.explicit, dash: undefined, name: 'surveys' },
    { key: 'inferred' as const, color: EMOTION_COLORS.inferred, dash: '5 4', name: 'signals' },
  ];
  let y = top;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} font-family={FONT} font-size="12">
      <rect width={width} height={height} fill="#ffffff" />
      <text x="10" y="24" font-size="18" font-weight="700" fill="#0f172a">{p.title}</text>
      <text x="10" y="42" fill="#64748b">{`${p.map.customers.toLocaleString('en-US')} customers`}</text>
      <g data-part="emotion-curve">
        <text x="10" y={curveTop + 4} font-weight="600" fill="#0f172a">Emotion curve</text>
        <text x="10" y={curveTop + 20} fill={EMOTION_COLORS.explicit}>— surveys</text>
        <text x="10" y={curveTop + 36} fill={EMOTION_COLORS.inferred}>- - signals</text>
        {[1, 0, -1].map((v) => (
          <g>
            <line x1={LABEL} x2={width - 20} y1={cy(v)} y2={cy(v)} stroke="#e2e8f0" stroke-dasharray={v === 0 ? undefined : '3 3'} />
            <text x={LABEL - 6} y={cy(v) + 4} text-anchor="end" fill="#64748b">{v > 0 ? '+1' : v < 0 ? '−1' : '0'}</text>
          </g>
        ))}
        {series.map((se) => {
          const pts = stages.map((s, i) => ({ i, v: s.emotion[se.key].average, n: s.emotion[se.key].count })).filter((q) => q.v !== null);
          return (
            <g>
              {pts.length > 1 ? <path d={pts.map((q, k) => `${k ? 'L' : 'M'}${cx(q.i).toFixed(1)},${cy(q.v!).toFixed(1)}`).join(' ')} fill="none" stroke={se.color} stroke-width="2.5" stroke-dasharray={se.dash} /> : null}
              {pts.map((q) => (
                <g>
                  <circle cx={cx(q.i)} cy={cy(q.v!)} r="4.5" fill={se.color} />
                  <text x={cx(q.i) + 8} y={cy(q.v!) + (se.key === 'explicit' ? -6 : 14)} fill={se.color} font-size="11">{`${q.v! >= 0 ? '+' : '−'}${Math.abs(q.v!).toFixed(2)} (n=${q.n})`}</text>
                </g>
              ))}
            </g>
          );
        })}
      </g>
      {stages.map((s, i) => (
        <g>
          <rect x={LABEL + i * COL + 2} y={headTop} width={COL - 4} height="22" rx="4" fill={stageColor(s.stage)} />
          <text x={LABEL + i * COL + 10} y={headTop + 15} fill="#ffffff" font-weight="600">{s.stage}</text>
        </g>
      ))}
      {rows.map((row, ri) => {
        const y0 = y;
        y += row.height;
        return (
          <g data-row={row.r.key}>
            <rect x="0" y={y0} width={width} height={row.height} fill={ri % 2 ? '#ffffff' : '#f8fafc'} />
            {row.labelLines.map((t, k) => <text x="10" y={y0 + 18 + k * LINE} font-weight="600" fill="#0f172a">{t}</text>)}
            {row.cells.map((cell, ci) => cell.map((l, li) => (
              <text x={LABEL + ci * COL + 8 + (l.first ? 0 : 8)} y={y0 + 18 + li * LINE}
                fill={l.line.note ? '#854d0e' : l.line.tone ? TONE[l.line.tone] : '#334155'}>{l.t}</text>
            )))}
          </g>
        );
      })}
    </svg>
  );
}
