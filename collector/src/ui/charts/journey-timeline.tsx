// One customer's journey as a picture: each session gets an equal slice of the width (weeks
// apart or minutes apart, a visit stays readable), time runs linearly inside a slice, and
// rows below share that axis: stage band, touchpoints by channel, emotion curve, pain points.
import type { Journey } from '../../journey/types.js';
import { labelColor, stageColor } from '../styles.js';

export function sessionScale(sessions: { start: string; end: string }[], x0: number, width: number, gap = 10) {
  const n = Math.max(1, sessions.length);
  const slice = (width - gap * (n - 1)) / n;
  const spans = sessions.map((s) => [Date.parse(s.start), Date.parse(s.end)] as const);
  return (at: string | number): number => {
    const t = typeof at === 'number' ? at : Date.parse(at);
    let i = spans.findIndex(([a, b]) => t >= a && t <= b);
    if (i < 0) i = Math.max(0, spans.findLastIndex(([a]) => a <= t));
    const [a, b] = spans[i] ?? [t, t];
    const f = b > a ? Math.min(1, Math.max(0, (t - a) / (b - a))) : 0.5;
    return x0 + i * (slice + gap) + f * slice;
  };
}

export function JourneyTimeline(p: { journey: Journey; width?: number }) {
  const j = p.journey;
  const width = p.width ?? 1000;
  const left = 96;
  const plot = width - left - 12;
  const x = sessionScale(j.sessions, left, plot);
  const n = Math.max(1, j.sessions.length);
  const slice = (plot - 10 * (n - 1)) / n;
  const rows = { session: 18, stage: 48, touch: 80, emoTop: 108, emoH: 90, pain: 218 };
  const height = 240;
  const ey = (score: number) => rows.emoTop + (1 - (score + 1) / 2) * rows.emoH;
  const byId = new Map(j.touchpoints.map((t) => [t.id, t]));
  const explicit = j.emotion.filter((e) => e.source === 'explicit');
  const inferred = j.emotion.filter((e) => e.source === 'inferred');
  const line = (pts: typeof j.emotion) => pts.map((e, i) => `${i ? 'L' : 'M'}${x(e.at).toFixed(1)},${ey(e.score).toFixed(1)}`).join(' ');
  return (
    <svg class="chart journey-timeline" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={`Journey timeline of ${j.customerId}`}>
      <text x="0" y={rows.session + 4}>Sessions</text>
      <text x="0" y={rows.stage + 4}>Stage</text>
      <text x="0" y={rows.touch + 4}>Touchpoints</text>
      <text x="0" y={rows.emoTop + rows.emoH / 2 + 4}>Emotion</text>
      <text x="0" y={rows.pain + 4}>Pain points</text>
      {j.sessions.map((s, i) => (
        <g>
          <title>{`Session ${i + 1} · ${s.channel} · ${s.touchpoints} touchpoints · ${s.start}`}</title>
          <rect x={left + i * (slice + 10)} y={rows.session - 8} width={slice} height="16" rx="4" fill={labelColor(s.channel)} opacity="0.85" />
          {slice > 60 ? <text x={left + i * (slice + 10) + 6} y={rows.session + 4} fill="#fff">{`${i + 1} · ${s.channel}`}</text> : null}
        </g>
      ))}
      {j.touchpoints.map((t, i) => {
        const next = j.touchpoints[i + 1];
        const x1 = x(t.at);
        const x2 = next && next.sessionId === t.sessionId ? x(next.at) : x1 + 4;
        return <rect x={x1} y={rows.stage - 9} width={Math.max(4, x2 - x1)} height="18" fill={stageColor(t.stage)}><title>{`${t.stage} · ${t.at}`}</title></rect>;
      })}
      {j.touchpoints.map((t) => (
        <circle class="tp" cx={x(t.at)} cy={rows.touch} r="5" fill={labelColor(t.channel)} stroke="#fff" stroke-width="1.5">
          <title>{`${t.at} · ${t.type}${t.name ? ` ${t.name}` : ''} · ${t.stage} · ${t.channel}`}</title>
        </circle>
      ))}
      <line class="axis" x1={left} x2={left + plot} y1={ey(0)} y2={ey(0)} stroke-dasharray="3 3" />
      <text x={left - 4} y={ey(1) + 4} text-anchor="end" class="muted">+1</text>
      <text x={left - 4} y={ey(-1) + 4} text-anchor="end" class="muted">−1</text>
      {explicit.length > 1 ? <path d={line(explicit)} fill="none" stroke="#4f46e5" stroke-width="2" /> : null}
      {inferred.length > 1 ? <path d={line(inferred)} fill="none" stroke="#f59e0b" stroke-width="2" stroke-dasharray="4 3" /> : null}
      {j.emotion.map((e) => (
        <circle cx={x(e.at)} cy={ey(e.score)} r="4" fill={e.source === 'explicit' ? '#4f46e5' : '#f59e0b'}>
          <title>{`${e.source} emotion ${e.score.toFixed(2)} at ${e.at}`}</title>
        </circle>
      ))}
      {j.painPoints.map((pp) => {
        const px = x(pp.touchpointId && byId.get(pp.touchpointId) ? byId.get(pp.touchpointId)!.at : pp.at);
        return (
          <path d={`M${px},${rows.pain - 7} L${px + 7},${rows.pain + 6} L${px - 7},${rows.pain + 6} Z`} fill="#dc2626">
            <title>{`${pp.kind.replace(/_/g, ' ')} · ${pp.stage} · ${pp.detail}`}</title>
          </path>
        );
      })}
    </svg>
  );
}
