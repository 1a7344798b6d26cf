// The UI's one stylesheet, served at /ui/assets/app.css (the CSP allows no inline styles).
// Stage colours are shared with the SVG charts through stageColor() so legends match bars.
// Stage and channel colours carry white text (tags, map headers, timeline labels), so each is
// dark enough for 4.5:1 against white (WCAG AA for small text).
import type { Stage } from '../../../wire/schema.js';

export const STAGE_COLORS: Record<Stage, string> = {
  awareness: '#4338ca',
  consideration: '#0369a1',
  purchase: '#047857',
  onboarding: '#a16207',
  retention: '#be185d',
  advocacy: '#7c3aed',
};

/** The emotion curves: surveys (explicit) and frustration signals (inferred); their numbers are drawn in these colours too. */
export const EMOTION_COLORS = { explicit: '#4f46e5', inferred: '#b45309' } as const;

const PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ec4899', '#8b5cf6', '#14b8a6', '#f97316', '#64748b', '#84cc16'];

export function stageColor(stage: string): string {
  return STAGE_COLORS[stage as Stage] ?? '#64748b';
}

// Channels that sit side by side in one legend: hand-picked so no two look alike.
export const CHANNEL_COLORS: Record<string, string> = {
  direct: '#475569', organic_search: '#15803d', paid_search: '#a16207', social: '#be185d', email: '#2563eb',
  referral: '#9333ea', internal: '#0f766e', support: '#c2410c', phone: '#7c2d12', store: '#0e7490',
};

export const channelColor = (channel: string) => CHANNEL_COLORS[channel] ?? labelColor(channel);

/** A stable colour for any label (channels, pages): the same text always gets the same colour. */
export function labelColor(label: string): string {
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (h * 31 + label.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % PALETTE.length];
}

