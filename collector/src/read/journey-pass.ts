// One pass over every customer's journey, feeding one aggregate: the customer list with the
// journey map (overview), a filtered journey map, flows or a funnel. Here the pass runs in this
// thread; on Node, worker-passes.ts splits a large one across worker threads and merges their
// states (the Pass interface's state() and merge()).
import {
  createFlowsAccumulator, createFunnelAccumulator, createJourneyMapAccumulator, matchesFilters,
  type FlowsOptions, type FunnelOptions, type JourneyFilters, type JourneyOptions,
} from '../journey/index.js';
import type { FlowsResult, FunnelResult, Journey, JourneyMapResult } from '../journey/types.js';
import { byCustomerId } from '../journey/journey-state.js';
import type { Store } from '../store/store.js';
import { createPathsAccumulator, type PathsByTransition } from './critical-touchpoints.js';
import { scanJourneys, type ScannedJourney } from './scan-journeys.js';

/** What a pass computes. Plain data: it travels to worker threads. */
export type PassSpec =
  | { kind: 'overview' }
  | { kind: 'map'; filters: JourneyFilters }
  | { kind: 'flows'; flows: FlowsOptions; filters: JourneyFilters }
  | { kind: 'funnel'; funnel: FunnelOptions; filters: JourneyFilters }
  | { kind: 'attribution'; filters: JourneyFilters };

/** One row of the customer list. */
export interface CustomerSummary {
  customerId: string;
  anonymousIds: string[];
  userIds: string[];
  traits: Record<string, unknown>;
  currentStage: Journey['currentStage'];
  furthestStage: Journey['furthestStage'];
  firstSeen: string;
  lastSeen: string;
  sessions: number;
  touchpoints: number;
  painPoints: number;
  firstTouch: Journey['firstTouch'] | null;
  siteIds: string[];
}

export interface Overview { list: CustomerSummary[]; map: JourneyMapResult }

export type PassResult<S extends PassSpec> =
  S extends { kind: 'overview' } ? Overview
  : S extends { kind: 'map' } ? JourneyMapResult
  : S extends { kind: 'flows' } ? FlowsResult
  : S extends { kind: 'attribution' } ? PathsByTransition
  : FunnelResult;

/** An aggregate being built: journeys in, a structured-cloneable state out, states merged. */
export interface Pass {
  add(s: ScannedJourney): void;
  state(): unknown;
  merge(state: unknown): void;
  result(): unknown;
}

export function summarise(j: Journey, traits: Record<string, unknown>): CustomerSummary {
  return {
    customerId: j.customerId, anonymousIds: j.anonymousIds, userIds: j.userIds, traits,
    currentStage: j.currentStage, furthestStage: j.furthestStage,
    firstSeen: j.touchpoints[0]?.at ?? '', lastSeen: j.touchpoints[j.touchpoints.length - 1]?.at ?? '',
    sessions: j.sessions.length, touchpoints: j.touchpoints.length, painPoints: j.painPoints.length,
    firstTouch: j.firstTouch ?? null, siteIds: j.siteIds ?? [],
  };
}

/** Throws on bad flows or funnel options, before any scan. */
export function createPass(spec: PassSpec): Pass {
  switch (spec.kind) {
    case 'overview': {
      let list: CustomerSummary[] = [];
      const map = createJourneyMapAccumulator();
      return {
        add({ journey, traits }) { list.push(summarise(journey, traits)); map.add(journey); },
        state: () => ({ list, map: map.state() }),
        merge(s) {
          const o = s as { list: CustomerSummary[]; map: ReturnType<typeof map.state> };
          list = list.concat(o.list);
          map.merge(o.map);
        },
        result: (): Overview => ({ list: list.sort(byCustomerId), map: map.result() }),
      };
    }
    case 'map': return filtered(createJourneyMapAccumulator(), spec.filters);
    case 'flows': return filtered(createFlowsAccumulator(spec.flows), spec.filters);
    case 'funnel': return filtered(createFunnelAccumulator(spec.funnel), spec.filters);
    case 'attribution': return filtered(createPathsAccumulator(), spec.filters);
  }
}

function filtered(acc: { add(j: Journey): void; state(): unknown; merge(s: never): void; result(): unknown }, f: JourneyFilters): Pass {
  return {
    add: (s) => { if (matchesFilters(s.journey, f, s.traits)) acc.add(s.journey); },
    state: () => acc.state(),
    merge: (s) => acc.merge(s as never),
    result: () => acc.result(),
  };
}

/** How the service runs a pass: in this thread (runPass), or as the runtime allows (worker-passes.ts). */
export type PassRunner = <S extends PassSpec>(store: Store, spec: S, opts: JourneyOptions) => Promise<PassResult<S>>;

/** The pass in this thread: every journey of the store, one at a time. */
export async function runPass<S extends PassSpec>(store: Store, spec: S, opts: JourneyOptions): Promise<PassResult<S>> {
  const pass = createPass(spec);
  for await (const s of scanJourneys(store.journeys, opts)) pass.add(s);
  return pass.result() as PassResult<S>;
}
