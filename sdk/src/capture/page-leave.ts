// `$page_leave`: when a page (or an SPA route) is left, with the time spent on it and how
// much of that time it was visible.
import { listen, type Emit, type Unsubscribe } from './types';

export function capturePageLeave(emit: Emit): Unsubscribe {
  let url = location.href;
  let start = performance.now();
  let visibleMs = 0;
  let visibleSince: number | null = document.visibilityState === 'visible' ? start : null;
  const leave = (now = performance.now()) => {
    if (visibleSince !== null) visibleMs += now - visibleSince;
    emit({ type: 'track', name: '$page_leave', properties: { url, timeOnPage: Math.round(now - start), visibleTime: Math.round(visibleMs) } });
  };
  const offs = [
    listen(document, 'visibilitychange', () => {
      const now = performance.now();
      if (document.visibilityState === 'visible') visibleSince = now;
      else if (visibleSince !== null) {
        visibleMs += now - visibleSince;
        visibleSince = null;
      }
    }),
    listen(window, 'pagehide', () => leave()),
    // A page restored from the back/forward cache is a new visit to it.
    listen(window, 'pageshow', (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      start = performance.now();
      visibleMs = 0;
      visibleSince = start;
    }),
  ];
  // SPA routes: the capture order (page views first) does not matter; any URL change ends the old route.
  const timer = setInterval(() => {
    if (location.href === url) return;
    const now = performance.now();
    leave(now);
    url = location.href;
    start = now;
    visibleMs = 0;
    visibleSince = document.visibilityState === 'visible' ? now : null;
  }, 500);
  return () => {
    offs.forEach((f) => f());
    clearInterval(timer);
  };
}
