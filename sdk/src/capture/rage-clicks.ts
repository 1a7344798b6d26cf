// `$rage_click`: three or more clicks on one element within a second inside a small radius, once
// per burst. One element: quick clicks through a wizard whose Next button is drawn anew at each step
// are progress, not rage.
import { describeElement } from './element';
import { listen, track, type Emit, type Unsubscribe } from './types';

export interface RageClickOptions {
  clicks?: number;
  windowMs?: number;
  radiusPx?: number;
}

export function captureRageClicks(emit: Emit, o: RageClickOptions = {}): Unsubscribe {
  const need = o.clicks ?? 3;
  const windowMs = o.windowMs ?? 1000;
  const radius = o.radiusPx ?? 30;
  // The clicks themselves (position and time), never more than one burst's worth.
  let burst: MouseEvent[] = [];
  let reported = false;
  return listen(document, 'click', (e: MouseEvent) => {
    const now = e.timeStamp;
    const first = burst[0];
    if (!first || e.target != first.target || now - burst[burst.length - 1].timeStamp > windowMs || Math.hypot(e.clientX - first.clientX, e.clientY - first.clientY) > radius) {
      burst = [];
      reported = false;
    }
    burst.push(e);
    burst = burst.filter((c) => now - c.timeStamp <= windowMs);
    if (burst.length >= need && !reported && e.target instanceof Element) {
      reported = true;
      emit(track('$rage_click', { ...describeElement(e.target), clicks: burst.length }));
    }
  });
}
