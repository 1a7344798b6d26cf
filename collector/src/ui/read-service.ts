// What the UI asks of the read API's service layer, in one interface: pages call these and
// never rebuild journeys or aggregates themselves. bindReadService() connects it to the
// service in collector/src/api; tests of the pages can hand in their own.
import type { FlowsResult, FunnelResult, FunnelStep, Journey, JourneyMapResult } from '../journey/types.js';
import type { CustomerRow } from './pages/customers.js';

/** Filters as the read API takes them: ms since epoch (to exclusive), site, first-touch channel. */
export interface ReadFilters { from?: number; to?: number; siteId?: string; firstChannel?: string }

export interface CustomerQuery { q?: string; stage?: string; cursor?: string; limit: number }

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
}
