// Which of the analysts' segments a customer is in, for the visitor's profile. None yet: the
// segments live beside the read API, and this is where they are matched against a journey state.
import type { JourneyState } from '../journey/journey-state.js';

/** The ids of the segments whose definition the customer's state meets. */
export function segmentsOf(_state: JourneyState): string[] {
  return [];
}
