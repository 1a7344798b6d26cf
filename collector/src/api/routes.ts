// The analysts' read API (DESIGN §8). Thin: parse and validate the query, call the service,
// shape the answer. Every route needs the read token (or the UI's session cookie).
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppDeps } from '../app.js';
import { requireReadAccess } from '../auth.js';
import { STAGES, describeIssues } from '../wire.js';
import { csvLine, EVENT_COLUMNS, eventRow, exportedEvent, JOURNEY_COLUMNS, journeyRow, lineStream } from './export-format.js';
import { CustomersQuery, ExportQuery, FilterQuery, FlowsQuery, FunnelQuery, QuarantineQuery } from './params.js';
import { quarantinePage } from './quarantine-page.js';
import { journeyService, type JourneyService } from './service.js';

class BadRequest extends Error {}

function parse<S extends z.ZodType>(schema: S, c: Context): z.output<S> {
  const r = schema.safeParse(c.req.query());
  if (!r.success) throw new BadRequest(describeIssues(r.error).join('; '));
  return r.data;
}

/** Option errors the journey functions throw (e.g. `funnel: steps[1].value ...`) are the caller's to fix. */
const isOptionError = (e: unknown) => e instanceof Error && /^(funnel|flows|journeyMap):/.test(e.message);

export function readApiRoutes(deps: AppDeps, service: JourneyService = journeyService(deps)) {
  const app = new Hono();
  app.use('/v1/customers', requireReadAccess(deps.config.readToken));
  app.use('/v1/customers/*', requireReadAccess(deps.config.readToken));
  for (const path of ['/v1/journey-map', '/v1/flows', '/v1/funnels', '/v1/export', '/v1/stages', '/v1/quarantine']) {
    app.use(path, requireReadAccess(deps.config.readToken));
  }
  app.onError((err, c) => {
    if (err instanceof BadRequest || isOptionError(err)) return c.json({ error: err.message }, 400);
    console.error('read API error:', err);
    return c.json({ error: 'internal error while reading; retry, and report it if it persists' }, 500);
  });

  app.get('/v1/customers', async (c) => {
    const q = { ...parse(FilterQuery, c), ...parse(CustomersQuery, c) };
    return c.json(await service.customers(q));
  });

  app.get('/v1/customers/:id/journey', async (c) => {
    const id = c.req.param('id');
    const journey = await service.customerJourney(id);
    if (!journey) return c.json({ error: `no customer "${id}"; ids are user ids once identified, else anonymous ids (see GET /v1/customers)` }, 404);
    return c.json(journey);
  });

  app.delete('/v1/customers/:id', async (c) => {
    const id = c.req.param('id');
    const erased = await service.eraseCustomer(id, 'read-api');
    if (!erased) return c.json({ error: `no customer "${id}"; nothing was erased` }, 404);
    return c.json({ erased });
  });

  app.get('/v1/journey-map', async (c) => c.json(await service.journeyMap(parse(FilterQuery, c))));

  app.get('/v1/flows', async (c) => {
    const f = parse(FilterQuery, c);
    const q = parse(FlowsQuery, c);
    return c.json(await service.flows({ ...f, level: q.level, start: q.start, steps: q.steps, maxNodesPerStep: q.maxNodes }));
  });

  app.get('/v1/funnels', async (c) => {
    const f = parse(FilterQuery, c);
    const q = parse(FunnelQuery, c);
    return c.json(await service.funnel({ ...f, steps: q.steps, strict: q.strict, windowMs: q.window }));
  });

  app.get('/v1/export', (c) => {
    const f = parse(FilterQuery, c);
    const q = parse(ExportQuery, c);
    const csv = q.format === 'csv';
    c.header('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="waymark-${q.kind}.${csv ? 'csv' : 'ndjson'}"`);
    c.header('Cache-Control', 'no-store');
    if (q.kind === 'events') {
      const rows = service.exportEvents({ from: f.from, to: f.to, siteId: f.siteId, customer: q.customer });
      return c.body(csv
        ? lineStream(csvLine(EVENT_COLUMNS), rows, (e) => csvLine(eventRow(e)))
        : lineStream(null, rows, (e) => `${JSON.stringify(exportedEvent(e))}\n`));
    }
    if (q.customer !== undefined) throw new BadRequest('customer: only applies to kind=events; for one journey use GET /v1/customers/:id/journey');
    const rows = service.exportJourneys(f);
    return c.body(csv
      ? lineStream(csvLine(JOURNEY_COLUMNS), rows, (j) => csvLine(journeyRow(j)))
      : lineStream(null, rows, (j) => `${JSON.stringify(j)}\n`));
  });

  app.get('/v1/stages', (c) => c.json({ stages: STAGES, rules: service.stageRules() }));

  app.get('/v1/quarantine', async (c) => {
    const q = parse(QuarantineQuery, c);
    const { rows, nextCursor } = await quarantinePage(deps.store, { siteId: q.site, limit: q.limit, before: q.cursor });
    return c.json({ events: rows, nextCursor, dropped: await deps.store.quarantineDropped(q.site) });
  });
  return app;
}
