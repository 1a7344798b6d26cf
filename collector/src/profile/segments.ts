// Which of the analysts' saved segments a visitor's customer is in, for the profile a page reads.
// Ids, never names: a name is the analysts' own word for a group ("likely to churn") and the
// visitor can read their profile. The saved definitions are read at most every few seconds.
import { dropsOff, type JourneyState } from '../journey/journey-state.js';
import { matchesSegment, parseDefinition, type SegmentDefinition } from '../segments/index.js';
import type { SegmentStore } from '../store/store.js';

const REFRESH_MS = 5_000;

/** The ids of the saved segments whose definition a state meets, from `segments` (a store's). */
export function segmentMatcher(segments: SegmentStore, now: () => number = Date.now): (state: JourneyState) => Promise<string[]> {
  let loaded: { at: number; list: Promise<{ id: string; definition: SegmentDefinition }[]> } | null = null;
  const saved = () => {
    if (!loaded || now() - loaded.at > REFRESH_MS) {
      const list = segments.list().then((all) => all.flatMap((s) => {
        const parsed = parseDefinition(s.definition);
        return parsed.ok ? [{ id: s.id, definition: parsed.definition }] : [];
      }));
      loaded = { at: now(), list };
      list.catch(() => { loaded = null; });
    }
    return loaded.list;
  };
  return async (state) => {
    const asOf = now();
    return (await saved()).filter((s) => matchesSegment(state, s.definition, dropsOff(state, asOf))).map((s) => s.id);
  };
}
