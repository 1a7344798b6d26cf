// What makes a touchpoint readable beside its name: a page view's title, and for a click the
// element's text and role as the SDK described it (`text`, `role`, `tag` in its properties).
import type { TouchpointElement } from './types.js';

/** Click-like autocapture whose properties describe the element clicked. */
export const ELEMENT_EVENTS = new Set(['$click', '$rage_click', '$dead_click']);

// A tag's implicit role, so `<a>` reads as a link without an explicit `role` attribute.
const TAG_ROLES: Record<string, string> = {
  a: 'link', button: 'button', input: 'field', select: 'menu', textarea: 'field', label: 'label', summary: 'toggle', img: 'image',
};

const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.replace(/\s+/g, ' ').trim().slice(0, max) : null);

/** The element of a click-like event, or null for any other event or one that does not describe it. */
export function elementOf(name: string | null, properties: Record<string, unknown> | null): TouchpointElement | null {
  if (!name || !ELEMENT_EVENTS.has(name) || !properties) return null;
  const text = str(properties.text, 60);
  const tag = str(properties.tag, 30);
  const role = str(properties.role, 30) ?? (tag ? TAG_ROLES[tag.toLowerCase()] ?? tag.toLowerCase() : null);
  if (!text && !role) return null;
  return { text, role };
}
