// Filters every aggregate shares: a predicate on a finished journey, so the read API
// can stream customers through it before they reach an accumulator.
import type { Stage } from '../../../wire/schema.js';
import { matchesSegment } from '../segments/match.js';
import type { SegmentDefinition } from '../segments/definition.js';
import { stageIndex } from './build-journey.js';
import { journeyState } from './journey-state.js';
import type { Journey } from './types.js';

export interface JourneyFilters {
  /** Keep journeys with a touchpoint at or after this time (ms since epoch, inclusive). */
  from?: number;
  /** ... and before this time (exclusive). */
  to?: number;
  /** Keep journeys with an event from this site. */
  siteId?: string;
  /** The first session's channel. */
  firstChannel?: string;
  /** The first session's utm_campaign. */
  firstCampaign?: string;
  /** Keep journeys that reached this stage at some point (furthest stage at or beyond it). */
  stageReached?: Stage;
  /** Keep customers in this segment (segments/match.ts): the definition itself, so passes in worker threads can test it. */
  segment?: SegmentDefinition;
}

/** `traits`: the customer's identify traits, which a segment may test (the journey does not carry them). */
export function matchesFilters(journey: Journey, filters: JourneyFilters = {}, traits: Record<string, unknown> = {}): boolean {
  const f = filters;
  if (f.segment !== undefined && !matchesSegment(journeyState(journey, traits), f.segment, journey.painPoints.some((p) => p.kind === 'drop_off'))) return false;
  if (f.siteId !== undefined && !(journey.siteIds ?? []).includes(f.siteId)) return false;
  if (f.firstChannel !== undefined && journey.firstTouch?.channel !== f.firstChannel) return false;
  if (f.firstCampaign !== undefined && journey.firstTouch?.campaign !== f.firstCampaign) return false;
  if (f.stageReached !== undefined && stageIndex(journey.furthestStage) < stageIndex(f.stageReached)) return false;
  if (f.from !== undefined || f.to !== undefined) {
    const from = f.from ?? -Infinity, to = f.to ?? Infinity;
    // Sessions first: few, and one inside the range settles it without parsing every touchpoint.
    let overlaps = false;
    for (const s of journey.sessions) {
      const start = Date.parse(s.start), end = Date.parse(s.end);
      if (end < from || start >= to) continue;
      if (start >= from && end < to) return true;
      overlaps = true;
    }
    if (!overlaps) return false;
    const inRange = journey.touchpoints.some((t) => { const at = Date.parse(t.at); return at >= from && at < to; });
    if (!inRange) return false;
  }
  return true;
}
