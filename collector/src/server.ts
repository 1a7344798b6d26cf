// The Node entry: flags and environment, the store, worker threads for large journey passes,
// static files, and a graceful shutdown.
// Usage: tsx collector/src/server.ts [--port 8787] [--host 127.0.0.1] [--db ./data/waymark.db] [--config file]
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { ActionSchema, startActions } from './actions/index.js';
import { createApp } from './app.js';
import { ConfigError, loadConfigFile, parseConfig } from './config.js';
import { withDefaults } from './defaults.js';
import { DEMO_ACTION_ID, nodeRoutes } from './node-routes.js';
import { byteBurstSeconds } from './ingest/rate-limit.js';
import { createPredictionService } from './predict/service.js';
import { createReadService } from './read/service.js';
import { workerPasses } from './read/worker-passes.js';
import { openStore, sharedRateLimiter } from './store/open.js';
import { startStateWorker } from './state/worker.js';
import { LIMITS } from '../../wire/schema.js';

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      config: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const dbFile = resolve(values.db ?? './data/waymark.db');
  const configFile = values.config ?? process.env.WAYMARK_CONFIG;

  let config;
  try {
    config = withDefaults(configFile ? loadConfigFile(configFile) : parseConfig({}), dirname(dbFile));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }

  // With no configuration, the demo shop's CRM gets a webhook at each first purchase, so the
  // Actions page shows real deliveries from the first order. Its URL is known once listening.
  const demoAction = !configFile && config.actions.length === 0 && port !== 0
    ? ActionSchema.parse({ id: DEMO_ACTION_ID, on: 'stage.entered', stage: 'purchase', url: `http://127.0.0.1:${port}/demo/webhooks`, secret: `whsec_${randomBytes(32).toString('base64')}` })
    : null;
  if (demoAction) config.actions = [demoAction];

  const databaseUrl = process.env.DATABASE_URL;
  const store = await openStore({ databaseUrl, sqliteFile: dbFile });
  const { eventsPerSecond, bytesPerSecond } = config.limits;
  // Journey states, kept current in the background; WAYMARK_STATES=off reads by passes over events instead.
  const statesOn = process.env.WAYMARK_STATES !== 'off';
  if (!statesOn && config.actions.length) {
    console.error('actions are found as journey states are rebuilt: remove WAYMARK_STATES=off, or the actions');
    process.exit(2);
  }
  const read = createReadService({ config, store, runPass: workerPasses(), states: statesOn, followMs: 1000 });
  const predictions = createPredictionService({ store, read });
  // Actions act on moments from a day before start on: a restart misses none, and a file of
  // last year's orders imported today does not send last year's welcome mails.
  const actions = config.actions.length ? startActions({
    actions: config.actions, store, since: new Date(Date.now() - 86_400_000).toISOString(),
    states: async () => (await read.journeyStates()) ?? [],
    churnRisks: async () => (await predictions.predictions('churn', { limit: Number.MAX_SAFE_INTEGER })).predictions,
    log: (m) => console.error(m),
  }) : undefined;
  const stateWorker = statesOn
    ? startStateWorker(store, { stageRules: config.stages, lifecycle: config.lifecycle, timeoutMinutes: config.session.timeoutMinutes }, {
      leaseMs: Number(process.env.WAYMARK_STATE_LEASE_MS) || undefined,
      moments: actions?.momentsOf,
      onBatch: (b) => { if (b.deliveries) actions?.wake(); },
    })
    : null;
  const app = createApp({
    config, store, read, actions, predictions, clientIp: (c) => getConnInfo(c).remote.address ?? null,
    rateLimiter: sharedRateLimiter(store, eventsPerSecond),
    byteLimiter: sharedRateLimiter(store, bytesPerSecond, byteBurstSeconds(bytesPerSecond, LIMITS.bodyBytes)),
    states: statesOn,
  });
  nodeRoutes(app, { config });

  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    const base = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
    if (demoAction) demoAction.url = `${base}/demo/webhooks`;
    if (values.quiet) {
      console.log(`waymark listening on ${base}`);
      return;
    }
    console.log(`Waymark collector ready
  analyst UI   ${base}/
  demo site    ${base}/demo/
  ingest       ${base}/v1/batch
  store        ${store.kind === 'sqlite' ? dbFile : 'PostgreSQL'}
  write key    ${config.sites.map((s) => `${s.writeKey} (site ${s.id})`).join(', ')}
  server key   ${config.sites.flatMap((s) => s.serverKeys.map((k) => `${k} (site ${s.id})`)).join(', ') || 'none (sites[].serverKeys)'}
  actions      ${config.actions.map((a) => `${a.id} (${a.on} → ${a.url})`).join(', ') || 'none (actions)'}
  read token   ${config.readToken}
  admin token  ${config.adminToken}`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests, then closing the store`);
    // close() stops accepting and waits for open requests; idle keep-alive sockets are cut.
    server.close(async () => {
      await actions?.stop();
      await stateWorker?.stop();
      await store.close();
      process.exit(0);
    });
    // Connections that finish their request go idle; close them as they do, not after keep-alive.
    const idle = server as unknown as { closeIdleConnections?: () => void };
    idle.closeIdleConnections?.();
    setInterval(() => idle.closeIdleConnections?.(), 50).unref();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
