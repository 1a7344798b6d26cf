// `$scroll_depth`: the first time a page is scrolled past 25, 50, 75 and 100 % of its height.
// Thresholds start again on every URL, so SPA routes each get their own.
import { listen, track, unsubscribeAll, type Emit, type Unsubscribe } from './types';

export function captureScroll(emit: Emit): Unsubscribe {
  let url = '';
  let reached = 0;
  let frame = 0;
  const check = () => {
    frame = 0;
    if (location.href !== url) {
      url = location.href;
      reached = 0;
    }
    const doc = document.documentElement;
    const height = doc.scrollHeight;
    // A page that fits the window has nothing to scroll: not "100 % read".
    if (height <= innerHeight) return;
    const pct = ((scrollY + innerHeight) / height) * 100;
    // Every mark passed since the last check, in order (a jump to the bottom reports all four), with
    // half a percent of slack: fractional scroll positions can leave the bottom just short of 100 %.
    while (reached < 100 && pct >= reached + 24.5) {
      reached += 25;
      emit(track('$scroll_depth', { depth: reached }));
    }
  };
  return unsubscribeAll(
    listen(window, 'scroll', () => (frame ||= requestAnimationFrame(check))),
    () => cancelAnimationFrame(frame),
  );
}
