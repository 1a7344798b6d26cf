// `GET/POST/DELETE /v1/annotations`: analysts' dated notes of what changed when (read token).
import { Hono } from 'hono';
import { requireReadAccess } from '../auth.js';
import type { AnnotationStore } from '../store/store.js';
import { parseAnnotation } from './schema.js';

export function annotationRoutes(readToken: string, annotations: AnnotationStore) {
  const app = new Hono();
  const guard = requireReadAccess(readToken);
  app.use('/v1/annotations', guard);
  app.use('/v1/annotations/*', guard);

  app.get('/v1/annotations', async (c) => c.json({ annotations: await annotations.list() }));

  app.post('/v1/annotations', async (c) => {
    // JSON only: a page on another site cannot send it without a preflight, so a session cookie alone cannot add one.
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return c.json({ error: 'send JSON: Content-Type: application/json and a body such as {"date": "2026-11-12", "text": "Checkout fixed"}' }, 415);
    const body = await c.req.json().catch(() => undefined);
    if (body === undefined) return c.json({ error: 'body: must be JSON such as {"date": "2026-11-12", "text": "Checkout fixed"}' }, 400);
    const parsed = parseAnnotation(body);
    if ('error' in parsed) return c.json({ error: parsed.error }, 400);
    return c.json(await annotations.add(parsed.annotation), 201);
  });

  app.delete('/v1/annotations/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,15}$/.test(id)) return c.json({ error: 'id: must be the id of an annotation (GET /v1/annotations)' }, 400);
    if (!(await annotations.delete(Number(id)))) return c.json({ error: `no annotation ${id}` }, 404);
    return c.json({ deleted: Number(id) });
  });
  return app;
}
