// `$dead_click`: a click on something that is not interactive and after which nothing happens
// (no DOM change, no navigation, no scroll, no text selected) within `waitMs`.
import { describeElement, interactiveAncestor } from './element';
import { listen, type Emit, type Unsubscribe } from './types';

export function captureDeadClicks(emit: Emit, o: { waitMs?: number } = {}): Unsubscribe {
  const wait = o.waitMs ?? 1000;
  const pending = new Set<() => void>();
  const off = listen(document, 'click', (e: MouseEvent) => {
    const el = e.target as Element;
    if (!(el instanceof Element) || interactiveAncestor(el) || el === document.documentElement || el === document.body) return;
    const href = location.href;
    const y = scrollY;
    let changed = false;
    const mo = new MutationObserver(() => (changed = true));
    mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const done = () => {
      mo.disconnect();
      clearTimeout(timer);
      pending.delete(done);
    };
    const timer = setTimeout(() => {
      done();
      if (!changed && location.href === href && scrollY === y && !String(getSelection?.() ?? '')) {
        emit({ type: 'track', name: '$dead_click', properties: describeElement(el) });
      }
    }, wait);
    pending.add(done);
  });
  return () => {
    off();
    pending.forEach((d) => d());
  };
}
