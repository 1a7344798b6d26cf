// `$dead_click`: a click on something that is not interactive and after which nothing happens
// (no DOM change, no navigation, no scroll, no text selected) within `waitMs`.
import { describeElement, interactiveAncestor } from './element';
import { listen, track, unsubscribeAll, type Emit, type Unsubscribe } from './types';

export function captureDeadClicks(emit: Emit, o: { waitMs?: number } = {}): Unsubscribe {
  const pending = new Set<() => void>();
  return unsubscribeAll(
    listen(document, 'click', (e: MouseEvent) => {
      const el = e.target as Element;
      if (!(el instanceof Element) || interactiveAncestor(el) || el === document.documentElement || el === document.body) return;
      const href = location.href;
      const y = scrollY;
      const done = () => {
        mo.disconnect();
        clearTimeout(timer);
        pending.delete(done);
      };
      // Any change to the page means the click did something: stop watching.
      const mo = new MutationObserver(done);
      mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      const timer = setTimeout(() => {
        done();
        if (location.href === href && scrollY === y && !String(getSelection?.() ?? '')) emit(track('$dead_click', describeElement(el)));
      }, o.waitMs ?? 1000);
      pending.add(done);
    }),
    () => pending.forEach((done) => done()),
  );
}
