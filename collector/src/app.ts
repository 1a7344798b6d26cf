// The collector as a runtime-neutral Hono app: routes and middleware only. Nothing here, or in
// what it imports, needs Node: server.ts hands in what does (the store, the client's IP, worker
// threads for large passes), and node-routes.ts adds the static files.
import { Hono } from 'hono';
import type { ActionsEngine } from './actions/engine.js';
import { annotationRoutes } from './annotations/route.js';
import { readApiRoutes } from './api/routes.js';
import type { ResolvedConfig } from './config.js';
import { ingestRoutes, type IngestDeps } from './ingest/route.js';
import type { PassRunner } from './read/journey-pass.js';
import { createPredictionService, type PredictionService } from './predict/service.js';
import { profileRoutes } from './profile/route.js';
import { predictionRoutes } from './predict/route.js';
import { createReadService, type ReadService } from './read/service.js';
import { surveyRoutes } from './surveys/route.js';
import { actionsUiRoutes, uiRoutes } from './ui/index.js';

export interface AppDeps extends IngestDeps {
  /** Complete configuration: sites, read token and admin token already resolved (see defaults.ts). */
  config: ResolvedConfig;
  /** How a pass over every journey runs: in this thread unless given (server.ts: worker threads, read/worker-passes.ts). */
  runPass?: PassRunner;
  /** Read stage-level aggregates from journey states (server.ts starts their worker; read/service.ts). */
  states?: boolean;
  /** With states: how long a read waits for dirty customers to be rebuilt (ms); see read/service.ts. */
  settleMs?: number;
  /** The read service, when the caller keeps a hand on it (a test reading beside the routes); else built here. */
  read?: ReadService;
  /** Lifecycle actions (server.ts starts them when the configuration has some): the UI's test button and resend. */
  actions?: ActionsEngine;
  /** The prediction service (retrained on demand and when its model is a day old); else built here. */
  predictions?: PredictionService;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  // One read service for the API and the UI: one cache of aggregates, the same numbers on both.
  const read = deps.read ?? createReadService(deps);
  const predictions = deps.predictions ?? createPredictionService({ store: deps.store, read, now: deps.now });
  app.get('/healthz', (c) => c.json({ ok: true, store: deps.store.kind }));
  app.route('/', ingestRoutes(deps));
  app.route('/', surveyRoutes(deps.config));
  app.route('/', profileRoutes(deps));
  app.route('/', readApiRoutes(deps.config, read));
  app.route('/', annotationRoutes(deps.config.readToken, deps.store.annotations));
  app.route('/', predictionRoutes(deps.config.readToken, predictions, read));
  app.route('/', actionsUiRoutes(deps));
  app.route('/', uiRoutes({ ...deps, predictions }, read));
  app.onError((err, c) => {
    // decodeURIComponent on a path such as /demo/% : the URL is wrong, not the collector.
    if (err instanceof URIError) return c.json({ error: 'malformed URL: "%" must start a UTF-8 percent-encoding such as %20 or %C3%A9' }, 400);
    console.error('collector error:', err);
    return c.json({ error: 'internal error; the request was not stored, retry it' }, 500);
  });
  return app;
}
