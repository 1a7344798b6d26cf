// The flows Sankey: nodes and links are focusable, and each carries its counts in a <title>
// (hover) and an aria-label (focus, screen readers); flows.js mirrors them into a live region.
// Each is an image with that name: a focusable shape needs a role for its name to be announced.
// An off-site touchpoint's node (an email, a support call) has a dashed outline.
import { labelColor, stageColor, STAGE_COLORS } from '../styles.js';
import { truncate } from './bar-chart.js';
import { layoutSankey, type FlowLink, type FlowNode } from './sankey-layout.js';

export function Sankey(p: { nodes: FlowNode[]; links: FlowLink[]; label: string; width?: number; height?: number }) {
  const width = p.width ?? 980;
  const height = p.height ?? 420;
  const pad = { l: 8, r: 150, t: 10, b: 10 };
  const lay = layoutSankey(p.nodes, p.links, { width: width - pad.l - pad.r, height: height - pad.t - pad.b });
  const colorOf = (n: FlowNode) => (n.label in STAGE_COLORS ? stageColor(n.label) : n.label.includes('drop-off') ? '#cbd5e1' : labelColor(n.label));
  const byId = new Map(lay.nodes.map((n) => [n.id, n]));
  return (
    <svg class="chart sankey" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={p.label}>
      <g transform={`translate(${pad.l},${pad.t})`}>
        {lay.links.map((l) => {
          const s = byId.get(l.source)!;
          const t = byId.get(l.target)!;
          const text = `${s.label} → ${t.label}: ${l.value.toLocaleString('en-US')} customers`;
          return (
            <path class="link" d={l.path} stroke={colorOf(s)} stroke-width={l.width} tabindex={0} role="img" aria-label={text} data-tip={text}>
              <title>{text}</title>
            </path>
          );
        })}
        {lay.nodes.map((n) => {
          const text = `${n.label}${n.offSite ? ' (off-site)' : ''} (step ${n.step + 1}): ${n.count.toLocaleString('en-US')} customers`;
          return (
            <g class={n.offSite ? 'node off-site' : 'node'} tabindex={0} role="img" aria-label={text} data-tip={text}>
              <title>{text}</title>
              <rect x={n.x} y={n.y} width={lay.nodeWidth} height={n.h} rx="2" fill={colorOf(n)}
                {...(n.offSite ? { stroke: '#0f172a', 'stroke-width': 1.5, 'stroke-dasharray': '3 2' } : {})} />
              {n.h >= 12 ? (
                <text x={n.x + lay.nodeWidth + 5} y={n.y + n.h / 2 + 4}>{`${truncate(n.label, 22)} · ${n.count.toLocaleString('en-US')}`}</text>
              ) : null}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
