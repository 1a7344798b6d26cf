// The wire format's zod schemas: the collector validates every batch and event with them. Their
// inferred types are checked against the plain types of index.ts (which the SDK and the extension
// import without zod), so the two cannot drift apart.
import { z } from 'zod';
import {
  EVENT_TYPES, INSTRUMENTS, LIMITS, STAGES, WIRE_VERSION, WIRE_VERSION_SHARED_CONTEXT,
  type Context, type Json, type SurveyAnswer, type SurveyDefinition, type Utm, type WireEvent,
} from './index.js';

export * from './index.js';

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00.000Z' });
const id = (what: string) => z.string().min(1, `${what} must not be empty`).max(200, `${what} is longer than 200 characters`);

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

export const SurveyAnswerSchema = z.object({
  surveyId: id('surveyId'),
  instrument: z.enum(INSTRUMENTS),
  score: z.number().nullable().optional(),
  label: z.string().max(200).optional(),
  comment: z.string().max(4000).optional(),
  dismissed: z.boolean().optional(),
  trigger: z.object({ eventId: z.string().nullable().optional(), name: z.string().nullable().optional() }).optional(),
}).catchall(json);

export const EventSchema = z.object({
  id: z.uuid({ message: 'must be a UUID (the SDK makes UUIDv7 ids)' }),
  type: z.enum(EVENT_TYPES),
  name: z.string().min(1).max(200).optional(),
  anonymousId: id('anonymousId'),
  userId: id('userId').optional(),
  previousId: id('previousId').optional(),
  sessionId: id('sessionId'),
  timestamp: isoDateTime,
  channel: z.string().max(64).optional(),
  properties: jsonObject.optional(),
  traits: jsonObject.optional(),
  context: ContextSchema,
}).superRefine((e, ctx) => {
  if (e.type === 'track' && !e.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'a track event needs a name' });
  if (e.type === 'identify' && !e.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'an identify event needs a userId' });
  if (e.type === 'alias' && !e.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'an alias event needs a userId' });
  if (e.type === 'survey') {
    const r = SurveyAnswerSchema.safeParse(e.properties ?? {});
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['properties', ...i.path.map(String)], message: i.message });
  }
});

const envelope = {
  writeKey: z.string().min(1, 'writeKey is required'),
  sentAt: isoDateTime,
  events: z.array(z.unknown()).min(1, 'a batch needs at least one event').max(LIMITS.eventsPerBatch),
};
const versions = `${WIRE_VERSION} or ${WIRE_VERSION_SHARED_CONTEXT} (the wire format version)`;

/** The envelope; each event is validated on its own so one broken event does not sink its batch. */
export const BatchV1Schema = z.object({ v: z.literal(WIRE_VERSION), ...envelope });

/** Version 2 (see BatchV2): the shared context beside the events. */
export const BatchV2Schema = z.object({ v: z.literal(WIRE_VERSION_SHARED_CONTEXT), ...envelope, context: jsonObject });

export const BatchSchema = z.discriminatedUnion('v', [BatchV1Schema, BatchV2Schema], {
  error: (i) => (i.code === 'invalid_union' ? `v: must be ${versions}` : undefined),
});

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
  sites: z.array(z.string()).optional(),
});

// ---- What a schema accepts is exactly the plain type (a compile error here means they drifted) ----

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const agree = <T extends true>(): T | undefined => undefined;
agree<Same<z.infer<typeof UtmSchema>, Utm>>();
agree<Same<z.infer<typeof ContextSchema>, Context>>();
agree<Same<z.infer<typeof SurveyAnswerSchema>, SurveyAnswer>>();
agree<Same<z.infer<typeof EventSchema>, WireEvent>>();
agree<Same<z.infer<typeof SurveyDefinitionSchema>, SurveyDefinition>>();
