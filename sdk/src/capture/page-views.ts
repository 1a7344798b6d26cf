// Page views: the first load, then every SPA navigation (pushState, replaceState, popstate,
// hash routes) that changes the URL.
import { listen, unsubscribeAll, type Emit, type Unsubscribe } from './types';

export function capturePageViews(emit: Emit): Unsubscribe {
  let last = '';
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    emit({ type: 'page' });
  };
  const h = history;
  const push = h.pushState;
  const replace = h.replaceState;
  // Wrapping is the only way to see pushState/replaceState; a later wrapper (a router's) keeps ours in its chain.
  h.pushState = function (...args) {
    push.apply(this, args);
    check();
  };
  h.replaceState = function (...args) {
    replace.apply(this, args);
    check();
  };
  check();
  return unsubscribeAll(listen(window, 'popstate', check), listen(window, 'hashchange', check), () => {
    h.pushState = push;
    h.replaceState = replace;
  });
}
