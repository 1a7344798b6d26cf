// `$page_leave`: when a page (or an SPA route) is left, with the time spent on it, how much of
// that time it was visible, and — when the visitor typed into a form — whether they submitted
// it (`formStarted` without `formSubmitted` is the journey's form-abandonment signal).
import { listen, track, unsubscribeAll, type Emit, type Unsubscribe } from './types';

export function capturePageLeave(emit: Emit): Unsubscribe {
  let url = location.href;
  let start: number;
  let visibleMs: number;
  let visibleSince: number | null;
  let formStarted = false;
  let formSubmitted = false;
  const visible = () => document.visibilityState === 'visible';
  /** A new visit to the page (or route) starts at `now`. */
  const begin = (now: number, shown = visible()) => {
    start = now;
    visibleMs = 0;
    visibleSince = shown ? now : null;
  };
  /** Adds the visible time up to `now`; counting goes on from `now` if the page is visible. */
  const tick = (now: number) => {
    if (visibleSince !== null) visibleMs += now - visibleSince;
    visibleSince = visible() ? now : null;
  };
  const leave = (now = performance.now()) => {
    tick(now);
    emit(track('$page_leave', { url, timeOnPage: Math.round(now - start), visibleTime: Math.round(visibleMs), ...(formStarted && { formStarted, formSubmitted }) }));
    formStarted = formSubmitted = false;
  };
  begin(performance.now());
  // SPA routes: the capture order (page views first) does not matter; any URL change ends the old route.
  const timer = setInterval(() => {
    if (location.href === url) return;
    const now = performance.now();
    leave(now);
    url = location.href;
    begin(now);
  }, 500);
  return unsubscribeAll(
    listen(document, 'input', (e: Event) => (formStarted ||= !!(e.target as Element).closest?.('form'))),
    listen(document, 'submit', () => (formSubmitted = true)),
    listen(document, 'visibilitychange', () => tick(performance.now())),
    listen(window, 'pagehide', () => leave()),
    // A page restored from the back/forward cache is a new visit to it.
    listen(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && begin(performance.now(), true)),
    () => clearInterval(timer),
  );
}
