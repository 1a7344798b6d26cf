// Journey reconstruction: pure functions over stored events. No I/O here;
// the read API feeds events in and serves what comes out.
//
//   toJourneyRow(stored: StoredEvent): JourneyRow (a JourneyEvent with the traits of an identify)
//   stitchIdentities(events: Iterable<JourneyEvent>): Customer[]          // order-independent
//   identityGraph(claimEvents): { customerOf(event), userIdsOf(customerId) } // streaming variant:
//       feed it only events with a userId or of type alias, then route every event by customerOf
//   sessionize(events, { timeoutMinutes?, channelRules? }): EventSession[]
//   classifyChannel({ channel?, utm?, referrer?, url? }, rules = DEFAULT_CHANNEL_RULES): Channel
//   matchStage(touchpoint, rules) / readTouchpoint(touchpoint, rules): what a touchpoint is about
//   advance(state, { at, sessionId }, reading, lifecycleOptions): the lifecycle, one touchpoint on
//   classifyStages(touchpoints: { name, url, properties?, at?, sessionId? }[], rules?, lifecycle?): Stage[]
//   buildJourney(customer: Customer, { stageRules?, lifecycle?, timeoutMinutes?, channelRules?, asOf?,
//       dropOffDays?, slowPageThresholds? }): Journey                      // asOf: "now" for drop-off
//   matchesFilters(journey, { from?, to?, siteId?, firstChannel?, firstCampaign?, stageReached? })
//   createJourneyMapAccumulator({ top? }).add(journey) … .result(): JourneyMapResult
//   createFlowsAccumulator({ level: 'stage'|'page', start?, steps, maxNodesPerStep? }) → FlowsResult
//   createFunnelAccumulator({ steps: FunnelStep[], strict?, windowMs?, maxDroppedIds? }) → FunnelResult
//   journeyMap(journeys, opts) / flows(journeys, opts) / funnel(journeys, opts): the same in one call
//   every accumulator also has state() (plain, structured-cloneable data) and merge(state), so
//       parts of the customers counted apart (worker threads) combine into one result
//
// Typical use, streaming customers so memory stays flat:
//   const customers = stitchIdentities(events.map(toJourneyRow));
//   const map = createJourneyMapAccumulator();
//   for (const c of customers) { const j = buildJourney(c, { asOf }); if (matchesFilters(j, f)) map.add(j); }
//   map.result();
export type * from './types.js';
export { toJourneyRow, journeyRow, compareEvents, orderEvents, pathOf, UNVERIFIED_IDENTITY_FLAG, UNVERIFIED_PREVIOUS_ID_FLAG, type JourneyEvent, type JourneyRow, type JourneyFields } from './event.js';
export { stitchIdentities, identityGraph, type Customer, type IdentityGraph } from './stitch-identities.js';
export { sessionize, campaignKey, DEFAULT_SESSION_TIMEOUT_MINUTES, type SessionOptions, type EventSession } from './sessionize.js';
export { classifyChannel, DEFAULT_CHANNEL_RULES, type ChannelRules, type ChannelInput } from './classify-channel.js';
export { classifyStages, matchStage, readTouchpoint, ruleMatches, globFor, compileGlob, DEFAULT_STAGE_RULES, type Glob, type Classifiable, type TimedTouchpoint } from './classify-stages.js';
export { advance, startLifecycle, DEFAULT_LAPSE_AFTER_DAYS, DEFAULT_RETENTION_AFTER_DAYS, type LifecycleOptions, type LifecycleState, type Reading } from './lifecycle.js';
export { readSignals, absorbedDeadClicks, MILESTONE_EMOTION, INFERRED_EMOTION, SLOW_PAGE_THRESHOLDS, FORM_ABANDON_EVENTS } from './signals.js';
export { buildJourney, stageIndex, DEFAULT_DROP_OFF_DAYS, type JourneyOptions } from './build-journey.js';
export { matchesFilters, type JourneyFilters } from './filters.js';
export { journeyMap, createJourneyMapAccumulator, type JourneyMapOptions, type JourneyMapAccumulator, type JourneyMapState } from './journey-map.js';
export { flows, createFlowsAccumulator, type FlowsOptions, type FlowsAccumulator, type FlowsState } from './flows.js';
export { funnel, createFunnelAccumulator, type FunnelOptions, type FunnelAccumulator, type FunnelState } from './funnel.js';
export type { StageRule } from '../config.js';
