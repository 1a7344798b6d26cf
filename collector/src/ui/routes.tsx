// The analyst UI: server-rendered pages over the same service functions as the read API.
// Mounted at `/` by app.ts; every page but sign-in needs the read token's session cookie.
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../app.js';
import { makeSessionCookie, requireReadAccess, safeEqual, SESSION_COOKIE, SESSION_TTL_MS } from '../auth.js';
import { QuarantinePage } from './pages/quarantine.js';
import { SignInPage } from './pages/signin.js';
import { render } from './render.js';
import { safeNext } from './safe-url.js';
import { requireSameOrigin, uiHeaders } from './security.js';
import { CSS } from './styles.js';

/** The pages of the UI; each needs a session (the sign-in page and the stylesheet do not). */
export const UI_PAGES = ['/', '/map', '/flows', '/funnels', '/customers', '/surveys', '/quarantine'] as const;

function isHttps(url: string, forwardedProto: string | undefined) {
  return new URL(url).protocol === 'https:' || forwardedProto?.split(',')[0].trim() === 'https';
}

export function uiRoutes(deps: AppDeps) {
  const ui = new Hono();
  const token = deps.config.readToken;
  const sites = deps.config.sites.map((s) => s.id);
  const guard = requireReadAccess(token, 'redirect');

  ui.use('/signin', uiHeaders());
  ui.use('/signout', uiHeaders());
  ui.use('*', requireSameOrigin());

  ui.get('/ui/assets/app.css', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  ui.get('/signin', (c) => render(c, <SignInPage next={safeNext(c.req.query('next'))} signedOut={c.req.query('signedout') === '1'} />));

  ui.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === 'string' ? form.next : '/');
    const given = typeof form.token === 'string' ? form.token.trim() : '';
    if (!given || !safeEqual(given, token)) {
      return render(c, <SignInPage next={next} error="That read token is not right. Copy it again from the collector's start-up output or its configuration." />, 401);
    }
    setCookie(c, SESSION_COOKIE, await makeSessionCookie(token), {
      httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')),
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return c.redirect(next, 303);
  });

  ui.post('/signout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')) });
    return c.redirect('/signin?signedout=1', 303);
  });

  // Guarded one by one: the UI is mounted at `/` beside the API, so a `/*` guard would catch /v1 too.
  const headers = uiHeaders();
  const guarded = ['/', '/map', '/map/*', '/flows', '/funnels', '/customers', '/customers/*', '/surveys', '/quarantine', '/notes', '/notes/*'];
  for (const path of guarded) ui.use(path, headers, guard);

  ui.get('/quarantine', async (c) => {
    const site = c.req.query('site') || undefined;
    const rows = await deps.store.listQuarantine({ siteId: site && sites.includes(site) ? site : undefined, limit: 200 });
    return render(c, <QuarantinePage rows={rows} sites={sites} site={site} limit={200} />);
  });

  return ui;
}
