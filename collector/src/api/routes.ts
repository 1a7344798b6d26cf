// The analysts' read API. Thin: parse and validate the query, call the service,
// shape the answer. Every route needs the read token (or the UI's session cookie), except
// erasure, which needs the admin token and a reason.
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { z } from 'zod';
import { requireAdminAccess, requireReadAccess } from '../auth.js';
import { csvLine } from '../csv.js';
import { OptionError } from '../journey/index.js';
import type { JourneyFilters, ReadService } from '../read/service.js';
import { STAGES, describeIssues } from '../../../wire/schema.js';
import { attributionAnswer } from './attribution.js';
import { customerIdFromSegment, invalidCustomerId } from './customer-id.js';
import { EVENT_COLUMNS, eventRow, exportedEvent, JOURNEY_COLUMNS, journeyRow, lineStream } from './export-format.js';
import { compareAnswer } from './compare.js';
import { CompareQuery, CustomersQuery, ExportQuery, FilterQuery, FlowsQuery, FunnelQuery, QuarantineQuery } from './params.js';
import { requestSegment, RouteAnswer, segmentRoutes, withSegment, type SegmentMeta } from './segments.js';

class BadRequest extends Error {}

function parse<S extends z.ZodType>(schema: S, c: Context): z.output<S> {
  const r = schema.safeParse(c.req.query());
  if (!r.success) throw new BadRequest(describeIssues(r.error).join('; '));
  return r.data;
}

/** The customer a `:id` path segment names (customer-id.ts), or a 400 for an id no store can hold. */
function customerId(c: Context): string {
  const id = customerIdFromSegment(c.req.param('id') ?? '');
  const invalid = invalidCustomerId(id);
  if (invalid) throw new BadRequest(invalid);
  return id;
}

/** Why an erasure is made, from `?reason=` or a JSON body `{ "reason": "…" }`: the audit keeps it. */
async function erasureReason(c: Context): Promise<string> {
  let reason = c.req.query('reason');
  if (reason === undefined && /json/i.test(c.req.header('content-type') ?? '')) {
    const body = await c.req.json().catch(() => { throw new BadRequest('body: must be JSON such as {"reason": "GDPR request 42"}'); });
    if (body && typeof body.reason === 'string') reason = body.reason;
  }
  reason = reason?.trim();
  if (!reason) throw new BadRequest('reason: say why this customer is erased, e.g. ?reason=GDPR%20request%2042 or a JSON body {"reason": "GDPR request 42"}; the audit keeps it');
  if (reason.length > 500) throw new BadRequest('reason: is longer than 500 characters');
  return reason;
}

/** The audit's "requested by": which credential asked and why, never the secret itself. */
export const erasureRequester = (credential: 'admin-token', reason: string) => JSON.stringify({ credential, reason });

