// `$dead_click`: a click on something that is not interactive and after which nothing happens
// (no DOM change, no navigation, no scroll, no text selected) within `waitMs`. One per element
// while it is being watched, so a burst of clicks is one dead click (and the collector folds that
// one into the burst's rage click); never for Waymark's own survey widget.
import { describeElement, interactiveAncestor } from './element';
import { listen, track, unsubscribeAll, type Emit, type Unsubscribe } from './types';

export function captureDeadClicks(emit: Emit, o: { waitMs?: number } = {}): Unsubscribe {
  const pending = new Map<Element, () => void>();
  return unsubscribeAll(
    listen(document, 'click', (e: MouseEvent) => {
      const el = e.target as Element;
      // No parent's parent: <html> or <body>, where a click on the page's margin lands.
      if (!(el instanceof Element) || pending.has(el) || !el.parentElement?.parentElement || interactiveAncestor(el) || el.closest('[data-waymark-survey]')) return;
      const href = location.href;
      const y = scrollY;
      const done = () => {
        mo.disconnect();
        clearTimeout(timer);
        pending.delete(el);
      };
      // Any change to the page means the click did something: stop watching.
      const mo = new MutationObserver(done);
      mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      const timer = setTimeout(() => {
        done();
        if (location.href === href && scrollY === y && !String(getSelection?.() ?? '')) emit(track('$dead_click', describeElement(el)));
      }, o.waitMs ?? 1000);
      pending.set(el, done);
    }),
    () => pending.forEach((done) => done()),
  );
}
