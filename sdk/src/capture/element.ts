// A short, stable description of an element for click-like touchpoints: tag, id, a few classes,
// a text snippet and a CSS selector path. Never an input's value; nothing but the tag and path
// inside a `data-waymark-mask` subtree.
import { cut } from './cut';
import type { Props } from './types';

export const MASK_ATTRIBUTE = 'data-waymark-mask';
const INTERACTIVE = 'a,button,input,select,textarea,label,summary,[role],[onclick],[data-waymark]';
// Class names and ids that change between builds (hashes, CSS modules, styled-components) make unstable selectors.
const UNSTABLE = /\d{3}|^(css|sc)-|__/;

/** The nearest interactive element at or above `el`, or nothing. */
export const interactiveAncestor = (el: Element | null): Element | null | undefined => el?.closest?.(INTERACTIVE);

const stableClasses = (el: Element) => [...el.classList].filter((c) => !UNSTABLE.test(c)).slice(0, 3);

/** A selector path of at most five steps, stopping at the first element with a stable id. */
export function selectorPath(el: Element): string {
  const parts: string[] = [];
  for (let e: Element | null = el; e && e.localName != 'html' && parts.length < 5; e = e.parentElement) {
    if (e.id && !UNSTABLE.test(e.id)) {
      parts.unshift('#' + CSS.escape(e.id));
      break;
    }
    const same = [...(e.parentElement?.children ?? [])].filter((c) => c.localName == e!.localName);
    parts.unshift(
      e.localName + stableClasses(e).map((c) => '.' + CSS.escape(c)).join('') + (same.length > 1 ? `:nth-of-type(${same.indexOf(e) + 1})` : ''),
    );
  }
  return parts.join(' > ');
}

export function describeElement(el: Element): Props {
  const d: Props = { tag: el.localName, selector: selectorPath(el) };
  if (el.closest(`[${MASK_ATTRIBUTE}]`)) return d;
  const attr = (n: string) => el.getAttribute(n) ?? undefined;
  // A field's text is its value: describe it by its label-like attributes instead.
  const field = el.matches('input,select,textarea');
  const text = field ? attr('aria-label') ?? attr('name') ?? attr('placeholder') : (el as HTMLElement).innerText;
  const cls = stableClasses(el);
  return {
    ...d,
    id: el.id || undefined,
    classes: cls.length ? cls : undefined,
    text: cut(text?.replace(/\s+/g, ' ').trim(), 60) || undefined,
    inputType: field ? (el as HTMLInputElement).type : undefined,
    href: cut(attr('href')?.split(/[?#]/)[0], 200),
    role: attr('role'),
  };
}
