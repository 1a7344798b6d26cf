// The wire format between sites, the SDK, the extension and the collector.
// The collector validates with these schemas; the SDK and the extension import *types only*
// (`import type`), so zod never enters the SDK bundle.
import { z } from 'zod';

/** The plain shape: every event whole. */
export const WIRE_VERSION = 1;
/** Context shared by every event of a batch sent once, beside the events (see BatchV2Schema). */
export const WIRE_VERSION_SHARED_CONTEXT = 2;

export const LIMITS = {
  bodyBytes: 512 * 1024,
  eventBytes: 32 * 1024,
  eventsPerBatch: 500,
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

/** Names autocapture gives its `track` events. */
export const AUTOCAPTURE_NAMES = [
  '$click', '$submit', '$scroll_depth', '$rage_click', '$dead_click', '$error', '$page_leave', '$web_vitals',
] as const;

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

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00.000Z' });
const id = (what: string) => z.string().min(1, `${what} must not be empty`).max(200, `${what} is longer than 200 characters`);

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
// Bodies arrive through JSON.parse, so every value is already JSON: checking that again value by
// value would be the most expensive part of ingest and could reject nothing.
const json = z.unknown() as z.ZodType<Json>;
const jsonObject = z.record(z.string(), json);

const size = z.object({ width: z.number(), height: z.number() });

export const UtmSchema = z.object({
  source: z.string().optional(),
  medium: z.string().optional(),
  campaign: z.string().optional(),
  term: z.string().optional(),
  content: z.string().optional(),
});
export type Utm = z.infer<typeof UtmSchema>;

export const ContextSchema = z.object({
  url: z.string().max(4096).optional(),
  path: z.string().max(4096).optional(),
  title: z.string().max(2048).optional(),
  referrer: z.string().max(4096).optional(),
  utm: UtmSchema.optional(),
  locale: z.string().max(64).optional(),
  userAgent: z.string().max(1024).optional(),
  screen: size.optional(),
  viewport: size.optional(),
  sdk: z.object({ name: z.string(), version: z.string() }).optional(),
}).catchall(json);
export type Context = z.infer<typeof ContextSchema>;

export const SurveyAnswerSchema = z.object({
  surveyId: id('surveyId'),
  instrument: z.enum(INSTRUMENTS),
  score: z.number().nullable().optional(),
  label: z.string().max(200).optional(),
  comment: z.string().max(4000).optional(),
  dismissed: z.boolean().optional(),
  trigger: z.object({ eventId: z.string().nullable().optional(), name: z.string().nullable().optional() }).optional(),
}).catchall(json);
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;

/**
 * Fields only a server request (`Authorization: Bearer sk_…`) may send: a site's public write key
 * can be read from its pages, so a browser sender could otherwise pass its events off as an email
 * or a support call.
 */
export const SERVER_ONLY_FIELDS = ['channel'] as const;

const eventFields = {
  id: z.uuid({ message: 'must be a UUID (the SDK makes UUIDv7 ids)' }),
  type: z.enum(EVENT_TYPES),
  name: z.string().min(1).max(200).optional(),
  anonymousId: id('anonymousId'),
  userId: id('userId').optional(),
  previousId: id('previousId').optional(),
  sessionId: id('sessionId'),
  timestamp: isoDateTime,
  channel: z.string().min(1, 'channel must not be empty').max(64).optional(),
  properties: jsonObject.optional(),
  traits: jsonObject.optional(),
  context: ContextSchema,
};

type EventChecks = { type: EventType; name?: string; userId?: string; properties?: Record<string, Json> };
function checkEvent(e: EventChecks, ctx: z.RefinementCtx) {
  if (e.type === 'track' && !e.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'a track event needs a name' });
  if (e.type === 'identify' && !e.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'an identify event needs a userId' });
  if (e.type === 'alias' && !e.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'an alias event needs a userId' });
  if (e.type === 'survey') {
    const r = SurveyAnswerSchema.safeParse(e.properties ?? {});
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['properties', ...i.path.map(String)], message: i.message });
  }
}

/** An event from a browser or any sender with the site's write key. */
export const EventSchema = z.object(eventFields).superRefine((e, ctx) => {
  checkEvent(e, ctx);
  for (const f of SERVER_ONLY_FIELDS) {
    if (e[f] !== undefined) ctx.addIssue({ code: 'custom', path: [f], message: `only a server request (Authorization: Bearer sk_…) may set ${f}; a browser's channel comes from its referrer and campaign tags` });
  }
});
export type WireEvent = z.infer<typeof EventSchema>;

/**
 * An event from a server request: its sender's key proves who sent it, so it may name a customer by
 * `userId` alone, leave out `sessionId` and `context`, and set its `channel` (email, support, phone,
 * store, social, …): an off-site touchpoint.
 */
