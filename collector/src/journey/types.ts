// Shapes of the reconstructed journey. The read API returns these as JSON; the UI
// and the extension render them. Field names here are a contract: change them everywhere or not at all.
import type { Stage } from '../../../wire/schema.js';

export type Channel = 'direct' | 'organic_search' | 'paid_search' | 'social' | 'email' | 'referral' | 'internal' | (string & {});

export interface StageEntry { stage: Stage; enteredAt: string; leftAt: string | null }

export interface Touchpoint {
  id: string;
  at: string;
  type: string;
  name: string | null;
  url: string | null;
  /** A page view's title, when the page had one. */
  title?: string;
  /** The element a click-like touchpoint (`$click`, `$rage_click`, `$dead_click`) was on. */
  element?: TouchpointElement;
  /** The customer's lifecycle stage when this happened. */
  stage: Stage;
  /** What the touchpoint was about (the stage its rule names), null when no rule matched. */
  intent?: Stage | null;
  channel: Channel;
  sessionId: string;
  /** Set on an off-site touchpoint (an email, a support call, an order in a store: a server-given channel). */
  offSite?: true;
}

/** An element as a customer saw it: its text (`Add to cart`) and role (`button`, `link`). */
export interface TouchpointElement { text: string | null; role: string | null }

export interface Session {
  id: string; start: string; end: string; channel: Channel; touchpoints: number;
  /** Set on a session of off-site touchpoints (one channel), which may overlap the web visits. */
  offSite?: true;
}

export interface EmotionPoint { at: string; score: number; source: 'explicit' | 'inferred'; touchpointId: string }

export type PainPointKind =
  | 'rage_click' | 'dead_click' | 'js_error' | 'form_abandonment' | 'negative_survey' | 'slow_page' | 'loop' | 'drop_off';

export interface PainPoint { kind: PainPointKind; at: string; stage: Stage; touchpointId: string | null; detail: string }

/** GET /v1/customers/:id/journey */
export interface Journey extends JourneyExtras {
  customerId: string;
  anonymousIds: string[];
  userIds: string[];
  currentStage: Stage;
  furthestStage: Stage;
  stages: StageEntry[];
  sessions: Session[];
  touchpoints: Touchpoint[];
  emotion: EmotionPoint[];
  painPoints: PainPoint[];
}

// ---- Additions beyond the documented journey shape (optional, so older producers of Journey still type-check) ----

/** Where a journey began: the first session's channel and campaign, used by filters. */
export interface FirstTouch {
  at: string;
  channel: Channel;
  source: string | null;
  medium: string | null;
  campaign: string | null;
}

export interface JourneyExtras {
  /** Sites the customer's events came from. */
  siteIds?: string[];
  firstTouch?: FirstTouch | null;
}

// ---- Aggregates over many journeys (GET /v1/journey-map, /v1/flows, /v1/funnels) ----

export interface Count { key: string; count: number }

export interface StageEmotion {
  /** Mean of every point, explicit and inferred together; null without points. */
  average: number | null;
  explicit: { average: number | null; count: number };
  inferred: { average: number | null; count: number };
}

export interface StageSummary {
  stage: Stage;
  /** Customers who entered this stage at least once. */
  customers: number;
  /** Of those, how many later reached the next stage or any stage after it. */
  converted: number;
  /** converted / customers; null for the last stage or no customers. */
  conversion: number | null;
  /** Median time from first entering this stage to first reaching a later one (ms); null if nobody did. */
  medianTimeToNextMs: number | null;
  /** Pages (by path) seen in this stage, most frequent first. */
  touchpoints: Count[];
  /** Off-site touchpoints (`channel: name`, e.g. `support: ticket_opened`) in this stage, most frequent first. */
  offSite: Count[];
  /** What customers did: event names and survey answers, most frequent first. */
  actions: Count[];
  /** Customers who had a touchpoint in this stage through each channel. */
  channels: Count[];
  emotion: StageEmotion;
  painPoints: Count[];
  /** Customers with at least one pain point of each kind in this stage, most first. */
  painCustomers?: Count[];
  /** The title of each page in `touchpoints` that had one, by path. */
  pageTitles?: Record<string, string>;
}

export interface JourneyMapResult { customers: number; stages: StageSummary[] }

export interface FlowNode {
  id: string; step: number; label: string; count: number;
  /** Set on an off-site touchpoint's node (`support: ticket_opened`) in a page-level flow. */
  offSite?: true;
}
export interface FlowLink { source: string; target: string; count: number }
/** Sankey input: node ids are `${step}:${label}`; a customer whose path ends goes to the `(drop-off)` node of the next step. */
export interface FlowsResult { customers: number; nodes: FlowNode[]; links: FlowLink[] }

/** `channel`: any touchpoint through that channel (an off-site one such as `support`, or a visit's). */
export interface FunnelStep { kind: 'event' | 'page' | 'stage' | 'channel'; value: string; optional?: boolean }
export interface FunnelStepResult {
  kind: FunnelStep['kind'];
  value: string;
  optional: boolean;
  /** Customers who did this step (in order, within the window). */
  customers: number;
  /** customers / customers at the previous required step (1 for the first step). */
  conversion: number;
  /** customers / customers at the first step. */
  conversionFromStart: number;
  /** Median time from the previous matched step (ms); null for the first step or nobody. */
  medianTimeMs: number | null;
  /** Customers at the previous required step who did not do this (required) step; 0 for optional steps. */
  dropOff: number;
  /** Ids of those customers, at most `maxDroppedIds` of them. */
  droppedCustomerIds: string[];
}
export interface FunnelResult { customers: number; steps: FunnelStepResult[] }
