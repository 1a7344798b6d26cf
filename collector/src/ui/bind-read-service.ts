// Connects the UI to the read API's service layer (collector/src/api/service.ts): the pages
// show exactly what GET /v1/journey-map, /v1/flows, /v1/funnels and /v1/customers return for
// the same filters, from the same cache (journeyService() is one instance per store).
import type { AppDeps } from '../app.js';
import { journeyService, type JourneyService } from '../api/service.js';
import type { Stage } from '../../../wire/schema.js';
import type { UiReadService } from './read-service.js';

/** Nodes per Sankey column before the rest merge into "(other)"; the API takes it as `maxNodes`. */
export const FLOW_MAX_NODES = 12;

/**
 * Pages take the last computed aggregate while a new one is computed (never across an
 * erasure): with live traffic the data changes between any two views, and a view should not
 * wait for a full scan each time. With nothing computed yet, a page waits up to PAGE_WAIT_MS
 * and then says the figures are being computed (StillComputing) instead of hanging for the
 * seconds a first pass over a large store takes.
 */
export const PAGE_WAIT_MS = 800;
const read = { allowStale: true, waitMs: PAGE_WAIT_MS };

export function bindReadService(deps: AppDeps, service: JourneyService = journeyService(deps)): UiReadService {
  return {
    journeyMap: (f, o) => service.journeyMap(f, o?.wait ? { allowStale: true } : read),
    flows: (f, o) => service.flows({ ...f, ...o, maxNodesPerStep: FLOW_MAX_NODES }, read),
    funnel: (f, o) => service.funnel({ ...f, steps: o.steps, windowMs: o.windowMs, strict: o.strict }, read),
    async customers(f, q) {
      const page = await service.customers({ ...f, q: q.q, stageReached: q.stage as Stage | undefined, cursor: q.cursor, limit: q.limit }, read);
      return {
        total: page.total,
        next: page.nextCursor ?? undefined,
        rows: page.customers.map((c) => ({
          customerId: c.customerId, currentStage: c.currentStage, furthestStage: c.furthestStage, sessions: c.sessions,
          touchpoints: c.touchpoints, firstChannel: c.firstTouch?.channel ?? null, lastSeen: c.lastSeen || null,
        })),
      };
    },
    customerJourney: (id) => service.customerJourney(id),
  };
}
