// One customer's journey as a picture: each session gets an equal slice of the width (weeks
// apart or minutes apart, a visit stays readable), time runs linearly inside a slice, and
// rows below share that axis: stage band, touchpoints by channel, off-site touchpoints (emails,
// support calls: their sessions have slices of their own), emotion curve, pain points.
import type { Journey } from '../../journey/types.js';
import { channelLabel, makeLabels, painLabel, type Labels } from '../labels.js';
import { channelColor, EMOTION_COLORS, stageColor } from '../styles.js';

// An estimate of a 12 px label's width, to draw a label only where it fits (SVG text does not clip).
const textWidth = (s: string) => s.length * 7;

export function sessionScale(sessions: { start: string; end: string }[], x0: number, width: number, gap = 10) {
  const n = Math.max(1, sessions.length);
  const slice = (width - gap * (n - 1)) / n;
  const spans = sessions.map((s) => [Date.parse(s.start), Date.parse(s.end)] as const);
  /** `session`: the index of the session holding the moment, when known (off-site sessions overlap visits). */
  return (at: string | number, session?: number): number => {
    const t = typeof at === 'number' ? at : Date.parse(at);
    let i = session ?? spans.findIndex(([a, b]) => t >= a && t <= b);
    if (i < 0) i = Math.max(0, spans.findLastIndex(([a]) => a <= t));
    const [a, b] = spans[i] ?? [t, t];
    const f = b > a ? Math.min(1, Math.max(0, (t - a) / (b - a))) : 0.5;
    return x0 + i * (slice + gap) + f * slice;
  };
}