export const ServerEventSchema = z.object({
  ...eventFields,
  anonymousId: id('anonymousId').optional(),
  sessionId: id('sessionId').optional(),
  context: ContextSchema.optional(),
}).superRefine((e, ctx) => {
  checkEvent(e, ctx);
  if (!e.userId && !e.anonymousId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'a server event needs a userId (or the anonymousId of a visitor who never signed in)' });
});
export type ServerEvent = z.infer<typeof ServerEventSchema>;

const envelope = {
  writeKey: z.string().min(1, 'writeKey is required'),
  sentAt: isoDateTime,
  events: z.array(z.unknown()).min(1, 'a batch needs at least one event').max(LIMITS.eventsPerBatch),
};
/** A server request's key names the site and its events' timestamps stand as sent. */
const serverEnvelope = { ...envelope, writeKey: envelope.writeKey.optional(), sentAt: envelope.sentAt.optional() };
const versions = `${WIRE_VERSION} or ${WIRE_VERSION_SHARED_CONTEXT} (the wire format version)`;
const unionError = { error: (i: { code?: string }) => (i.code === 'invalid_union' ? `v: must be ${versions}` : undefined) };

/** The envelope; each event is validated on its own so one broken event does not sink its batch. */
export const BatchV1Schema = z.object({ v: z.literal(WIRE_VERSION), ...envelope });

/**
 * Version 2: `context` holds what every event of the batch has in common (user agent, screen,
 * locale, SDK, page fields), sent once; each event's own `context` holds only what differs. The
 * collector expands every event (expandEvent) before validating it, so stored events are exactly
 * what the same batch sent as version 1 would have stored.
 */
export const BatchV2Schema = z.object({ v: z.literal(WIRE_VERSION_SHARED_CONTEXT), ...envelope, context: jsonObject });

export const BatchSchema = z.discriminatedUnion('v', [BatchV1Schema, BatchV2Schema], unionError);

/** A server request's batch (`Authorization: Bearer sk_…`): `writeKey` and `sentAt` may be left out. */
export const ServerBatchSchema = z.discriminatedUnion('v', [
  z.object({ v: z.literal(WIRE_VERSION), ...serverEnvelope }),
  z.object({ v: z.literal(WIRE_VERSION_SHARED_CONTEXT), ...serverEnvelope, context: jsonObject }),
], unionError);
/** What a server sends (the server client's and the import's body). */
export type ServerBatch = { v: typeof WIRE_VERSION; writeKey?: string; sentAt?: string; events: ServerEvent[] };
export type Batch = Omit<z.infer<typeof BatchV1Schema>, 'events'> & { events: WireEvent[] };
export type BatchV2 = Omit<z.infer<typeof BatchV2Schema>, 'events' | 'context'> & {
  context: Partial<Context>;
  events: (Omit<WireEvent, 'context'> & { context?: Partial<Context> })[];
};

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

export interface RejectedEvent { index: number; id: string | null; errors: string[] }
export interface BatchResponse {
  accepted: number;
  duplicates: number;
  duplicateIds: string[];
  rejected: RejectedEvent[];
}
export interface ErrorResponse { error: string }

/** Turns zod issues into `path: message` lines that tell a site owner what to fix. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

// ---- Survey definitions, served by GET /v1/surveys ----

export const SurveyTriggerSchema = z.object({
  event: z.string().optional(),
  url: z.string().optional(),
  afterSeconds: z.number().min(0).optional(),
  exitIntent: z.boolean().optional(),
  stage: z.enum(STAGES).optional(),
  delaySeconds: z.number().min(0).max(600).optional(),
});
export const SurveyDefinitionSchema = z.object({
  id: id('id'),
  instrument: z.enum(INSTRUMENTS),
  question: z.string().min(1).max(500),
  followUp: z.string().max(500).optional(),
  trigger: SurveyTriggerSchema.default({}),
  sample: z.number().min(0).max(1).default(1),
  strings: z.record(z.string(), z.string()).optional(),
  /** Ids of the sites that show this survey; every site when omitted. */
  sites: z.array(z.string()).optional(),
});
export type SurveyDefinition = z.infer<typeof SurveyDefinitionSchema>;
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

// ---- Debug channel: SDK → page → extension content script ----

/** The content script sets this attribute on <html> at document_start to switch the channel on. */
export const DEBUG_ATTRIBUTE = 'data-waymark-debug';
export const DEBUG_SOURCE = 'waymark-sdk';

export type DeliveryStatus = 'queued' | 'sent' | 'accepted' | 'duplicate' | 'rejected' | 'failed';
export type DebugMessage =
  | { source: typeof DEBUG_SOURCE; kind: 'touchpoint'; event: WireEvent }
  | { source: typeof DEBUG_SOURCE; kind: 'status'; ids: string[]; status: DeliveryStatus; errors?: Record<string, string[]>; detail?: string };
