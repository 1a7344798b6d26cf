// A survey's average answer per day on the −1..+1 axis (how customers felt, not how many
// answered), each point with the number of answers behind it.
export function SentimentTrend(p: { points: { day: string; average: number | null; count: number }[]; label: string; width?: number; height?: number }) {
  const width = p.width ?? 460;
  const height = p.height ?? 170;
  const pad = { l: 36, r: 12, t: 12, b: 24 };
  const pts = p.points.filter((x) => x.average !== null);
  const n = Math.max(1, p.points.length);
  const step = (width - pad.l - pad.r) / n;
  const index = new Map(p.points.map((x, i) => [x.day, i]));
  const cx = (day: string) => pad.l + step * (index.get(day)! + 0.5);
  const y = (v: number) => pad.t + (1 - (v + 1) / 2) * (height - pad.t - pad.b);
  const every = Math.ceil(n / 6);
  return (
    <svg class="chart sentiment-trend" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={p.label}>
      {[1, 0, -1].map((v) => (
        <g>
          <line class="axis" x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} stroke-dasharray={v === 0 ? undefined : '3 3'} />
          <text x={pad.l - 6} y={y(v) + 4} text-anchor="end" class="muted">{v > 0 ? '+1' : v < 0 ? '−1' : '0'}</text>
        </g>
      ))}
      {pts.length > 1 ? <path d={pts.map((q, k) => `${k ? 'L' : 'M'}${cx(q.day).toFixed(1)},${y(q.average!).toFixed(1)}`).join(' ')} fill="none" stroke="#4f46e5" stroke-width="2" /> : null}
      {pts.map((q) => (
        <circle cx={cx(q.day)} cy={y(q.average!)} r={Math.min(7, 3 + Math.sqrt(q.count))} fill="#4f46e5">
          <title>{`${q.day}: average ${q.average!.toFixed(2)} from ${q.count} answer${q.count === 1 ? '' : 's'}`}</title>
        </circle>
      ))}
      {p.points.map((q, i) => (i % every === 0 ? <text x={cx(q.day)} y={height - 6} text-anchor="middle" class="muted">{q.day.slice(5)}</text> : null))}
    </svg>
  );
}
