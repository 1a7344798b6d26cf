// `$page_leave`: when a page (or an SPA route) is left, with the time spent on it, how much of
// that time it was visible, and — when the visitor typed into a form — whether they submitted
// it (`formStarted` without `formSubmitted` is the journey's form-abandonment signal).
import { listen, type Emit, type Unsubscribe } from './types';

export function capturePageLeave(emit: Emit): Unsubscribe {
  let url = location.href;
  let start = performance.now();
  let visibleMs = 0;
  let visibleSince: number | null = document.visibilityState === 'visible' ? start : null;
  let formStarted = false;
  let formSubmitted = false;
  const leave = (now = performance.now()) => {
    if (visibleSince !== null) visibleMs += now - visibleSince;
    emit({
      type: 'track',
      name: '$page_leave',
      properties: { url, timeOnPage: Math.round(now - start), visibleTime: Math.round(visibleMs), ...(formStarted && { formStarted, formSubmitted }) },
    });
    formStarted = formSubmitted = false;
  };
  const offs = [
    listen(document, 'input', (e: Event) => (formStarted ||= !!(e.target as Element).closest?.('form'))),
    listen(document, 'submit', () => (formSubmitted = true)),
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
