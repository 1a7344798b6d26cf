// The predictions read API: `GET /v1/predictions?kind=churn|next_stage&limit&order` (customers by
// probability, each with a calibrated band and the top three drivers in words), the saved model
// versions with their held-out evaluation, and retraining on demand. All take the read token.
import { Hono } from 'hono';
import { z } from 'zod';
import { requireReadAccess } from '../auth.js';
import { describeIssues } from '../../../wire/schema.js';
import { PREDICTION_KINDS } from './outcomes.js';
import type { PredictionService } from './service.js';
import type { ReadService } from '../read/service.js';

const kind = z.enum(PREDICTION_KINDS, { message: `must be one of ${PREDICTION_KINDS.join(', ')}` });
const whole = (lo: number, hi: number, fallback: number) => z.string().optional().transform((v, ctx) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < lo || n > hi) { ctx.addIssue({ code: 'custom', message: `must be a whole number from ${lo} to ${hi}` }); return z.NEVER; }
  return n;
});

export const PredictionsQuery = z.object({
  kind,
  limit: whole(1, 500, 50),
  order: z.enum(['desc', 'asc'], { message: 'must be "desc" (most likely first) or "asc"' }).default('desc'),
});
export const ModelsQuery = z.object({ kind, limit: whole(1, 100, 20) });

/** `read`, when given, resolves `segment=<id>` (the customers of a saved segment only). */
export function predictionRoutes(readToken: string, service: PredictionService, read?: ReadService) {
  const app = new Hono();
  const guard = requireReadAccess(readToken);
  app.use('/v1/predictions', guard);
  app.use('/v1/predictions/*', guard);
  const query = <S extends z.ZodType>(schema: S, q: Record<string, string>) => {
    const r = schema.safeParse(q);
    return r.success ? { data: r.data as z.output<S> } : { error: describeIssues(r.error).join('; ') };
  };

  app.get('/v1/predictions', async (c) => {
    const q = query(PredictionsQuery, c.req.query());
    if (q.error !== undefined) return c.json({ error: q.error }, 400);
    const segmentId = c.req.query('segment');
    if (!segmentId || !read) return c.json(await service.predictions(q.data.kind, { limit: q.data.limit, order: q.data.order }));
    const seg = await read.segmentPredicate(segmentId);
    if (!seg) return c.json({ error: `segment: no segment "${segmentId.slice(0, 100)}"; GET /v1/segments lists them` }, 404);
    const members = await read.segmentMembers(seg.definition);
    const page = await service.predictions(q.data.kind, { limit: q.data.limit, order: q.data.order, keep: (id) => members.has(id) });
    return c.json({ ...page, meta: { segment: { id: seg.id, name: seg.name, size: seg.size } } });
  });

  app.get('/v1/predictions/models', async (c) => {
    const q = query(ModelsQuery, c.req.query());
    if (q.error !== undefined) return c.json({ error: q.error }, 400);
    return c.json({ models: await service.models(q.data.kind, q.data.limit) });
  });

  app.post('/v1/predictions/train', async (c) => c.json({ trained: await service.retrain() }));
  return app;
}