export function JourneyTimeline(p: { journey: Journey; width?: number; labels?: Labels }) {
  const j = p.journey;
  const labels = p.labels ?? makeLabels();
  const width = p.width ?? 1000;
  const left = 96;
  const plot = width - left - 12;
  const scale = sessionScale(j.sessions, left, plot);
  const sessionIndex = new Map(j.sessions.map((s, i) => [s.id, i]));
  const at = (t: { at: string; sessionId: string }) => scale(t.at, sessionIndex.get(t.sessionId));
  const n = Math.max(1, j.sessions.length);
  const slice = (plot - 10 * (n - 1)) / n;
  const offSite = j.touchpoints.filter((t) => t.offSite);
  const lane = offSite.length ? 28 : 0;
  const rows = { session: 18, stage: 48, touch: 80, offSite: 80 + lane, emoTop: 108 + lane, emoH: 90, pain: 218 + lane };
  const height = 240 + lane;
  const byId = new Map(j.touchpoints.map((t) => [t.id, t]));
  /** Each touchpoint's successor in its own session (off-site sessions interleave with visits). */
  const nextInSession: (typeof j.touchpoints[number] | undefined)[] = [];
  const later = new Map<string, typeof j.touchpoints[number]>();
  for (let i = j.touchpoints.length - 1; i >= 0; i--) {
    const t = j.touchpoints[i];
    nextInSession[i] = later.get(t.sessionId);
    later.set(t.sessionId, t);
  }
  // Emotion and pain points sit where their touchpoint does.
  const x = (a: string, touchpointId?: string | null) => (touchpointId && byId.has(touchpointId) ? at(byId.get(touchpointId)!) : scale(a));
  const ey = (score: number) => rows.emoTop + (1 - (score + 1) / 2) * rows.emoH;
  const explicit = j.emotion.filter((e) => e.source === 'explicit');
  const inferred = j.emotion.filter((e) => e.source === 'inferred');
  // The stage lane's runs: consecutive touchpoints of a session in one stage, labelled where wide enough.
  const runs: { stage: string; x1: number; x2: number }[] = [];
  j.touchpoints.forEach((t, i) => {
    const next = nextInSession[i];
    const x1 = at(t);
    const x2 = next ? at(next) : x1 + 4;
    const last = runs[runs.length - 1];
    if (last && last.stage === t.stage && Math.abs(last.x2 - x1) < 0.5) last.x2 = Math.max(last.x2, x2);
    else runs.push({ stage: t.stage, x1, x2 });
  });
  const line = (pts: typeof j.emotion) => pts.map((e, i) => `${i ? 'L' : 'M'}${x(e.at, e.touchpointId).toFixed(1)},${ey(e.score).toFixed(1)}`).join(' ');
  return (
    <svg class="chart journey-timeline" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={`Journey timeline of ${j.customerId}`}>
      <text x="0" y={rows.session + 4}>Sessions</text>
      <text x="0" y={rows.stage + 4}>Stage</text>
      <text x="0" y={rows.touch + 4}>Touchpoints</text>
      {lane ? <text x="0" y={rows.offSite + 4}>Off-site</text> : null}
      <text x="0" y={rows.emoTop + rows.emoH / 2 + 4}>Emotion</text>
      <text x="0" y={rows.pain + 4}>Pain points</text>
      {j.sessions.map((s, i) => (
        <g>
          <title>{`Session ${i + 1}${s.offSite ? ' (off-site)' : ''} · ${channelLabel(s.channel)} · ${s.touchpoints} touchpoints · ${s.start}`}</title>
          <rect x={left + i * (slice + 10)} y={rows.session - 8} width={slice} height="16" rx="4" fill={channelColor(s.channel)}
            {...(s.offSite ? { stroke: '#0f172a', 'stroke-dasharray': '3 2' } : {})} />
          {sessionLabel(i, channelLabel(s.channel), slice - 10) ? <text class="session-label" x={left + i * (slice + 10) + 5} y={rows.session + 4} fill="#fff">{sessionLabel(i, channelLabel(s.channel), slice - 10)}</text> : null}
        </g>
      ))}
      {j.touchpoints.map((t, i) => {
        const next = nextInSession[i];
        const x1 = at(t);
        const x2 = next ? at(next) : x1 + 4;
        return <rect x={x1} y={rows.stage - 9} width={Math.max(4, x2 - x1)} height="18" fill={stageColor(t.stage)}><title>{`${t.stage} · ${t.at}`}</title></rect>;
      })}
      {runs.filter((r) => r.x2 - r.x1 - 8 >= textWidth(r.stage)).map((r) => <text class="stage-label" x={r.x1 + 4} y={rows.stage + 4} fill="#fff">{r.stage}</text>)}
      {j.touchpoints.filter((t) => !t.offSite).map((t) => (
        <circle class="tp" cx={at(t)} cy={rows.touch} r="5" fill={channelColor(t.channel)} stroke="#fff" stroke-width="1.5">
          <title>{`${t.at} · ${labels.touchpoint(t)} · ${t.stage} · ${channelLabel(t.channel)}`}</title>
        </circle>
      ))}
      {offSite.map((t) => (
        <rect class="tp off-site" x={at(t) - 5} y={rows.offSite - 5} width="10" height="10" transform={`rotate(45 ${at(t)} ${rows.offSite})`} fill={channelColor(t.channel)} stroke="#fff" stroke-width="1.5">
          <title>{`${t.at} · off-site ${labels.touchpoint(t)} · ${t.stage}`}</title>
        </rect>
      ))}
      <line class="axis" x1={left} x2={left + plot} y1={ey(0)} y2={ey(0)} stroke-dasharray="3 3" />
      <text x={left - 4} y={ey(1) + 4} text-anchor="end" class="muted">+1</text>
      <text x={left - 4} y={ey(-1) + 4} text-anchor="end" class="muted">−1</text>
      {explicit.length > 1 ? <path d={line(explicit)} fill="none" stroke={EMOTION_COLORS.explicit} stroke-width="2" /> : null}
      {inferred.length > 1 ? <path d={line(inferred)} fill="none" stroke={EMOTION_COLORS.inferred} stroke-width="2" stroke-dasharray="4 3" /> : null}
      {j.emotion.map((e) => (
        <circle cx={x(e.at, e.touchpointId)} cy={ey(e.score)} r="4" fill={EMOTION_COLORS[e.source]}>
          <title>{`${e.source} emotion ${e.score.toFixed(2)} at ${e.at}`}</title>
        </circle>
      ))}
      {j.painPoints.map((pp) => {
        const px = x(pp.at, pp.touchpointId);
        return (
          <path d={`M${px},${rows.pain - 7} L${px + 7},${rows.pain + 6} L${px - 7},${rows.pain + 6} Z`} fill="#dc2626">
            <title>{`${painLabel(pp.kind)} · ${pp.stage} · ${pp.detail}`}</title>
          </path>
        );
      })}
    </svg>
  );
}

/** A session's label in the room it has: `3 · Organic search`, else `3`, else nothing. */
export function sessionLabel(i: number, channel: string, room: number): string | null {
  const full = `${i + 1} · ${channel}`;
  if (textWidth(full) <= room) return full;
  return textWidth(String(i + 1)) <= room ? String(i + 1) : null;
}
