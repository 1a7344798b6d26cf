// Horizontal bars with a label, a value and an optional link per row: the workhorse chart of
// the overview, funnels and surveys. Pure SVG, sized by viewBox so it scales with its card.
export interface Bar {
  label: string;
  value: number;
  /** Text after the bar; defaults to the value. */
  text?: string;
  color?: string;
  href?: string;
  /** More about the bar, after its label and value (on hover, and in a link's name). */
  title?: string;
}

/**
 * What a bar says on hover and to a screen reader. It starts with the label and value as drawn,
 * so a bar that is a link is named by its visible text (speech input users say what they see).
 */
export function barName(b: Bar): string {
  return `${b.label}: ${b.text ?? b.value}${b.title ? ` — ${b.title}` : ''}`;
}

export function BarChart(p: { bars: Bar[]; width?: number; labelWidth?: number; max?: number; label: string }) {
  const width = p.width ?? 460;
  const lw = p.labelWidth ?? 110;
  const row = 26;
  const max = p.max ?? Math.max(1, ...p.bars.map((b) => b.value));
  const barW = width - lw - 110;
  const height = p.bars.length * row + 4;
  // An image cannot hold links (its content is hidden from assistive technology): bars that link make it a group.
  const role = p.bars.some((b) => b.href) ? 'group' : 'img';
  return (
    <svg class="chart bar-chart" viewBox={`0 0 ${width} ${height}`} role={role} aria-label={p.label}>
      {p.bars.map((b, i) => {
        const y = i * row + 2;
        const w = Math.max(b.value > 0 ? 2 : 0, (Math.max(0, b.value) / max) * barW);
        const body = (
          <g>
            <title>{barName(b)}</title>
            <text x={lw - 8} y={y + 15} text-anchor="end">{truncate(b.label, Math.floor(lw / 6.5))}</text>
            <rect class="bar-track" x={lw} y={y + 3} width={barW} height={row - 8} rx="4" />
            <rect class="bar" x={lw} y={y + 3} width={w} height={row - 8} rx="4" fill={b.color ?? '#4f46e5'} />
            {/* A space between label and value, so text read from the bar is "awareness 40", not "awareness40". */}
            {' '}<text x={lw + barW + 6} y={y + 15}>{b.text ?? String(b.value)}</text>
          </g>
        );
        return b.href ? <a class="bar-hit" href={b.href} aria-label={barName(b)}>{body}</a> : body;
      })}
    </svg>
  );
}

/** A dated marker over a column chart (an annotation): a line at its column, a link with its text. */
export interface ColumnMarker { label: string; text: string; href?: string }

/** Vertical columns over time (events per day); `markers` draw a line at the column of their label. */
export function ColumnChart(p: { points: { label: string; value: number }[]; label: string; width?: number; height?: number; markers?: ColumnMarker[] }) {
  const width = p.width ?? 1000;
  const height = p.height ?? 200;
  const pad = { l: 44, r: 8, t: 8, b: 24 };
  const max = Math.max(1, ...p.points.map((x) => x.value));
  const n = Math.max(1, p.points.length);
  const step = (width - pad.l - pad.r) / n;
  const y = (v: number) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  const every = Math.ceil(n / 8);
  return (
    <svg class="chart column-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={p.label}>
      {[0, 0.5, 1].map((f) => (
        <g>
          <line class="axis" x1={pad.l} x2={width - pad.r} y1={y(max * f)} y2={y(max * f)} stroke-dasharray={f ? '3 3' : undefined} />
          <text x={pad.l - 6} y={y(max * f) + 4} text-anchor="end" class="muted">{compact(max * f)}</text>
        </g>
      ))}
      {p.points.map((pt, i) => (
        <g>
          <title>{`${pt.label}: ${pt.value.toLocaleString('en-US')}`}</title>
          <rect x={pad.l + i * step + step * 0.15} y={y(pt.value)} width={Math.max(1, step * 0.7)} height={height - pad.b - y(pt.value)} rx="2" fill="#6366f1" />
          {i % every === 0 ? <text x={pad.l + i * step + step / 2} y={height - 6} text-anchor="middle" class="muted">{pt.label.slice(5)}</text> : null}
        </g>
      ))}
      <g class="markers">
        {(p.markers ?? []).map((m) => {
          const i = p.points.findIndex((pt) => pt.label === m.label);
          if (i < 0) return null;
          // At the column's left edge: the change came at the start of that day.
          const x = pad.l + i * step;
          const mark = <g><title>{`${m.label}: ${m.text}`}</title><line x1={x} x2={x} y1={pad.t} y2={height - pad.b} /><circle cx={x} cy={pad.t + 3} r="4" fill="#d97706" /></g>;
          return m.href ? <a href={m.href} aria-label={`${m.label}: ${m.text}`}>{mark}</a> : mark;
        })}
      </g>
    </svg>
  );
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e4 ? 0 : 1)}k`;
  // A half-way tick of a small axis (0.5 of 1 answer) keeps its decimal, so ticks never repeat.
  return Number.isInteger(n) || n >= 10 ? String(Math.round(n)) : n.toFixed(1);
}
