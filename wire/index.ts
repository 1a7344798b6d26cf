// The wire format between sites, the SDK, the extension and the collector: constants and types,
// with no runtime dependency, so the SDK and the extension import it without bringing zod in.
// The collector validates with the zod schemas beside it (schema.ts), which are checked against
// these types at compile time.

/** The plain shape: every event whole. */
export const WIRE_VERSION = 1;
/** Context shared by every event of a batch sent once, beside the events (see BatchV2). */
export const WIRE_VERSION_SHARED_CONTEXT = 2;

/** Events in one batch, at most. */
export const MAX_BATCH_EVENTS = 500;

export const LIMITS = {
  bodyBytes: 512 * 1024,
  eventBytes: 32 * 1024,
  eventsPerBatch: MAX_BATCH_EVENTS,
  /**
   * A v2 batch's shared context, as JSON characters: it is copied into every event, so a large one
   * would turn one small body into 500 large events. A real page's context is under 1 kB.
   */
  sharedContextChars: 8 * 1024,
  /** Client timestamps more than this far ahead of the server clock are clamped to receivedAt. */
  futureSkewMs: 23 * 60 * 60 * 1000,
} as const;

export const STAGES = ['awareness', 'consideration', 'purchase', 'onboarding', 'retention', 'advocacy'] as const;
export type Stage = (typeof STAGES)[number];

