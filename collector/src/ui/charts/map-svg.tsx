// The journey map as one self-contained SVG (presentation attributes only, no stylesheet), so
// the downloaded file and the PNG drawn from it look like the page wherever they are opened.
import type { JourneyMapResult } from '../../journey/types.js';
import type { MapNote } from '../../store/store.js';
import { MAP_ROWS } from '../map-table.js';
import { stageColor } from '../styles.js';
import { truncate } from './bar-chart.js';

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

export function MapSvg(p: { map: JourneyMapResult; notes: MapNote[]; title: string }) {
  const colW = 200;
  const labelW = 200;
  const line = 15;
  const rows = [...MAP_ROWS.map((r) => ({ label: r.label, cells: p.map.stages.map((s) => r.cell(s)) })),
    { label: 'Notes', cells: p.map.stages.map((s) => p.notes.filter((n) => n.stage === s.stage).map((n) => `${n.text}${n.owner ? ` — ${n.owner}` : ''}`)) }];
  const heights = rows.map((r) => Math.max(1, ...r.cells.map((c) => c.length)) * line + 14);
  const top = 70;
  const width = labelW + colW * p.map.stages.length + 20;
  const height = top + heights.reduce((a, b) => a + b, 0) + 20;
  let y = top;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} font-family={FONT} font-size="12">
      <rect width={width} height={height} fill="#ffffff" />
      <text x="10" y="24" font-size="18" font-weight="700" fill="#0f172a">{p.title}</text>
      <text x="10" y="42" fill="#64748b">{`${p.map.customers.toLocaleString('en-US')} customers`}</text>
      {p.map.stages.map((s, i) => (
        <g>
          <rect x={labelW + i * colW + 2} y={top - 22} width={colW - 4} height="20" rx="4" fill={stageColor(s.stage)} />
          <text x={labelW + i * colW + 10} y={top - 8} fill="#ffffff" font-weight="600">{s.stage}</text>
        </g>
      ))}
      {rows.map((r, ri) => {
        const y0 = y;
        y += heights[ri];
        return (
          <g>
            <rect x="0" y={y0} width={width} height={heights[ri]} fill={ri % 2 ? '#ffffff' : '#f8fafc'} />
            <text x="10" y={y0 + 18} font-weight="600" fill="#0f172a">{r.label}</text>
            {r.cells.map((cell, ci) => cell.map((t, li) => (
              <text x={labelW + ci * colW + 8} y={y0 + 18 + li * line} fill={r.label === 'Notes' ? '#854d0e' : '#334155'}>{truncate(t, 27)}</text>
            )))}
          </g>
        );
      })}
    </svg>
  );
}