export const CSS = `
:root { --bg:#f6f7fb; --panel:#fff; --ink:#0f172a; --muted:#56657a; --line:#e2e8f0; --accent:#4f46e5; --accent-ink:#fff;
  --bad:#dc2626; --good:#059669; --warn:#d97706; --radius:10px; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font-size:14px; line-height:1.45; }
a { color:var(--accent); }
:focus-visible { outline:3px solid #a5b4fc; outline-offset:2px; }
.progress { position:fixed; top:0; left:0; height:3px; width:0; background:#818cf8; z-index:50; }
body.loading .progress { animation: progress 8s cubic-bezier(.1,.7,.2,1) forwards; }
body.loading main { opacity:.55; transition:opacity .2s .3s; }
@keyframes progress { from { width:0 } to { width:92% } }
@media (prefers-reduced-motion: reduce) { body.loading .progress { animation:none; width:60%; } }
.skip { position:absolute; left:-999px; top:0; background:var(--panel); padding:8px; z-index:10; }
.skip:focus { left:8px; }
.shell { display:grid; grid-template-columns: 220px 1fr; min-height:100vh; background:linear-gradient(to right, #111827 220px, transparent 220px); }
.side { background:#111827; color:#e5e7eb; padding:20px 14px; position:sticky; top:0; height:100vh; }
.brand { display:flex; gap:10px; align-items:center; font-weight:700; font-size:17px; color:#fff; text-decoration:none; margin:0 6px 22px; }
.brand svg { flex:none; }
.nav { list-style:none; margin:0; padding:0; display:flex; flex-direction:column; gap:2px; }
.nav a { display:block; padding:8px 10px; border-radius:8px; color:#cbd5e1; text-decoration:none; }
.nav a:hover { background:#1f2937; color:#fff; }
.nav a[aria-current=page] { background:#312e81; color:#fff; font-weight:600; }
.side form { margin-top:24px; }
.side .signout { background:none; border:1px solid #374151; color:#cbd5e1; border-radius:8px; padding:6px 10px; cursor:pointer; width:100%; }
/* Its own background (not only the shell's gradient), so contrast checkers can tell what text sits on. */
main { padding:22px 28px 48px; min-width:0; background:var(--bg); }
.head { display:flex; flex-wrap:wrap; align-items:flex-end; justify-content:space-between; gap:12px; margin-bottom:14px; }
h1 { font-size:22px; margin:0; overflow-wrap:anywhere; }
/* Event text may hold bidi overrides (U+202E): isolate it so it cannot flip the text around it. */
main td, main li, main h1, .clip, .wrap, pre, .note, option { unicode-bidi: isolate; }
h2 { font-size:15px; margin:0 0 10px; }
.sub { color:var(--muted); margin:2px 0 0; }
.filters { display:flex; flex-wrap:wrap; gap:10px; align-items:flex-end; background:var(--panel); border:1px solid var(--line);
  border-radius:var(--radius); padding:10px 12px; margin-bottom:18px; }
.filters label, .form label { display:flex; flex-direction:column; gap:3px; font-size:12px; color:var(--muted); font-weight:600; }
input, select, textarea { font:inherit; padding:6px 8px; border:1px solid #cbd5e1; border-radius:7px; background:#fff; color:var(--ink); min-height:34px; }
textarea { min-height:60px; }
button, .button { font:inherit; background:var(--accent); color:var(--accent-ink); border:0; border-radius:7px; padding:7px 14px; min-height:34px;
  cursor:pointer; text-decoration:none; display:inline-flex; align-items:center; justify-content:center; gap:6px; }
button.secondary, .button.secondary { background:#fff; color:var(--ink); border:1px solid #cbd5e1; }
button.link { background:none; color:var(--accent); padding:0; min-height:0; }
.filters .reset { align-self:center; font-size:13px; }
.filters + .segment-applied { margin-top:-10px; }
.segment-form { display:grid; gap:10px 14px; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); align-items:end; }
.segment-form button { justify-self:start; }
tr.created td { background:#eef2ff; }
.sr-only { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
.grid { display:grid; gap:16px; grid-template-columns: repeat(12, 1fr); }
.card { background:var(--panel); border:1px solid var(--line); border-radius:var(--radius); padding:16px; min-width:0; }
.span-12 { grid-column: span 12; } .span-8 { grid-column: span 8; } .span-6 { grid-column: span 6; } .span-4 { grid-column: span 4; } .span-3 { grid-column: span 3; }
.kpi .value { font-size:26px; font-weight:700; } .kpi .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.chart { width:100%; height:auto; display:block; }
/* A text's own fill attribute (white on a stage or channel colour, a series' colour) must win over the default. */
.chart text { font-size:11px; } .chart text:not([fill]) { fill:#334155; }
.chart .axis { stroke:#cbd5e1; }
.chart text.muted { fill:#56657a; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:7px 9px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; color:var(--muted); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
td.mono { white-space:nowrap; }
.table-wrap { overflow-x:auto; }
.empty { text-align:center; color:var(--muted); padding:36px 12px; }
.empty strong { display:block; color:var(--ink); font-size:15px; margin-bottom:4px; }
.error { border:1px solid #fecaca; background:#fef2f2; color:#991b1b; border-radius:var(--radius); padding:12px 14px; margin-bottom:16px; }
.notice { border:1px solid #bfdbfe; background:#eff6ff; color:#1e3a8a; border-radius:var(--radius); padding:12px 14px; margin-bottom:16px; }
.tag { display:inline-block; border-radius:999px; padding:1px 8px; font-size:12px; background:#eef2ff; color:#3730a3; white-space:nowrap; }
.tag.stage { color:#fff; }
.tag.intent { background:#f1f5f9; color:#334155; }
.mono, code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size:12px; }
pre { white-space:pre-wrap; word-break:break-all; background:#f8fafc; border:1px solid var(--line); border-radius:8px; padding:10px; margin:6px 0 0; max-height:320px; overflow:auto; }
.wrap { overflow-wrap:anywhere; word-break:break-word; }
.clip { max-width:420px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; display:inline-block; vertical-align:bottom; }
.legend { display:flex; flex-wrap:wrap; gap:12px; font-size:12px; color:var(--muted); margin-top:8px; }
.legend i { display:inline-block; width:10px; height:10px; border-radius:3px; margin-right:5px; vertical-align:middle; }
.swatch-explicit { background:${EMOTION_COLORS.explicit}; } .swatch-inferred { background:${EMOTION_COLORS.inferred}; } .swatch-pain { background:#dc2626; }
.map th[scope=col] { color:#fff; font-size:13px; text-transform:capitalize; }
.map { table-layout:fixed; min-width:860px; } .map td { font-size:13px; overflow-wrap:break-word; }
.map ul { padding-left:14px; } .map thead th:first-child { width:130px; }
.map th[scope=row] { background:#f8fafc; color:var(--ink); }
.map ul { margin:0; padding-left:16px; } .map li { margin:1px 0; }
.note { background:#fef9c3; border:1px solid #fde68a; border-radius:6px; padding:4px 6px; margin-top:6px; font-size:12px; }
.note form { display:inline; }
.note .who { color:#854d0e; font-weight:600; }
details.add-note summary { cursor:pointer; color:var(--muted); font-size:12px; margin-top:4px; }
details.add-note form { display:flex; flex-direction:column; gap:4px; margin-top:4px; font-weight:400; }
.map ul.lines { list-style:none; padding-left:0; } .map ul.lines li { margin:2px 0; }
.map li.tone-negative { color:#b91c1c; } .map li.tone-positive { color:#047857; }
.map tr[data-row=voices] li { font-style:italic; }
.map tr[data-row=goal] td { font-weight:600; }
.map meter { width:56px; height:8px; vertical-align:middle; }
form.inline { display:inline; } form.inline select { font-size:12px; padding:0 2px; }
.tag.status-open { background:#e0e7ff; color:#3730a3; } .tag.status-doing { background:#fef3c7; color:#92400e; } .tag.status-done { background:#d1fae5; color:#065f46; }
.compare td.flagged { background:#fffbeb; box-shadow:inset 3px 0 0 var(--warn); } .compare .flag-text { font-weight:600; color:#92400e; }
.map.compare th[scope=col] { color:var(--ink); background:#f8fafc; }
.compare td:focus { outline:2px solid var(--accent); outline-offset:-2px; } .compare .interval { font-size:12px; }
.compare-bar { display:flex; flex-wrap:wrap; gap:8px; align-items:end; border:1px solid var(--line); border-radius:var(--radius); padding:2px 8px 6px; margin:0; } .compare-bar legend { font-size:12px; color:var(--muted); padding:0 4px; }
.annotations { list-style:none; padding:0; margin:0 0 10px; } .annotations li { padding:4px 0; border-bottom:1px solid var(--line); }
.add-annotation { display:flex; flex-wrap:wrap; gap:8px; align-items:end; }
.markers line { stroke:var(--warn); stroke-width:2; } .markers a:focus line { stroke:var(--accent); stroke-width:3; }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
.toolbar { display:flex; gap:8px; flex-wrap:wrap; }
.sankey .node rect { stroke:#fff; }
.sankey .link { fill:none; stroke-opacity:.28; }
.sankey .link:hover, .sankey .link:focus { stroke-opacity:.6; outline:none; }
.sankey .node:focus rect, .sankey .node:hover rect { stroke:#111827; stroke-width:2; }
.sankey .node:focus, .sankey .link:focus { outline:none; }
.tip { min-height:22px; color:var(--ink); font-weight:600; }
.bar-hit { cursor:pointer; }
.bar-hit:hover rect.bar, .bar-hit:focus rect.bar { opacity:.8; }
.steps { display:grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap:8px 14px; width:100%; }
.steps .step { display:flex; gap:6px; align-items:flex-end; }
.steps .step input { width:100%; }
input[type=checkbox] { min-height:0; width:18px; height:18px; margin:8px 0; }
.timeline-list { list-style:none; margin:0; padding:0; }
.timeline-list > li { border-bottom:1px dashed var(--line); }
.tp-line { display:grid; grid-template-columns: 90px 1fr; gap:10px; padding:6px 0; }
.visit-actions { list-style:none; margin:0 0 0 24px; padding:0; border-left:2px solid var(--line); }
.visit-actions .tp-line { padding:3px 0 3px 8px; }
.folded { font-size:12px; margin:0 0 6px 34px; }
.tag.score.neg { background:#fee2e2; color:#991b1b; } .tag.score.pos { background:#d1fae5; color:#065f46; }
.journey-timeline .stage-label, .journey-timeline .session-label { font-size:11px; font-weight:600; pointer-events:none; }
.session-head { font-weight:600; margin:14px 0 4px; display:flex; gap:8px; align-items:center; }
details.raw summary { cursor:pointer; color:var(--accent); font-size:12px; }
.drawer { position:fixed; top:0; right:0; width:min(520px, 100vw); height:100vh; background:#fff; border-left:1px solid var(--line);
  box-shadow:-8px 0 24px rgba(15,23,42,.12); padding:18px; overflow:auto; z-index:20; }
.drawer .close { position:absolute; top:12px; right:14px; }
.drawer pre { max-height:none; }
.pain { color:var(--bad); font-weight:600; }
ul.reasons { margin:0; padding-left:16px; }
.bar-track { fill:#eef2f7; }
.signin { min-height:100vh; display:grid; place-items:center; }
.signin .card { width:min(380px, 92vw); padding:26px; }
.brand-title { display:flex; align-items:center; gap:10px; }
.signin form { display:flex; flex-direction:column; gap:12px; margin-top:14px; }
.muted { color:var(--muted); }
.pager { display:flex; gap:10px; justify-content:flex-end; margin-top:10px; }
@media (max-width: 1100px) { .span-3 { grid-column: span 6; } .span-4 { grid-column: span 6; } .span-8, .span-6 { grid-column: span 12; } }
@media (max-width: 820px) {
  .shell { grid-template-columns: 1fr; background:none; }
  .side { position:static; height:auto; padding:10px 12px; display:flex; flex-wrap:wrap; align-items:center; gap:8px; }
  .brand { margin:0 10px 0 0; } .nav { flex-direction:row; flex-wrap:wrap; } .side form { margin:0 0 0 auto; } .side .signout { width:auto; }
  main { padding:16px; } .span-3, .span-4 { grid-column: span 12; }
}
@media print {
  @page { size: landscape; margin: 10mm; }
  .side, .filters, .toolbar, details.add-note, .note form, form.inline, .skip { display:none !important; }
  .shell { display:block; background:none; } main { padding:0; } .map { min-width:0; } .card { border:0; padding:0; break-inside:avoid; }
  body { background:#fff; font-size:11px; } .map td { min-width:0; }
}
`
  // Last, so a stage colour wins over `.tag`'s default background.
  + Object.entries(STAGE_COLORS).map(([s, c]) => `.tag.stage-${s}, th.stage-${s} { background:${c}; color:#fff; }`).join('\n')
  + '\n.tag.stage-other { background:#64748b; color:#fff; }\n';
