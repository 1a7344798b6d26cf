// Critical touchpoints of one stage transition, for the read API and the UI: every model's credits
// and the friction ranking (attribution/). One pass over the journeys (journey-pass.ts, in worker
// threads on Node) collects the paths of every transition (the journey map asks for five at once);
// each transition's models are then computed from them.
import {
  attribute, formatTransition, friction, parseTransition, transitionPath,
  type Attribution, type Friction, type Transition, type TransitionPath,
} from '../attribution/index.js';
import type { Journey } from '../journey/types.js';
import { STAGES } from '../../../wire/schema.js';

export interface CriticalTouchpoints extends Attribution {
  transition: string;
  friction: Friction;
}

/** Every `from>to` with `to` after `from`. */
const ALL_TRANSITIONS: Transition[] = STAGES.flatMap((from, i) => STAGES.slice(i + 1).map((to) => ({ from, to })));

/** Paths by transition (`consideration>purchase` → paths): plain data, so it caches as it is. */
export type PathsByTransition = Record<string, TransitionPath[]>;

/** Paths of every transition, one journey at a time; states of parts (worker threads) merge. */
export function createPathsAccumulator() {
  let out: PathsByTransition = Object.fromEntries(ALL_TRANSITIONS.map((t) => [formatTransition(t), []]));
  return {
    add(journey: Journey) {
      for (const t of ALL_TRANSITIONS) {
        const p = transitionPath(journey, t);
        if (p) out[formatTransition(t)].push(p);
      }
    },
    state: () => out,
    merge(other: PathsByTransition) {
      for (const [t, paths] of Object.entries(other)) out[t] = (out[t] ?? []).concat(paths);
    },
    result(): PathsByTransition {
      // Customer order, whichever part found them: the bootstrap's resamples then do not depend on how the pass was split.
      for (const paths of Object.values(out)) paths.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
      return out;
    },
  };
}

export function criticalTouchpoints(paths: PathsByTransition, transition: string): CriticalTouchpoints {
  const t = formatTransition(parseTransition(transition));
  const mine = paths[t] ?? [];
  return { transition: t, ...attribute(mine), friction: friction(mine) };
}