/** The routes under /v1 an analyst reads (read token) and an operator erases with (admin token). */
export function readApiRoutes(tokens: { readToken: string; adminToken: string }, service: ReadService) {
  const app = new Hono();
  const readGuard = requireReadAccess(tokens.readToken);
  const adminGuard = requireAdminAccess(tokens);
  app.use('/v1/customers', readGuard);
  // Erasure takes the admin token, never the analysts' read token; the rest under /v1/customers reads.
  app.use('/v1/customers/*', (c, next) => (c.req.method === 'DELETE' ? adminGuard : readGuard)(c, next));
  for (const path of ['/v1/journey-map', '/v1/overview', '/v1/flows', '/v1/funnels', '/v1/export', '/v1/stages', '/v1/quarantine', '/v1/attribution', '/v1/segments', '/v1/segments/*']) {
    app.use(path, readGuard);
  }
  app.onError((err, c) => {
    // Option errors the journey functions throw (e.g. `funnel: steps[1].value ...`) are the caller's to fix.
    if (err instanceof BadRequest || err instanceof OptionError) return c.json({ error: err.message }, 400);
    if (err instanceof RouteAnswer) return c.json({ error: err.message }, err.status);
    console.error('read API error:', err);
    return c.json({ error: 'internal error while reading; retry, and report it if it persists' }, 500);
  });

  /** The filters of a read route: the query's, and the segment `?segment=<id>` names, with its meta for the answer. */
  async function filters(c: Context): Promise<{ f: JourneyFilters; segment?: SegmentMeta }> {
    const f = parse(FilterQuery, c);
    const seg = await requestSegment(service, c);
    return { f: seg.definition ? { ...f, segment: seg.definition } : f, segment: seg.meta };
  }

  app.get('/v1/customers', async (c) => {
    const { f, segment } = await filters(c);
    return c.json(withSegment(await service.customers({ ...f, ...parse(CustomersQuery, c) }), segment));
  });

  app.get('/v1/customers/:id/journey', async (c) => {
    const id = customerId(c);
    const journey = await service.customerJourney(id);
    if (!journey) return c.json({ error: `no customer "${id}"; ids are user ids once identified, else anonymous ids (see GET /v1/customers)` }, 404);
    return c.json(journey);
  });

  // From the customer's journey state: one indexed row, no journey rebuilt.
  app.get('/v1/customers/:id/stage', async (c) => {
    const id = customerId(c);
    const stage = await service.customerStage(id);
    if (!stage) return c.json({ error: `no customer "${id}"; ids are user ids once identified, else anonymous ids (see GET /v1/customers)` }, 404);
    return c.json(stage);
  });

  app.delete('/v1/customers/:id', async (c) => {
    const id = customerId(c);
    const erased = await service.eraseCustomer(id, erasureRequester('admin-token', await erasureReason(c)));
    if (!erased) return c.json({ error: `no customer "${id}"; nothing was erased` }, 404);
    return c.json({ erased });
  });

  /**
   * `compare` for an answer when the query asks for a comparison, else nothing. Side b is side a
   * (the request's filters, segment included) with another period (compareFrom, compareTo), another
   * segment (compareSegment), or both.
   */
  async function withCompare(c: Context, f: JourneyFilters): Promise<{ compare?: Awaited<ReturnType<typeof compareAnswer>> }> {
    const q = parse(CompareQuery, c);
    if (q.compareFrom === undefined && q.compareSegment === undefined) return {};
    const other = q.compareSegment === undefined ? undefined : await service.segmentPredicate(q.compareSegment);
    if (q.compareSegment !== undefined && !other) throw new RouteAnswer(404, `compareSegment: no segment "${q.compareSegment.slice(0, 100)}"; GET /v1/segments lists them`);
    const b: JourneyFilters = { ...f, ...(q.compareFrom === undefined ? {} : { from: q.compareFrom, to: q.compareTo }), ...(other ? { segment: other.definition } : {}) };
    return { compare: await compareAnswer(service, f, b) };
  }

  app.get('/v1/journey-map', async (c) => {
    const { f, segment } = await filters(c);
    const compare = await withCompare(c, f);
    return c.json(withSegment({ ...(await service.journeyMap(f)), ...compare }, segment));
  });

  // The overview's figures: customers, each stage's conversion and median time, events per day.
  app.get('/v1/overview', async (c) => {
    const { f, segment } = await filters(c);
    const compare = await withCompare(c, f);
    const [map, perDay] = await Promise.all([service.journeyMap(f), service.eventsPerDay(f)]);
    const stages = map.stages.map((s) => ({ stage: s.stage, customers: s.customers, converted: s.converted, conversion: s.conversion, medianTimeToNextMs: s.medianTimeToNextMs }));
    return c.json(withSegment({ customers: map.customers, stages, perDay, meta: map.meta, ...compare }, segment));
  });

  app.get('/v1/flows', async (c) => {
    const { f, segment } = await filters(c);
    const q = parse(FlowsQuery, c);
    return c.json(withSegment(await service.flows({ ...f, level: q.level, start: q.start, steps: q.steps, maxNodesPerStep: q.maxNodes }), segment));
  });

  app.get('/v1/funnels', async (c) => {
    const { f, segment } = await filters(c);
    const q = parse(FunnelQuery, c);
    const compare = await withCompare(c, f);
    return c.json(withSegment({ ...(await service.funnel({ ...f, steps: q.steps, strict: q.strict, windowMs: q.window })), ...compare }, segment));
  });

  app.get('/v1/export', async (c) => {
    const q = parse(ExportQuery, c);
    const { f, segment } = await filters(c);
    const csv = q.format === 'csv';
    // A stream has no meta: the segment's id and size travel as headers.
    if (segment) {
      c.header('Waymark-Segment-Id', segment.id);
      c.header('Waymark-Segment-Size', String(segment.size));
    }
    c.header('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="waymark-${q.kind}.${csv ? 'csv' : 'ndjson'}"`);
    c.header('Cache-Control', 'no-store');
    if (q.kind === 'events') {
      const rows = service.exportEvents({ from: f.from, to: f.to, siteId: f.siteId, customer: q.customer, segment: f.segment });
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

  app.get('/v1/attribution', async (c) => {
    const { f, segment } = await filters(c);
    return c.json(withSegment(await attributionAnswer(service, c.req.query(), f), segment));
  });

  app.route('/', segmentRoutes(service));

  app.get('/v1/stages', (c) => c.json({ stages: STAGES, rules: service.stageRules() }));

  app.get('/v1/quarantine', async (c) => {
    const q = parse(QuarantineQuery, c);
    const { rows, nextCursor, dropped } = await service.quarantine({ siteId: q.site, limit: q.limit, before: q.cursor });
    return c.json({ events: rows, nextCursor, dropped });
  });
  return app;
}
