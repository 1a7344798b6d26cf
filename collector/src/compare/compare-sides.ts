// Two groups of customers out of one set of journey states, compared stage by stage. A side is
// any predicate over a state: a period (the customers active in it), a segment, or both, so each
// kind of comparison is a predicate and not a code path of its own.
import type { JourneyFilters } from '../journey/filters.js';
import { stateMatches, statesCanFilter, type JourneyState } from '../journey/journey-state.js';
import { OptionError } from '../journey/option-error.js';
import { compareStages, type CompareOptions, type Comparison } from './compare.js';
import { createStateSampler } from './state-sample.js';

/** One side of a comparison: the customers whose state passes `test`; `key` names it in a cache (plain JSON). */
export interface CompareSide {
  key: unknown;
  test: (state: JourneyState) => boolean;
}

/** The customers a set of filters keeps: in a period, those with a touchpoint in it. Its from/to must be whole UTC days. */
export function filtersSide(f: JourneyFilters): CompareSide {
  if (!statesCanFilter(f)) throw new OptionError('compare: from, to, compareFrom and compareTo must be dates (2026-01-31) or midnight UTC');
  return { key: { filters: f }, test: (s) => stateMatches(s, f) };
}

/** Side a against side b (a − b); a customer may be on both sides. `asOf` judges drop-off. */
export function compareSides(states: Iterable<JourneyState>, a: CompareSide['test'], b: CompareSide['test'], o: CompareOptions & { asOf?: number } = {}): Comparison {
  const sa = createStateSampler(o.asOf);
  const sb = createStateSampler(o.asOf);
  for (const s of states) {
    if (a(s)) sa.add(s);
    if (b(s)) sb.add(s);
  }
  return compareStages(sa.result(), sb.result(), o);
}
