// Places a Sankey's nodes in columns and its links as bands, without a chart library: columns
// come from each node's step, heights are proportional to counts, links stack in node order.
export interface FlowNode { id: string; label: string; step: number; count: number; offSite?: true }
export interface FlowLink { source: string; target: string; value: number }
export interface PlacedNode extends FlowNode { x: number; y: number; h: number }
export interface PlacedLink extends FlowLink { path: string; width: number; sy: number; ty: number }

export function layoutSankey(nodes: FlowNode[], links: FlowLink[], size: { width: number; height: number; nodeWidth?: number; gap?: number }) {
  const nodeWidth = size.nodeWidth ?? 14;
  const gap = size.gap ?? 12;
  const steps = [...new Set(nodes.map((n) => n.step))].sort((a, b) => a - b);
  const colX = (step: number) => (steps.length <= 1 ? 0 : (steps.indexOf(step) / (steps.length - 1)) * (size.width - nodeWidth));
  const columns = steps.map((s) => nodes.filter((n) => n.step === s).sort((a, b) => b.count - a.count));
  // One scale for every column, set by the fullest, so a band's width means the same everywhere.
  const scale = Math.min(...columns.map((col) => (size.height - gap * (col.length - 1)) / Math.max(1, col.reduce((t, n) => t + n.count, 0))));
  const placed = new Map<string, PlacedNode>();
  for (const col of columns) {
    let y = 0;
    for (const n of col) {
      const h = Math.max(1, n.count * scale);
      placed.set(n.id, { ...n, x: colX(n.step), y, h });
      y += h + gap;
    }
  }
  const outY = new Map<string, number>();
  const inY = new Map<string, number>();
  const placedLinks: PlacedLink[] = [];
  const ordered = [...links].filter((l) => placed.has(l.source) && placed.has(l.target))
    .sort((a, b) => placed.get(a.source)!.y - placed.get(b.source)!.y || placed.get(a.target)!.y - placed.get(b.target)!.y);
  for (const l of ordered) {
    const s = placed.get(l.source)!;
    const t = placed.get(l.target)!;
    const width = Math.max(1, l.value * scale);
    const sy = s.y + (outY.get(s.id) ?? 0) + width / 2;
    const ty = t.y + (inY.get(t.id) ?? 0) + width / 2;
    outY.set(s.id, (outY.get(s.id) ?? 0) + width);
    inY.set(t.id, (inY.get(t.id) ?? 0) + width);
    const x0 = s.x + nodeWidth;
    const x1 = t.x;
    const mx = (x0 + x1) / 2;
    placedLinks.push({ ...l, width, sy, ty, path: `M${r(x0)},${r(sy)} C${r(mx)},${r(sy)} ${r(mx)},${r(ty)} ${r(x1)},${r(ty)}` });
  }
  return { nodes: [...placed.values()], links: placedLinks, nodeWidth };
}

function r(n: number) {
  return Math.round(n * 10) / 10;
}
