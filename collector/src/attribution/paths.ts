// The path of each customer through one stage transition: the touchpoints from entering `from`
// until reaching `to` (moved on), or until the journey ends (did not). The touchpoint that made
// the move (the order itself) is not part of the path: it is the outcome, not what led to it.
import { STAGES } from '../../../wire/schema.js';
import { keyedTouches, type AttributableJourney, type KeyedTouch } from './touchpoint-keys.js';
import type { Transition } from './transition.js';

export interface TransitionPath {
  customerId: string;
  touches: KeyedTouch[];
  moved: boolean;
  /** When the customer reached `to`; else the last touch's time (or entry into `from`). */
  endAt: number;
  /**
   * Where the customer struggled: at drop-off (did not move on, and the journey marks a drop-off)
   * or at the first negative survey answer in the window; null otherwise. The friction ranking
   * reads the touches just before it.
   */
  struggleAt: number | null;
}

/** The path through `t` of one journey; null when the customer never entered `t.from`. */
export function transitionPath(j: AttributableJourney, t: Transition): TransitionPath | null {
  const entry = j.stages.find((s) => s.stage === t.from);
  if (!entry) return null;
  const fromAt = Date.parse(entry.enteredAt);
  const target = STAGES.indexOf(t.to);
  const reached = j.stages.find((s) => STAGES.indexOf(s.stage) >= target && Date.parse(s.enteredAt) >= fromAt);
  const toAt = reached ? Date.parse(reached.enteredAt) : Infinity;
  // Times are compared as numbers only near the window's edges: ISO strings of one format sort as
  // their times do, and a long journey has many touchpoints outside the window.
  const window = j.touchpoints.filter((tp) => {
    if (tp.at.length === entry.enteredAt.length && tp.at < entry.enteredAt) return false;
    const at = Date.parse(tp.at);
    return at >= fromAt && at < toAt;
  });
  const touches = keyedTouches(window);
  const moved = reached !== undefined;
  const endAt = moved ? toAt : (touches.length ? touches[touches.length - 1].at : fromAt);
  const within = (at: number) => at >= fromAt && at <= endAt;
  const negative = j.painPoints.find((p) => p.kind === 'negative_survey' && within(Date.parse(p.at)));
  const dropped = !moved && j.painPoints.some((p) => p.kind === 'drop_off' && Date.parse(p.at) >= fromAt);
  const struggleAt = negative ? Date.parse(negative.at) : dropped ? endAt : null;
  return { customerId: j.customerId, touches, moved, endAt, struggleAt };
}

/** Every path through `t`: plain journey data in, so any source of journeys can feed it. */
export function transitionPaths(journeys: Iterable<AttributableJourney>, t: Transition): TransitionPath[] {
  const out: TransitionPath[] = [];
  for (const j of journeys) {
    const p = transitionPath(j, t);
    if (p) out.push(p);
  }
  return out;
}
