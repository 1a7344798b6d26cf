// Funnels: ordered steps (events, pages or stages), optional steps, strict or loose ordering and
// a conversion window measured from the first step.
import type { FunnelResult, FunnelStep, Journey } from './types.js';

export interface FunnelOptions {
  steps: FunnelStep[];
  /**
   * Loose (false): anything may happen between two steps. Strict (true): between two matched
   * steps no touchpoint may match another required step of the funnel.
   */
  strict?: boolean;
  /** Every step must happen within this time of the first step (ms); unlimited by default. */
  windowMs?: number;
  /** Cap on droppedCustomerIds per step; 1000 by default. */
  maxDroppedIds?: number;
}

export interface FunnelAccumulator { add(journey: Journey): void; result(): FunnelResult }

export function createFunnelAccumulator(opts: FunnelOptions): FunnelAccumulator {
  void opts;
  throw new Error('createFunnelAccumulator: not implemented yet');
}

export function funnel(journeys: Iterable<Journey>, opts: FunnelOptions): FunnelResult {
  const acc = createFunnelAccumulator(opts);
  for (const j of journeys) acc.add(j);
  return acc.result();
}
