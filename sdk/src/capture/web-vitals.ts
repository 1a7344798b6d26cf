// `$web_vitals`: LCP, CLS and INP, reported once when the page is first hidden. A compact take on
// the web-vitals library's definitions: CLS is the largest session window (gaps < 1 s, window
// < 5 s); INP is approximated by the slowest interaction (the p98 needs > 50 interactions).
import { listen, type Emit, type Unsubscribe } from './types';

export function captureWebVitals(emit: Emit): Unsubscribe {
  let lcp: number | undefined;
  let cls = 0;
  let win = 0;
  let winFirst = 0;
  let winLast = 0;
  let inp: number | undefined;
  let sent = false;
  const observers: PerformanceObserver[] = [];
  const observe = (type: string, fn: (e: any) => void, extra = {}) => {
    try {
      const po = new PerformanceObserver((l) => l.getEntries().forEach(fn));
      po.observe({ type, buffered: true, ...extra });
      observers.push(po);
    } catch {
      // this browser does not report the entry type
    }
  };
  observe('largest-contentful-paint', (e) => (lcp = e.startTime));
  observe('layout-shift', (e) => {
    if (e.hadRecentInput) return;
    if (win && e.startTime - winLast < 1000 && e.startTime - winFirst < 5000) win += e.value;
    else [win, winFirst] = [e.value, e.startTime];
    winLast = e.startTime;
    cls = Math.max(cls, win);
  });
  observe('event', (e) => e.interactionId && (inp = Math.max(inp ?? 0, e.duration)), { durationThreshold: 40 });
  const report = () => {
    if (sent || document.visibilityState !== 'hidden') return;
    sent = true;
    emit({
      type: 'track',
      name: '$web_vitals',
      properties: { lcp: lcp && Math.round(lcp), cls: Math.round(cls * 1000) / 1000, inp },
    });
  };
  const offs = [listen(document, 'visibilitychange', report), listen(window, 'pagehide', report)];
  return () => {
    offs.forEach((f) => f());
    observers.forEach((o) => o.disconnect());
  };
}
