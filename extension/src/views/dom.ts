// A tiny element builder. Text always goes through textContent, so nothing from an event can
// become markup; there is deliberately no innerHTML anywhere in the views.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | boolean | number | ((e: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function download(filename: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function readJsonFile(file: File): Promise<unknown> {
  return file.text().then((text) => {
    try { return JSON.parse(text); } catch { throw new Error(`${file.name} is not valid JSON`); }
  });
}

export function present(...nodes: (Node | null | undefined | false)[]): Node[] {
  return nodes.filter((n): n is Node => !!n);
}

/** A small face for an emotion from −1 (very negative) to +1, drawn as SVG so no emoji font is needed. */
export function face(score: number, size = 18): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const el = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const hue = Math.round(60 + 60 * score); // red (0) .. green (120)
  const svg = el('svg', { viewBox: '0 0 20 20', width: size, height: size, class: 'face', 'aria-hidden': 'true' });
  const curve = 4 * score; // mouth bends up for positive, down for negative
  svg.append(
    el('circle', { cx: 10, cy: 10, r: 9, fill: `hsl(${hue} 75% 55%)`, stroke: `hsl(${hue} 60% 35%)`, 'stroke-width': 1 }),
    el('circle', { cx: 7, cy: 8, r: 1.2, fill: '#1f2933' }),
    el('circle', { cx: 13, cy: 8, r: 1.2, fill: '#1f2933' }),
    el('path', { d: `M6 ${13 - curve / 2} Q10 ${13 + curve} 14 ${13 - curve / 2}`, fill: 'none', stroke: '#1f2933', 'stroke-width': 1.5, 'stroke-linecap': 'round' }),
  );
  return svg;
}