export const EVENT_TYPES = ['page', 'track', 'identify', 'alias', 'survey'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const INSTRUMENTS = ['emotion5', 'csat', 'ces', 'nps', 'text'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Score range of each instrument; `text` has no score. */
export const INSTRUMENT_RANGE: Record<Exclude<Instrument, 'text'>, readonly [number, number]> = {
  emotion5: [1, 5],
  csat: [1, 5],
  ces: [1, 7],
  nps: [0, 10],
};

/** A raw answer mapped linearly onto −1..+1 (null for free text). */
export function normaliseScore(instrument: Instrument, score: number | null | undefined): number | null {
  if (instrument === 'text' || score == null) return null;
  const [lo, hi] = INSTRUMENT_RANGE[instrument];
  const clamped = Math.min(hi, Math.max(lo, score));
  return Math.round(((2 * (clamped - lo)) / (hi - lo) - 1) * 1000) / 1000;
}

// ---- Events and batches: POST /v1/batch ----

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

// Type aliases rather than interfaces where a value sits inside a Context: only an alias counts as JSON.
export type Utm = {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
};

export type Size = {
  width: number;
  height: number;
};

/** `T` with any other field holding JSON, as one object type (what zod's `catchall` infers). */
type Open<T> = Flat<T & { [key: string]: Json }>;
type Flat<T> = { [K in keyof T]: T[K] };

/** Where an event happened; any other field is kept as sent. */
export type Context = Open<{
  url?: string;
  path?: string;
  title?: string;
  referrer?: string;
  utm?: Utm;
  locale?: string;
  userAgent?: string;
  screen?: Size;
  viewport?: Size;
  sdk?: { name: string; version: string };
}>;

/** The `properties` of a `survey` event. */
export type SurveyAnswer = Open<{
  surveyId: string;
  instrument: Instrument;
  score?: number | null;
  label?: string;
  comment?: string;
  dismissed?: boolean;
  trigger?: { eventId?: string | null; name?: string | null };
}>;

export interface WireEvent {
  /** Client-made (the SDK makes UUIDv7 ids); the dedupe key. */
  id: string;
  type: EventType;
  /** A track event's name; autocapture's start with `$` (`$click`, `$page_leave`, ...). */
  name?: string;
  anonymousId: string;
  userId?: string;
  previousId?: string;
  sessionId: string;
  /** ISO-8601, the client's clock. */
  timestamp: string;
  /** A server-sent touchpoint's channel (email, support, ...). */
  channel?: string;
  properties?: Record<string, Json>;
  traits?: Record<string, Json>;
  context: Context;
}

/**
 * Fields only a server request (`Authorization: Bearer sk_…`) may send: a site's public write key
 * can be read from its pages, so a browser sender could otherwise pass its events off as an email
 * or a support call.
 */
export const SERVER_ONLY_FIELDS = ['channel'] as const;

/**
 * An event from a server request: its sender's key proves who sent it, so it may name a customer by
 * `userId` alone (it needs a `userId` or an `anonymousId`), leave out `sessionId` and `context`, and
 * set its `channel` (email, support, phone, store, social, …): an off-site touchpoint.
 */
export type ServerEvent = Flat<Omit<WireEvent, 'anonymousId' | 'sessionId' | 'context'> & {
  anonymousId?: string;
  sessionId?: string;
  context?: Context;
}>;

/** What a server sends (`Authorization: Bearer sk_…`): no writeKey needed, and without sentAt timestamps stand as sent. */
export interface ServerBatch {
  v: typeof WIRE_VERSION;
  writeKey?: string;
  sentAt?: string;
  events: ServerEvent[];
}

/** Version 1: every event whole. 1..500 events, at most 512 KB. */
export interface Batch {
  v: typeof WIRE_VERSION;
  writeKey: string;
  sentAt: string;
  events: WireEvent[];
}

/**
 * Version 2: `context` holds what every event of the batch has in common (user agent, screen,
 * locale, SDK, page fields), sent once; each event's own `context` holds only what differs. The
 * collector expands every event (expandEvent) before validating it, so stored events are exactly
 * what the same batch sent as version 1 would have stored.
 */
export interface BatchV2 {
  v: typeof WIRE_VERSION_SHARED_CONTEXT;
  writeKey: string;
  sentAt: string;
  context: Partial<Context>;
  events: (Omit<WireEvent, 'context'> & { context?: Partial<Context> })[];
}

/**
 * One event of a version 2 batch as version 1 carries it: `context` is the shared context with the
 * event's own fields over it, in the shared context's key order, then the event's other keys. It
 * stays where the event had it; an event without one gets it last. Anything that is not an object
 * is left as it is, for validation to reject with its index.
 */
export function expandEvent(shared: Record<string, unknown>, event: unknown): unknown {
  if (!isObject(event)) return event;
  const own = event.context === undefined ? {} : event.context;
  return isObject(own) ? { ...event, context: { ...shared, ...own } } : event;
}
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface RejectedEvent {
  index: number;
  id: string | null;
  errors: string[];
}
export interface BatchResponse {
  accepted: number;
  duplicates: number;
  duplicateIds: string[];
  rejected: RejectedEvent[];
}

// ---- Survey definitions, served by GET /v1/surveys ----

export interface SurveyTrigger {
  event?: string;
  url?: string;
  afterSeconds?: number;
  exitIntent?: boolean;
  stage?: Stage;
  delaySeconds?: number;
}
/** A survey as configured (with its defaults applied). */
export interface SurveyDefinition {
  id: string;
  instrument: Instrument;
  question: string;
  followUp?: string;
  trigger: SurveyTrigger;
  sample: number;
  strings?: Record<string, string>;
  /** Ids of the sites that show this survey; every site when omitted. */
  sites?: string[];
}
/**
 * A definition as GET /v1/surveys serves it: the trigger compiled into what the SDK checks, so
 * the SDK's trigger logic stays a few hundred bytes.
 */
export type ServedSurvey = Omit<SurveyDefinition, 'sites' | 'trigger'> & {
  /**
   * A regex over `${type} ${name}\n${location.href}` of each touchpoint: a match arms the survey.
   * It never matches for a survey without trigger conditions (shown only by survey.show()).
   */
  when: string;
  /** Milliseconds from arming to showing (afterSeconds + delaySeconds); a page view in between cancels it. */
  wait: number;
  /** Show on exit intent (after `wait`) instead. */
  exit?: boolean;
};
export interface SurveysResponse {
  surveys: ServedSurvey[];
  /** Global display rules, so every survey of a site obeys one policy. */
  rules: { quietDays: number; oncePerCustomer: boolean; maxPerSession: number };
}

// ---- Personalisation: GET /v1/profile?writeKey=…&anonymousId=… ----

/** One visitor's place in the lifecycle, for the site to tailor its messages (the SDK's `waymark.profile()`). */
export interface ProfileResponse {
  /** The current stage of the customer the anonymous id belongs to; null while the visitor is unknown. */
  stage: Stage | null;
  /** When the customer entered that stage (ISO 8601); null while unknown. */
  since: string | null;
  /** The ids of the analysts' segments the customer is in. */
  segments: string[];
  /** The data version the answer was built from; null while unknown. */
  stateVersion: string | null;
}

// ---- Debug channel: SDK → page → extension content script ----

/** The content script sets this attribute on <html> at document_start to switch the channel on. */
export const DEBUG_ATTRIBUTE = 'data-waymark-debug';
/** The `source` of every message the SDK posts on the channel. */
export const DEBUG_SOURCE = 'waymark-sdk';

export type DeliveryStatus = 'queued' | 'sent' | 'accepted' | 'duplicate' | 'rejected' | 'failed';
export type DebugMessage =
  | { source: typeof DEBUG_SOURCE; kind: 'touchpoint'; event: WireEvent }
  | { source: typeof DEBUG_SOURCE; kind: 'status'; ids: string[]; status: DeliveryStatus; errors?: Record<string, string[]>; detail?: string };
