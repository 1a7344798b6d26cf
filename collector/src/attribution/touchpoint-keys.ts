// What counts as one touchpoint for attribution: a page or screen (by path), a named event, the
// channel a visit came through, an off-site contact. Autocapture noise ($click, $scroll_depth, …),
// survey answers (an outcome, not a cause) and identity calls are not touchpoints here.
import type { Journey } from '../journey/types.js';

export interface KeyedTouch {
  key: string;
  at: number;
  /** The visit step it belongs to, counted from 0 along the path: a web visit (session), or one off-site contact. */
  visit: number;
}

/** The journey data attribution reads: the built journey, or any per-customer state with these fields. */
export type AttributableJourney = Pick<Journey, 'customerId' | 'stages' | 'touchpoints' | 'painPoints'>;

type T = AttributableJourney['touchpoints'][number];

function pathOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/)[0] || null;
  }
}

/** A touchpoint's own key, or null when it is not one attribution counts. */
export function touchpointKey(t: T): string | null {
  if (t.offSite) return `offsite:${t.channel}: ${t.name ?? t.type}`;
  if (t.type === 'page' || t.type === 'screen') {
    const p = pathOf(t.url);
    return p ? `page:${p}` : null;
  }
  if (t.type === 'track' && t.name && !t.name.startsWith('$')) return `event:${t.name}`;
  return null;
}

/** `page:/pricing` → `/pricing (page)`, for people. */
export function keyLabel(key: string): string {
  const at = key.indexOf(':');
  if (at < 0) return key;
  const kind = key.slice(0, at);
  const rest = key.slice(at + 1);
  return `${rest} (${kind === 'offsite' ? 'off-site' : kind})`;
}

/**
 * The keyed touches of `touchpoints` in time order: each web visit's channel comes first in that
 * visit (`channel:email`), then its pages and events. A key repeated back to back counts once (a
 * reload, a second click on the same thing is not a second step). Each touch carries its visit
 * step: a new web session, an off-site contact (a step of its own) and the rest of a visit it
 * interrupted each start the next one.
 */
export function keyedTouches(touchpoints: readonly T[]): KeyedTouch[] {
  const out: KeyedTouch[] = [];
  let session: string | null = null;
  let visit = -1;
  let interrupted = false;
  const push = (key: string, at: number) => {
    const last = out[out.length - 1];
    if (!last || last.key !== key || last.visit !== visit) out.push({ key, at, visit });
  };
  for (const t of touchpoints) {
    const key = touchpointKey(t);
    if (key === null) continue;
    const at = Date.parse(t.at);
    if (t.offSite) {
      visit++;
      interrupted = true;
    } else if (t.sessionId !== session) {
      session = t.sessionId;
      visit++;
      interrupted = false;
      push(`channel:${t.channel}`, at);
    } else if (interrupted) {
      // The rest of a visit an off-site contact came in the middle of: a step of its own.
      visit++;
      interrupted = false;
    }
    push(key, at);
  }
  return out;
}
