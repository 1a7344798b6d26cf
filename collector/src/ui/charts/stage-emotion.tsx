// Average emotion per stage on a −1..+1 axis, explicit (surveys) and inferred (frustration
// signals) drawn apart, each with its count: the emotion curve of the journey map.
import type { StageSummary } from '../../journey/types.js';
import { EMOTION_COLORS } from '../styles.js';

export function StageEmotionChart(p: { stages: StageSummary[]; width?: number; label: string }) {
  const width = p.width ?? 480;
  const height = 190;
  const pad = { l: 36, r: 16, t: 14, b: 30 };
  const n = Math.max(1, p.stages.length);
  const step = (width - pad.l - pad.r) / n;
  const cx = (i: number) => pad.l + step * (i + 0.5);
  const y = (v: number) => pad.t + (1 - (v + 1) / 2) * (height - pad.t - pad.b);
  const series = [
    { key: 'explicit' as const, color: EMOTION_COLORS.explicit, dash: undefined },
    { key: 'inferred' as const, color: EMOTION_COLORS.inferred, dash: '5 4' },
  ];
  return (
    <svg class="chart stage-emotion" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={p.label}>
      {[1, 0, -1].map((v) => (
        <g>
          <line class="axis" x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} stroke-dasharray={v === 0 ? undefined : '3 3'} />
          <text x={pad.l - 6} y={y(v) + 4} text-anchor="end" class="muted">{v > 0 ? '+1' : v < 0 ? '−1' : '0'}</text>
        </g>
      ))}
      {p.stages.map((s, i) => <text x={cx(i)} y={height - 10} text-anchor="middle">{s.stage}</text>)}
      {series.map((se) => {
        const pts = p.stages.map((s, i) => ({ i, v: s.emotion[se.key].average, count: s.emotion[se.key].count, stage: s.stage })).filter((q) => q.v !== null);
        const d = pts.map((q, k) => `${k ? 'L' : 'M'}${cx(q.i).toFixed(1)},${y(q.v!).toFixed(1)}`).join(' ');
        return (
          <g>
            {pts.length > 1 ? <path d={d} fill="none" stroke={se.color} stroke-width="2.5" stroke-dasharray={se.dash} /> : null}
            {pts.map((q) => (
              <g>
                <circle cx={cx(q.i)} cy={y(q.v!)} r="5" fill={se.color}>
                  <title>{`${q.stage}: ${se.key} ${q.v!.toFixed(2)} (${q.count} points)`}</title>
                </circle>
                {/* The count beside each point: an average of three answers reads differently from one of three hundred. */}
                <text class="point-count" x={cx(q.i) + 8} y={y(q.v!) + (se.key === 'explicit' ? -7 : 15)} fill={se.color}>{`${q.v! >= 0 ? '+' : '−'}${Math.abs(q.v!).toFixed(2)} · n=${q.count}`}</text>
              </g>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
