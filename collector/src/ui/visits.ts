// A customer's touchpoints as a reader follows them: each page view with what happened on that
// page, and the autocapture noise (scroll depth, page leave, web vitals) folded into its visit.
import type { Touchpoint } from '../journey/types.js';

/** Autocapture that describes a page visit rather than something the customer chose to do. */
export const NOISE_EVENTS = new Set(['$scroll_depth', '$page_leave', '$web_vitals']);

export interface Visit {
  /** The page view the visit began with; null for what happened before any page view in a session (off-site, server events). */
  page: Touchpoint | null;
  /** What the customer did during the visit, in time order. */
  actions: Touchpoint[];
  /** Folded autocapture, by event name, with how many there were. */
  folded: { name: string; count: number }[];
}

export const isNoise = (t: Pick<Touchpoint, 'type' | 'name'>) => t.type === 'track' && !!t.name && NOISE_EVENTS.has(t.name);

/** Touchpoints (in time order) grouped into visits; a new session or a new page view starts a new visit. */
export function foldVisits(touchpoints: readonly Touchpoint[]): Visit[] {
  const visits: Visit[] = [];
  let current: Visit | null = null;
  let session: string | null = null;
  const fold = (v: Visit, name: string) => {
    const f = v.folded.find((x) => x.name === name);
    if (f) f.count++; else v.folded.push({ name, count: 1 });
  };
  for (const t of touchpoints) {
    const newSession = t.sessionId !== session;
    session = t.sessionId;
    if (t.type === 'page' && !t.offSite) {
      current = { page: t, actions: [], folded: [] };
      visits.push(current);
    } else if (newSession || !current) {
      current = { page: null, actions: [], folded: [] };
      visits.push(current);
      if (isNoise(t)) fold(current, t.name!); else current.actions.push(t);
    } else if (isNoise(t)) fold(current, t.name!);
    else current.actions.push(t);
  }
  return visits;
}
