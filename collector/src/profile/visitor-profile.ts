// One visitor's profile from their customer's journey state: the stage, since when, and segments.
// Found by the anonymous id alone (never by a user or customer id, which a page could guess),
// and only on the site that asks.
import type { JourneyState } from '../journey/journey-state.js';
import { currentStage } from '../journey/journey-state.js';
import { serverAnonymousId } from '../ingest/normalise.js';
import type { Store } from '../store/store.js';
import type { ProfileResponse } from '../../../wire/schema.js';

export const UNKNOWN_VISITOR: ProfileResponse = { stage: null, since: null, segments: [], stateVersion: null };

/** How often a read waits for a dirty state to be rebuilt (ms). */
const SETTLE_POLL_MS = 25;

export interface ProfileOptions {
  /** How long to wait for the visitor's state to take in events not yet folded (a just-placed order), ms. */
  settleMs: number;
  segmentsOf(state: JourneyState): string[] | Promise<string[]>;
}

/**
 * The profile of the visitor with this anonymous id on `siteId`. When their customer has events
 * not yet built into the state, it waits (up to settleMs) for the rebuild, so an order the page
 * has just sent shows; past that, it answers from the state there is.
 */
export async function visitorProfile(store: Store, siteId: string, anonymousId: string, o: ProfileOptions): Promise<ProfileResponse> {
  // Server events without an anonymous id are stored under one made from the user id: a page
  // asking for that id would be asking for someone's profile by their user id.
  if (anonymousId.startsWith(serverAnonymousId(''))) return UNKNOWN_VISITOR;
  const read = async () => {
    const row = await store.states.stateOf(anonymousId);
    const state = row && (JSON.parse(row.state) as JourneyState);
    // stateOf also matches a customer id: only a state that covers this anonymous id is the visitor's.
    return row && state!.anonymousIds.includes(anonymousId) ? { state: state!, dataVersion: row.dataVersion } : null;
  };
  const until = Date.now() + o.settleMs;
  let found = await read();
  // The state is read again after its ids are seen clean: a rebuild writes the state and clears
  // the marks in one commit, so only a state read after the check holds every event sent before
  // it. Answering the one read before the check let a commit in between pass an older state, or
  // none, as settled.
  for (let settled = false; !settled && Date.now() < until;) {
    settled = !(await store.states.dirty(found?.state.anonymousIds ?? [anonymousId]));
    if (!settled) await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
    found = await read();
  }
  if (!found || !found.state.siteIds.includes(siteId)) return UNKNOWN_VISITOR;
  return { ...currentStage(found.state), segments: await o.segmentsOf(found.state), stateVersion: found.dataVersion };
}
