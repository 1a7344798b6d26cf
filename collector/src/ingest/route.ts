// POST /v1/batch.
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Config, Site } from '../config.js';
import type { Store } from '../store/store.js';
import { bearerToken } from '../auth.js';
import { BatchSchema, describeIssues, LIMITS, ServerBatchSchema, type BatchResponse } from '../../../wire/schema.js';
import { batchEvents } from './expand.js';
import { BodyError, readBody } from './body.js';
import { storedIp } from './client-ip.js';
import { normaliseBatch } from './normalise.js';
import { browserSite } from './origins.js';
import { quarantineTrimmer } from './quarantine.js';
import { byteBurstSeconds, tokenBucket, type RateLimiter } from './rate-limit.js';

/**
 * Ingest answers are readable by any origin: they tell a sender only what it sent, and without
 * them a browser SDK could not tell a 403 or 429 from a network error.
 */
export function ingestCors(c: Context) {
  const origin = c.req.header('origin');
  if (!origin) return;
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', 'Retry-After');
  c.header('Vary', 'Origin');
}

/**
 * A sender that ignores Retry-After and asks again at once keeps the event loop busy with
 * refusals, and every other site waits behind them. Holding a 429 for up to a second paces such
 * a sender to its own concurrency at no CPU cost; a client that honours Retry-After waits longer
 * anyway. Bounded, so held answers cannot pile up: past the bound a 429 goes out at once.
 */
export const HOLD_429 = { maxMs: 1000, maxHeld: 512 };

export interface IngestDeps {
  config: Config;
  store: Store;
  now?: () => number;
  /** Counted in events per write key (config.limits.eventsPerSecond); an in-process bucket by default. */
  rateLimiter?: RateLimiter;
  /** Counted in body bytes (config.limits.bytesPerSecond); keys are `bytes:<writeKey>`. */
  byteLimiter?: RateLimiter;
  /** The sender's IP from the runtime (Node: getConnInfo); kept only as config.privacy.ip allows. */
  clientIp?: (c: Context) => string | null;
}

export function ingestRoutes(deps: IngestDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const sites = new Map(deps.config.sites.map((s) => [s.writeKey, s]));
  const serverSites = new Map(deps.config.sites.flatMap((s) => s.serverKeys.map((k) => [k, s] as const)));
  const limiter = deps.rateLimiter ?? tokenBucket(deps.config.limits.eventsPerSecond);
  const { bytesPerSecond } = deps.config.limits;
  const byteLimiter = deps.byteLimiter ?? tokenBucket(bytesPerSecond, byteBurstSeconds(bytesPerSecond, LIMITS.bodyBytes));
  const trimmer = quarantineTrimmer(deps.store, deps.config.limits, now);
  let held = 0;

  app.options('/v1/batch', (c) => {
    ingestCors(c);
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'Content-Type, Content-Encoding');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  app.post('/v1/batch', async (c) => {
    ingestCors(c);
    const fail = (status: 400 | 401 | 403 | 413 | 415 | 429, error: string) => c.json({ error }, status);
    let text: string;
    try {
      text = await readBody(c.req.raw, LIMITS.bodyBytes);
    } catch (e) {
      if (e instanceof BodyError) return fail(e.status, e.message);
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return fail(400, `body is not valid JSON: ${(e as Error).message}`);
    }
    if (json && typeof json === 'object' && Array.isArray((json as any).events) && (json as any).events.length > LIMITS.eventsPerBatch) {
      return fail(413, `batch has ${(json as any).events.length} events; the limit is ${LIMITS.eventsPerBatch}; split it`);
    }
    // A server request names its site by its secret key; a browser's by the public write key.
    const auth = c.req.header('authorization');
    const serverKey = auth === undefined ? null : bearerToken(c);
    if (auth !== undefined && !serverKey?.startsWith('sk_')) {
      return fail(401, 'Authorization on /v1/batch takes a server key: Authorization: Bearer sk_…; browsers send the writeKey in the body instead');
    }
    if (serverKey && c.req.header('origin')) {
      return fail(403, `a server key was sent from a browser (origin ${c.req.header('origin')}); server keys are secrets for servers: send browser events with the site's writeKey, and replace this server key if a page held it`);
    }
    const batch = (serverKey ? ServerBatchSchema : BatchSchema).safeParse(json);
    if (!batch.success) return fail(400, `batch is invalid: ${describeIssues(batch.error).join('; ')}`);
    const events = batchEvents(batch.data);
    if ('error' in events) return fail(events.status, events.error);

    let site: Site | undefined;
    if (serverKey) {
      site = serverSites.get(serverKey);
      if (!site) return fail(401, 'unknown server key; use one listed in sites[].serverKeys (with no configuration, the server key printed at start)');
      if (batch.data.writeKey !== undefined && batch.data.writeKey !== site.writeKey) {
        return fail(400, `writeKey names another site than the server key (site "${site.id}"); leave writeKey out of server requests`);
      }
    } else {
      const found = browserSite(sites, batch.data.writeKey, c.req.header('origin'));
      if ('error' in found) return fail(found.status, found.error);
      site = found.site;
    }
    // Limits per key: a flood through the public write key leaves the site's servers their share.
    const limitKey = serverKey ?? site.writeKey;
    const receivedAt = now();
    // Bytes as well as events: 500 events of 1 KB and 7 events of 70 KB cost the store alike.
    // Counted as stored: a version 2 batch's shared context is repeated in every event.
    const bytes = Buffer.byteLength(text) + events.sharedChars * events.list.length;
    const wait = (await byteLimiter.take(`bytes:${limitKey}`, bytes, receivedAt)) || (await limiter.take(limitKey, events.list.length, receivedAt));
    if (wait > 0) {
      if (held < HOLD_429.maxHeld) {
        held++;
        await new Promise((r) => setTimeout(r, Math.min(wait * 1000, HOLD_429.maxMs)));
        held--;
      }
      c.header('Retry-After', String(wait));
      return fail(429, `too many events or bytes for site "${site.id}"; retry after ${wait} s`);
    }

    const ip = await storedIp(deps.clientIp?.(c), deps.config.privacy.ip, deps.config.privacy.ipSalt);
    const n = await normaliseBatch(site.id, batch.data.sentAt, events.list, receivedAt, { ip, identitySecret: site.identitySecret, server: serverKey !== null });
    const { duplicateIds } = await deps.store.ingest(n.events, n.quarantined);
    await trimmer.afterIngest(site.id, n.quarantined.length);
    const body: BatchResponse = {
      accepted: n.events.length - duplicateIds.length,
      duplicates: duplicateIds.length,
      duplicateIds,
      rejected: n.rejected,
    };
    return c.json(body, 200);
  });
  return app;
}
