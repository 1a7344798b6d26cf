// What a segment is: a saved, named set of conditions on a customer's journey state, all of which
// must hold. The schema is the one place that says what each condition accepts, so a bad
// definition answers 400 with `definition.key: what to send` instead of an empty segment.
import { z } from 'zod';
import { STAGES } from '../../../wire/schema.js';

export const PAIN_POINT_KINDS = ['rage_click', 'dead_click', 'js_error', 'form_abandonment', 'negative_survey', 'slow_page', 'loop', 'drop_off'] as const;

const stage = z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` });
const text = z.string().trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters');
/** One name or a list of them (1–20); stored as a list. */
const names = z.union([text, z.array(text).min(1, 'must list at least one').max(20, 'may list at most 20')])
  .transform((v) => (typeof v === 'string' ? [v] : v));
const score = z.number({ message: 'must be a number from -1 to 1' }).min(-1, 'must be at least -1').max(1, 'must be at most 1');

export const SegmentDefinitionSchema = z.strictObject({
  /** Reached this stage at some point (furthest stage at or beyond it). */
  reached: stage.optional(),
  /** Is in this stage now. */
  current: stage.optional(),
  /** The first session's channel. */
  channel: text.optional(),
  /** The first session's utm_campaign. */
  campaign: text.optional(),
  /** Traits from identify, each equal to this text (numbers and booleans compared as text). */
  traits: z.record(z.string().min(1, 'trait names must not be empty').max(100), z.string().max(200, 'is longer than 200 characters'), { message: 'must be an object of trait names to values, e.g. {"plan": "pro"}' })
    .refine((t) => Object.keys(t).length <= 20, 'may name at most 20 traits').optional(),
  /** Sent every one of these event names. */
  did: names.optional(),
  /** Sent none of these event names. */
  didNot: names.optional(),
  /** For each glob (`*` matches anything), visited a page whose path or URL (without query) matches it. */
  visited: names.optional(),
  /** Met a pain point of this kind, in any stage. */
  painPoint: z.enum(PAIN_POINT_KINDS, { message: `must be one of ${PAIN_POINT_KINDS.join(', ')}` }).optional(),
  /** The mean of the customer's survey answers (normalised −1..1) lies in this range. */
  score: z.strictObject({ min: score.optional(), max: score.optional() }, { message: 'must be an object such as {"min": -1, "max": 0}' })
    .refine((s) => s.min !== undefined || s.max !== undefined, 'needs min, max or both')
    .refine((s) => s.min === undefined || s.max === undefined || s.min <= s.max, 'min must not be above max')
    .optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys'
  ? `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => `"${k}"`).join(', ')}; a definition holds any of reached, current, channel, campaign, traits, did, didNot, visited, painPoint, score`
  : 'must be an object such as {"reached": "purchase", "traits": {"plan": "pro"}}') });

export type SegmentDefinition = z.output<typeof SegmentDefinitionSchema>;

/** A saved segment as the read API shows it (size aside). */
export interface Segment { id: string; name: string; definition: SegmentDefinition; createdAt: string }

/** A definition the schema accepted, or the reasons it did not, each as `definition.key: message`. */
export function parseDefinition(raw: unknown): { ok: true; definition: SegmentDefinition } | { ok: false; errors: string[] } {
  const r = SegmentDefinitionSchema.safeParse(raw);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => `definition${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`) };
  // An empty definition would be every customer: say so rather than save a segment that is no segment.
  if (Object.values(r.data).every((v) => v === undefined)) return { ok: false, errors: ['definition: needs at least one condition (reached, current, channel, campaign, traits, did, didNot, visited, painPoint or score)'] };
  return { ok: true, definition: r.data };
}

/** `POST /v1/segments` and the UI's form: a name (1–100 characters) and a definition. */
export const NewSegmentSchema = z.object({
  name: z.string({ message: 'is required: a short name such as "Pro plan"' }).trim().min(1, 'must not be empty').max(100, 'is longer than 100 characters'),
  definition: z.unknown(),
});
