// The journey map across customers (DESIGN §1): one column per stage. Built as an accumulator so
// the read API can stream customers one at a time and never hold every journey.
import type { Journey, JourneyMapResult } from './types.js';

export interface JourneyMapOptions {
  /** How many entries each "top" list keeps; 10 by default. */
  top?: number;
}

export interface JourneyMapAccumulator {
  add(journey: Journey): void;
  result(): JourneyMapResult;
}

export function createJourneyMapAccumulator(opts: JourneyMapOptions = {}): JourneyMapAccumulator {
  void opts;
  throw new Error('createJourneyMapAccumulator: not implemented yet');
}

export function journeyMap(journeys: Iterable<Journey>, opts: JourneyMapOptions = {}): JourneyMapResult {
  const acc = createJourneyMapAccumulator(opts);
  for (const j of journeys) acc.add(j);
  return acc.result();
}
