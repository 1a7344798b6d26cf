// Flows for a Sankey diagram: the first `steps` stages or pages of each journey (from `start`
// when given), as nodes and links, with a `(drop-off)` node where a path ends early.
import type { FlowsResult, Journey } from './types.js';

export interface FlowsOptions {
  level: 'stage' | 'page';
  /** Start each path at its first occurrence of this stage or page path; journeys without it are left out. */
  start?: string;
  /** Number of steps (columns), 2..20. */
  steps: number;
  /** Labels kept per step; the rest merge into `(other)`. 20 by default. */
  maxNodesPerStep?: number;
}

export interface FlowsAccumulator { add(journey: Journey): void; result(): FlowsResult }

export function createFlowsAccumulator(opts: FlowsOptions): FlowsAccumulator {
  void opts;
  throw new Error('createFlowsAccumulator: not implemented yet');
}

export function flows(journeys: Iterable<Journey>, opts: FlowsOptions): FlowsResult {
  const acc = createFlowsAccumulator(opts);
  for (const j of journeys) acc.add(j);
  return acc.result();
}
