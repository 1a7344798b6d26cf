// Routes that need Node's file system: the built SDK bundles and the demo site.
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { extname, normalize, relative } from 'node:path';
import { signWebhook } from './actions/index.js';
import type { Config } from './config.js';

/** The action `npm start` configures when no configuration is given: a webhook to the demo CRM on every first purchase. */
export const DEMO_ACTION_ID = 'demo-crm-purchase';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function nodeRoutes(app: Hono, opts: { config: Config }) {
  demoRoutes(app, opts.config);
  const distSdk = relative(process.cwd(), `${root}dist/sdk`) || '.';
  app.use('/sdk/*', serveStatic({ root: distSdk, rewriteRequestPath: (p) => p.replace(/^\/sdk/, '') }));
  // The analyst UI's client scripts (collector/ui-build.ts); its stylesheet is served by the app.
  const distUi = relative(process.cwd(), `${root}dist/ui`) || '.';
  app.use('/ui/assets/*', serveStatic({ root: distUi, rewriteRequestPath: (p) => p.replace(/^\/ui\/assets/, '') }));
}

const DEMO_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * The demo shop (collector/demo/) at /demo/: its pages embed the SDK through the async snippet
 * (collector/demo/snippet.html) with this collector's URL and the first site's write key filled
 * in. /demo/account/* is a single-page app, so every path under it serves account.html.
 */
function demoRoutes(app: Hono, config: Config) {
  const dir = `${root}collector/demo/`;
  demoBackend(app, config);
  // Values go into a JS string literal inside <script>: JSON-escape, and never let "</script" through.
  const js = (v: string) => JSON.stringify(v).slice(1, -1).replace(/</g, '\\u003c').replace(/'/g, '\\u0027');
  app.get('/demo', (c) => c.redirect('/demo/'));
  app.get('/demo/*', async (c) => {
    let path: string;
    try {
      path = normalize(decodeURIComponent(c.req.path.slice('/demo/'.length)));
    } catch {
      return c.text('malformed URL: "%" must start a UTF-8 percent-encoding such as %20', 400);
    }
    if (path.startsWith('..') || path.includes('\0')) return c.notFound();
    if (path === '.' || path === '') path = 'index.html';
    if (path === 'account' || path.startsWith('account/')) path = 'account.html';
    const type = DEMO_TYPES[extname(path)];
    if (!type || path === 'snippet.html') return c.notFound();
    let body: string;
    try {
      body = await readFile(dir + path, 'utf8');
    } catch {
      return c.notFound();
    }
    if (path.endsWith('.html')) {
      const origin = new URL(c.req.url).origin;
      // WAYMARK_DEMO_ENDPOINT sends the demo's events to another collector (tests stop that one).
      const endpoint = process.env.WAYMARK_DEMO_ENDPOINT || origin;
      const snippet = (await readFile(`${dir}snippet.html`, 'utf8'))
        .replaceAll('{{sdkUrl}}', js(`${origin}/sdk/waymark.iife.js`))
        .replaceAll('{{endpoint}}', js(endpoint))
        .replaceAll('{{writeKey}}', js(config.sites[0]?.writeKey ?? ''));
      body = body.replace('<!-- waymark-snippet -->', snippet);
    }
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  });
}

/**
 * The demo shop's backend: it takes an order (`POST /demo/api/orders { orderId, email }`) and mails
 * a confirmation, which it reports as a real shop's server would, with the site's server key:
 * an off-site touchpoint (channel email) on the customer's journey. The user id is the one the
 * demo's sign-in derives from the email. Nothing is sent when the site has no server key.
 */
function demoBackend(app: Hono, config: Config) {
  app.post('/demo/api/orders', async (c) => {
    const serverKey = config.sites[0]?.serverKeys[0];
    const body = await c.req.json().catch(() => null) as { orderId?: unknown; email?: unknown } | null;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 200) : '';
    const orderId = typeof body?.orderId === 'string' ? body.orderId.slice(0, 64) : '';
    if (!email || !orderId) return c.json({ error: 'send { orderId, email }' }, 400);
    if (!serverKey) return c.body(null, 204);
    const event = {
      id: randomUUID(), type: 'track', name: 'order_confirmation', channel: 'email',
      userId: `user-${email.replace(/[^a-z0-9]+/g, '-')}`, timestamp: new Date().toISOString(), properties: { orderId },
    };
    const res = await app.request('/v1/batch', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${serverKey}` },
      body: JSON.stringify({ v: 1, events: [event] }),
    }, c.env); // the incoming request's bindings: ingest reads the sender's IP from them
    return c.json({ mailed: res.status === 200 }, 202);
  });

  // The demo CRM: receives the demo action's webhooks (see server.ts) and checks their signature
  // as any receiver would; the Actions page shows them delivered, GET lists the last ones.
  const demo = config.actions.find((a) => a.id === DEMO_ACTION_ID);
  if (!demo) return;
  const received: { id: string; at: string; payload: unknown }[] = [];
  app.post('/demo/webhooks', async (c) => {
    const body = await c.req.text();
    const id = c.req.header('webhook-id') ?? '', ts = Number(c.req.header('webhook-timestamp'));
    const expected = await signWebhook(demo.secret, id, ts, body);
    const given = (c.req.header('webhook-signature') ?? '').split(' ');
    if (!given.includes(expected) || Math.abs(Date.now() / 1000 - ts) > 300) return c.json({ error: 'bad signature' }, 401);
    if (!received.some((r) => r.id === id)) received.unshift({ id, at: new Date().toISOString(), payload: JSON.parse(body) });
    received.length = Math.min(received.length, 20);
    return c.body(null, 204);
  });
  app.get('/demo/webhooks', (c) => c.json({ received }));
}
