// The collector as a runtime-neutral Hono app: routes and middleware only, no Node APIs.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { readApiRoutes } from './api/routes.js';
import type { Config } from './config.js';
import type { RateLimiter } from './ingest/rate-limit.js';
import { ingestRoutes } from './ingest/route.js';
import type { Store } from './store/store.js';
import { surveyRoutes } from './surveys/route.js';
import { uiRoutes } from './ui/index.js';

export interface AppDeps {
  /** Complete configuration: sites, read token and admin token already resolved (see defaults.ts). */
  config: Config & { readToken: string; adminToken: string };
  store: Store;
  now?: () => number;
  rateLimiter?: RateLimiter;
  /** Counted in body bytes (config.limits.bytesPerSecond); keys are `bytes:<writeKey>`. */
  byteLimiter?: RateLimiter;
  /** The sender's IP from the runtime (Node: getConnInfo); kept only as config.privacy.ip allows. */
  clientIp?: (c: Context) => string | null;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true, store: deps.store.kind }));
  app.route('/', ingestRoutes(deps));
  app.route('/', surveyRoutes(deps));
  app.route('/', readApiRoutes(deps));
  app.route('/', uiRoutes(deps));
  app.onError((err, c) => {
    // decodeURIComponent on a path such as /demo/% : the URL is wrong, not the collector.
    if (err instanceof URIError) return c.json({ error: 'malformed URL: "%" must start a UTF-8 percent-encoding such as %20 or %C3%A9' }, 400);
    console.error('collector error:', err);
    return c.json({ error: 'internal error; the request was not stored, retry it' }, 500);
  });
  return app;
}
