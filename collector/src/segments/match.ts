// Whether a customer's journey state is in a segment: every condition the definition holds must
// be true. Pure, so the read service can test thousands of states per request and the tests can
// list one row per condition.
import { stageIndex } from '../journey/build-journey.js';
import { globFor } from '../journey/classify-stages.js';
import { pathOf } from '../journey/event.js';
import type { JourneyState } from '../journey/journey-state.js';
import type { SegmentDefinition } from './definition.js';

/** A trait's value as text, so `{"plan": "pro"}` and `{"seats": "5"}` match what identify sent; objects never match. */
const traitText = (v: unknown): string | null => (v === null || v === undefined || typeof v === 'object' ? null : String(v));

/**
 * `droppedOff`: whether the customer counts as dropped off now; the state leaves drop-off out
 * because it depends on "now" (journey-state.ts dropsOff), so the caller says.
 */
export function matchesSegment(s: JourneyState, d: SegmentDefinition, droppedOff = false): boolean {
  if (d.reached !== undefined && stageIndex(s.furthestStage) < stageIndex(d.reached)) return false;
  if (d.current !== undefined && s.currentStage !== d.current) return false;
  if (d.channel !== undefined && s.firstTouch?.channel !== d.channel) return false;
  if (d.campaign !== undefined && s.firstTouch?.campaign !== d.campaign) return false;
  if (d.traits) {
    for (const [k, v] of Object.entries(d.traits)) if (traitText(s.traits[k]) !== v) return false;
  }
  // States of an older format lack these fields until they are rebuilt: nothing seen yet.
  if (d.did || d.didNot) {
    const events = new Set(s.events ?? []);
    if (d.did && !d.did.every((n) => events.has(n))) return false;
    if (d.didNot && d.didNot.some((n) => events.has(n))) return false;
  }
  if (d.visited) {
    const urls = s.visited ?? [];
    for (const pattern of d.visited) {
      const glob = globFor(pattern);
      if (!urls.some((u) => glob.test(u) || glob.test(pathOf(u) ?? u))) return false;
    }
  }
  if (d.painPoint !== undefined) {
    const met = d.painPoint === 'drop_off' ? droppedOff : Object.values(s.perStage).some((c) => (c?.painPoints[d.painPoint!] ?? 0) > 0);
    if (!met) return false;
  }
  if (d.score) {
    const mean = s.surveyScore ?? null;
    if (mean === null) return false;
    if (d.score.min !== undefined && mean < d.score.min) return false;
    if (d.score.max !== undefined && mean > d.score.max) return false;
  }
  return true;
}
