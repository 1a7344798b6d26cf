// What the UI asks of the read service (collector/src/read/service.ts), in one interface: pages
// call these and never rebuild journeys or aggregates themselves, so they show exactly what
// GET /v1/journey-map, /v1/flows, /v1/funnels and /v1/customers return for the same filters,
// from the same cache (app.ts builds one read service for both). uiReadService() connects the
// two; tests of the pages can hand in their own.
import type { FlowsResult, FunnelResult, FunnelStep, Journey, JourneyMapResult } from '../journey/types.js';
import type { ReadService } from '../read/service.js';
import type { SurveySummary } from '../read/survey-summary.js';
import type { Stage } from '../../../wire/schema.js';
import type { SegmentDefinition } from '../segments/index.js';
import type { CustomerRow } from './pages/customers.js';
import { filtersSide } from '../compare/compare-sides.js';
import type { Comparison } from '../compare/compare.js';

/** Filters as the read API takes them: ms since epoch (to exclusive), site, first-touch channel, a segment's definition. */
export interface ReadFilters { from?: number; to?: number; siteId?: string; firstChannel?: string; segment?: SegmentDefinition }

import type { CustomerSort } from '../read/customer-order.js';

export interface CustomerQuery { q?: string; stage?: string; cursor?: string; limit: number; sort?: CustomerSort }

/**
 * Pages wait a moment for an aggregate being computed, then show that it is being computed
 * (StillComputing) and reload; downloads (`wait: true`) wait for the result however long it takes.
 */
export interface WaitOption { wait?: boolean }

export interface UiReadService {
  journeyMap(f: ReadFilters, o?: WaitOption): Promise<JourneyMapResult>;
  flows(f: ReadFilters, o: { level: 'stage' | 'page'; start?: string; steps: number }): Promise<FlowsResult>;
  funnel(f: ReadFilters, o: { steps: FunnelStep[]; windowMs: number; strict: boolean }): Promise<FunnelResult>;
  customers(f: ReadFilters, q: CustomerQuery): Promise<{ rows: CustomerRow[]; total: number | null; next?: string }>;
  /** null when no event belongs to that id. */
  customerJourney(id: string): Promise<Journey | null>;
  surveys(f: ReadFilters): Promise<SurveySummary[]>;
  /** The customers of `a` against those of `b`, stage by stage (GET /v1/journey-map's `compare`). */
  compare(a: ReadFilters, b: ReadFilters, o?: WaitOption): Promise<Comparison>;
}

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

/** The read service as the pages ask for it. */
export function uiReadService(service: ReadService): UiReadService {
  return {
    journeyMap: (f, o) => service.journeyMap(f, o?.wait ? { allowStale: true } : read),
    flows: (f, o) => service.flows({ ...f, ...o, maxNodesPerStep: FLOW_MAX_NODES }, read),
    funnel: (f, o) => service.funnel({ ...f, steps: o.steps, windowMs: o.windowMs, strict: o.strict }, read),
    async customers(f, q) {
      const page = await service.customers({ ...f, q: q.q, stageReached: q.stage as Stage | undefined, cursor: q.cursor, limit: q.limit, sort: q.sort }, read);
      return {
        total: page.total,
        next: page.nextCursor ?? undefined,
        rows: page.customers.map((c) => ({
          customerId: c.customerId, currentStage: c.currentStage, furthestStage: c.furthestStage, sessions: c.sessions,
          touchpoints: c.touchpoints, painPoints: c.painPoints, firstChannel: c.firstTouch?.channel ?? null, lastSeen: c.lastSeen || null,
        })),
      };
    },
    customerJourney: (id) => service.customerJourney(id),
    surveys: (f) => service.surveys({ from: f.from, to: f.to, siteId: f.siteId, segment: f.segment }),
    compare: (a, b, o) => service.compare(filtersSide(a), filtersSide(b), o?.wait ? { allowStale: true } : read),
  };
}

