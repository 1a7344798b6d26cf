// Routes that need Node's file system: the built SDK bundles and the demo site.
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import type { Config } from './config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function nodeRoutes(app: Hono, _opts: { config: Config }) {
  const distSdk = relative(process.cwd(), `${root}dist/sdk`) || '.';
  app.use('/sdk/*', serveStatic({ root: distSdk, rewriteRequestPath: (p) => p.replace(/^\/sdk/, '') }));
}
