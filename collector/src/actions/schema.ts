// Lifecycle actions in the configuration: what moment each one waits for and where its webhook
// goes. Validated at start with the rest of the configuration (config.ts).
import { z } from 'zod';
import { STAGES } from '../../../wire/schema.js';

const PAIN_POINT_KINDS = ['rage_click', 'dead_click', 'js_error', 'form_abandonment', 'negative_survey', 'slow_page', 'loop', 'drop_off'] as const;

const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

function decodedLength(b64: string): number {
  try { return atob(b64).length; } catch { return 0; }
}

const stage = z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` });
const score = z.number().min(-1, 'is a normalised score: -1..1').max(1, 'is a normalised score: -1..1');

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "-" or "_"'),
  url: z.string().url('must be an absolute URL').refine((u) => /^https?:/.test(u), 'must be an http(s) URL'),
  /** Standard Webhooks secret: `whsec_` and the base64 of the signing key (at least 24 bytes). */
  secret: z.string().regex(WHSEC, 'must be "whsec_" followed by base64')
    .refine((s) => !WHSEC.test(s) || decodedLength(s.slice(6)) >= 24, 'is too short or not base64 (the key must decode to at least 24 bytes)'),
  /** Deliveries of this action in flight at once: a slow receiver waits, ingest never does. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** How long the receiver may take to answer an attempt (ms) before it counts as failed. */
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
};

export const ActionSchema = z.discriminatedUnion('on', [
  z.object({ ...common, on: z.literal('stage.entered'), stage }),
  z.object({ ...common, on: z.literal('stage.left'), stage }),
  z.object({ ...common, on: z.literal('painpoint'), kind: z.enum(PAIN_POINT_KINDS, { message: `must be one of ${PAIN_POINT_KINDS.join(', ')}` }) }),
  z.object({ ...common, on: z.literal('survey.answered'), below: score.optional(), above: score.optional() })
    .refine((a) => a.below !== undefined || a.above !== undefined, { message: 'needs below or above (a normalised score, -1..1)' }),
  z.object({ ...common, on: z.literal('inactive'), stage, days: z.number().positive() }),
  z.object({ ...common, on: z.literal('churn_risk.above'), threshold: z.number().gt(0).lt(1) }),
], { error: (i) => (i.code === 'invalid_union' ? 'must be one of stage.entered, stage.left, painpoint, survey.answered, inactive, churn_risk.above' : undefined) });

export type Action = z.infer<typeof ActionSchema>;
export type ActionEvent = Action['on'];
