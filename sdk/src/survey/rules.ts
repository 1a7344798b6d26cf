// Display rules for surveys, pure (no DOM or storage; clock and dice are parameters) so they are
// table-tested in Node.
// The widget file turns the rules into caps when it shows a survey (`shown`), so the core's
// check (`mayShow`) needs neither the rules nor a calendar: a few bytes in the core bundle.
import type { ServedSurvey, SurveysResponse } from '../../../wire';

/** What a browser remembers between page loads, so caps and the quiet period survive reloads. */
export interface Caps {
  /** No survey before this time (ms since epoch): the quiet period. */
  u?: number;
  /** Surveys this customer will not be asked again. */
  i?: string[];
  /** A session that has had its share of surveys. */
  s?: string;
  /** The session `n` counts surveys for. */
  c?: string;
  n?: number;
}

/** Whether survey `s` may show now: sampled in (`roll` in 0..1), no quiet period running, not asked before, session not full. */
export function mayShow(s: Pick<ServedSurvey, 'id' | 'sample'>, c: Caps, sid: string, now = Date.now(), roll = Math.random()): boolean {
  return roll < s.sample && !(c.u! > now) && !c.i?.includes(s.id) && c.s != sid;
}

/** The caps after survey `id` was shown at `now` in session `sid`. */
export function shown(c: Caps, id: string, now: number, sid: string, r: SurveysResponse['rules']): Caps {
  const n = (c.c == sid ? c.n || 0 : 0) + 1;
  return {
    u: now + r.quietDays * 864e5,
    i: r.oncePerCustomer ? [...new Set([...(c.i || []), id])] : c.i || [],
    s: n >= r.maxPerSession ? sid : c.s,
    c: sid,
    n,
  };
}
