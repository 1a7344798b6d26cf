// Saved segments over the read API, and the `segment=<id>` filter every read route takes: the
// id is looked up once per request (404 when unknown) and the answer says which segment it is
// restricted to and how many customers that segment holds (`meta.segment`).
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ReadService } from '../read/service.js';
import type { SegmentDefinition } from '../segments/index.js';

/** An answer the route sends as it is: a 404, a 415. */
export class RouteAnswer extends Error {
  constructor(readonly status: 400 | 404 | 415, message: string) { super(message); }
}

/** What an answer says about the segment it is restricted to. */
export interface SegmentMeta { id: string; name: string; size: number }

/** The segment a request names (`?segment=<id>`): its definition for the service and its meta, or nothing. */
export async function requestSegment(service: ReadService, c: Context): Promise<{ definition?: SegmentDefinition; meta?: SegmentMeta }> {
  const id = c.req.query('segment');
  if (id === undefined || id === '') return {};
  const seg = await service.segmentPredicate(id);
  if (!seg) throw new RouteAnswer(404, `segment: no segment "${id.slice(0, 100)}"; GET /v1/segments lists them`);
  return { definition: seg.definition, meta: { id: seg.id, name: seg.name, size: seg.size } };
}

/** The answer with `meta.segment` added when a segment was applied. */
export function withSegment<T extends object>(answer: T, meta: SegmentMeta | undefined): T {
  if (!meta) return answer;
  const prior = (answer as { meta?: object }).meta ?? {};
  return { ...answer, meta: { ...prior, segment: meta } };
}

export function segmentRoutes(service: ReadService) {
  const app = new Hono();

  app.get('/v1/segments', async (c) => c.json({ segments: await service.segments() }));

  app.post('/v1/segments', async (c) => {
    if (!/^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new RouteAnswer(415, 'send the segment as JSON (Content-Type: application/json): {"name": "Pro plan", "definition": {"traits": {"plan": "pro"}}}');
    }
    const body = await c.req.json().catch(() => { throw new RouteAnswer(400, 'body: is not valid JSON; send {"name": "…", "definition": {…}}'); });
    return c.json(await service.createSegment(body), 201);
  });

  app.delete('/v1/segments/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await service.deleteSegment(id))) throw new RouteAnswer(404, `no segment "${id.slice(0, 100)}"; nothing was deleted`);
    return c.body(null, 204);
  });
  return app;
}
