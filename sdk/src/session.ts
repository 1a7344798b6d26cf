// Session rules (pure): a session ends after `timeoutMs` without events, or when the visitor
// arrives through a new campaign. UTM and referrer are those of the session's first page.
import type { Utm } from '../../wire';

export interface Session {
  id: string;
  /** Time of the session's latest event (ms). */
  last: number;
  utm?: Utm;
  referrer?: string;
}

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** The UTM parameters of a URL's query string, or undefined when it has none. */
export function utmOf(search: string): Utm | undefined {
  const q = new URLSearchParams(search);
  let utm: Utm | undefined;
  for (const k of UTM_KEYS) {
    const v = q.get(`utm_${k}`);
    if (v) (utm ??= {})[k] = v;
  }
  return utm;
}

const sameUtm = (a?: Utm, b?: Utm) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** The session an event at `now` belongs to; a new one when `prev` timed out or a new campaign began. */
export function nextSession(
  prev: Session | null,
  now: number,
  page: { utm?: Utm; referrer?: string },
  timeoutMs: number,
  newId: () => string,
): Session {
  const expired = !prev || now - prev.last > timeoutMs;
  const newCampaign = !!page.utm && !sameUtm(page.utm, prev?.utm);
  if (expired || newCampaign) return { id: newId(), last: now, utm: page.utm, referrer: page.referrer || undefined };
  return { ...prev!, last: Math.max(prev!.last, now) };
}
