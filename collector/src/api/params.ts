// Query parameters of the read API as zod schemas: one place says what each accepts, and a bad
// value answers 400 with `name: what to send` instead of an empty result.
import { CUSTOMER_SORTS } from '../read/customer-order.js';
import { z } from 'zod';
import type { FunnelStep } from '../journey/types.js';
import { STAGES } from '../../../wire/schema.js';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD`, an ISO date-time, or ms since epoch. A bare date as `to` includes that whole day. */
const time = (bound: 'from' | 'to') => z.string().transform((v, ctx) => {
  const ms = /^\d+$/.test(v) ? Number(v) : DATE.test(v) ? Date.parse(`${v}T00:00:00Z`) + (bound === 'to' ? DAY_MS : 0) : Date.parse(v);
  if (Number.isNaN(ms) || !/^\d/.test(v)) {
    ctx.addIssue({ code: 'custom', message: 'must be a date (2026-01-31), an ISO date-time (2026-01-31T12:00:00Z) or ms since epoch' });
    return z.NEVER;
  }
  return ms;
});

const stage = z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` });
const text = z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters');

/** The filters every aggregate takes (journey/filters.ts), under short URL names. */
export const FilterQuery = z.object({
  from: time('from').optional(),
  to: time('to').optional(),
  site: text.optional(),
  channel: text.optional(),
  campaign: text.optional(),
  reached: stage.optional(),
}).transform((q) => ({ from: q.from, to: q.to, siteId: q.site, firstChannel: q.channel, firstCampaign: q.campaign, stageReached: q.reached }))
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to' });

/**
 * The period a map, overview or funnel is compared with (`compareFrom`, `compareTo`): both or
 * neither. The other filters apply to both periods; `from`/`to` are the first period.
 */
export const CompareQuery = z.object({
  compareFrom: time('from').optional(),
  compareTo: time('to').optional(),
  /** A saved segment's id: side b is that segment's customers instead of the request's segment. */
  compareSegment: z.string().min(1).max(200).optional(),
}).superRefine((q, ctx) => {
  if ((q.compareFrom === undefined) !== (q.compareTo === undefined)) {
    const missing = q.compareFrom === undefined ? 'compareFrom' : 'compareTo';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'give both compareFrom and compareTo (the period to compare with), e.g. compareFrom=2026-01-01&compareTo=2026-01-31' });
  } else if (q.compareFrom !== undefined && q.compareFrom >= q.compareTo!) {
    ctx.addIssue({ code: 'custom', path: ['compareFrom'], message: 'must be before compareTo' });
  }
});

const intIn = (lo: number, hi: number, fallback: number) =>
  z.string().optional().transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < lo || n > hi) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${lo} to ${hi}` });
      return z.NEVER;
    }
    return n;
  });

export const CustomersQuery = z.object({
  q: text.optional(),
  stage: stage.optional(),
  cursor: z.string().max(400).optional(),
  limit: intIn(1, 500, 50),
  sort: z.enum(CUSTOMER_SORTS, { message: `must be one of ${CUSTOMER_SORTS.join(', ')}` }).optional(),
});

export const FlowsQuery = z.object({
  level: z.enum(['stage', 'page'], { message: 'must be "stage" or "page"' }).default('stage'),
  start: text.optional(),
  steps: intIn(1, 50, 5),
  maxNodes: intIn(1, 200, 20),
});

/** `30m`, `12h`, `7d`, or ms. */
const duration = z.string().transform((v, ctx) => {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(v);
  if (!m || Number(m[1]) <= 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a positive duration such as 30m, 12h or 7d' });
    return z.NEVER;
  }
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS }[(m[2] ?? 'ms') as 'ms'];
});

/** `steps=page:/pricing,event:signed_up,stage:purchase,channel:support`; a step ending in `?` is optional. */
const funnelSteps = z.string().transform((v, ctx): FunnelStep[] => {
  const steps: FunnelStep[] = [];
  for (const [i, raw] of v.split(',').entries()) {
    const m = /^(event|page|stage|channel):(.+?)(\?)?$/.exec(raw.trim());
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `step ${i + 1} ("${raw.slice(0, 60)}") must look like event:name, page:/path, stage:purchase or channel:support (add ? for an optional step)` });
      return z.NEVER;
    }
    steps.push({ kind: m[1] as FunnelStep['kind'], value: m[2], ...(m[3] ? { optional: true } : {}) });
  }
  return steps;
});

export const FunnelQuery = z.object({
  steps: funnelSteps,
  strict: z.enum(['true', 'false'], { message: 'must be true or false' }).optional().transform((v) => v === 'true'),
  window: duration.optional(),
});

export const ExportQuery = z.object({
  kind: z.enum(['events', 'journeys'], { message: 'must be "events" or "journeys"' }),
  format: z.enum(['ndjson', 'csv'], { message: 'must be "ndjson" or "csv"' }).default('ndjson'),
  customer: text.optional(),
});

export const QuarantineQuery = z.object({
  site: text.optional(),
  limit: intIn(1, 1000, 100),
  /** The `nextCursor` of the previous page (a row's seq). */
  cursor: z.string().regex(/^\d{1,15}$/, 'must be the nextCursor of the previous page').transform(Number).optional(),
});
