// Outlines the element behind a click touchpoint, when it still exists. The outline is an
// overlay in its own shadow root, so the page's styles and layout are left untouched.
import type { WireEvent } from '../../../wire/index.js';

/** Finds the element an event describes: its selector first, then tag and text as a fallback. */
export function findElement(doc: Document, event: WireEvent): Element | null {
  const p = (event.properties ?? {}) as Record<string, unknown>;
  const el = (p.element && typeof p.element === 'object' ? p.element : p) as Record<string, unknown>;
  for (const key of ['selector', 'cssSelector', 'path']) {
    const sel = el[key];
    if (typeof sel !== 'string' || !sel) continue;
    try {
      const found = doc.querySelector(sel);
      if (found) return found;
    } catch { /* not a CSS selector: try the next description */ }
  }
  const id = el.id;
  if (typeof id === 'string' && id) {
    const found = doc.getElementById(id);
    if (found) return found;
  }
  const tag = typeof el.tag === 'string' ? el.tag : typeof el.tagName === 'string' ? el.tagName : null;
  const text = typeof el.text === 'string' ? el.text.trim() : null;
  if (tag && text) {
    for (const cand of doc.querySelectorAll(tag)) if (cand.textContent?.trim() === text) return cand;
  }
  return null;
}

let current: HTMLElement | null = null;

export function highlight(doc: Document, target: Element, ms = 2500): void {
  current?.remove();
  target.scrollIntoView({ block: 'center', behavior: 'instant' });
  const r = target.getBoundingClientRect();
  const host = doc.createElement('waymark-highlight');
  const shadow = host.attachShadow({ mode: 'closed' });
  const box = doc.createElement('div');
  Object.assign(box.style, {
    position: 'fixed', left: `${r.left - 4}px`, top: `${r.top - 4}px`, width: `${r.width + 8}px`, height: `${r.height + 8}px`,
    border: '3px solid #0d9488', borderRadius: '6px', background: 'rgba(13,148,136,0.12)', boxShadow: '0 0 0 4px rgba(13,148,136,0.25)',
    zIndex: '2147483647', pointerEvents: 'none', transition: 'opacity .3s',
  });
  shadow.append(box);
  doc.documentElement.append(host);
  current = host;
  setTimeout(() => { if (current === host) { host.remove(); current = null; } }, ms);
}
