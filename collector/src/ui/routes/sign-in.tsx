// Sign-in and sign-out with the read token, and the stylesheet: the routes that need no session.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { makeSessionCookie, revokeSessionCookie, safeEqual, SESSION_COOKIE, SESSION_TTL_MS } from '../../auth.js';
import { SignInPage } from '../pages/signin.js';
import { render } from '../render.js';
import { safeNext } from '../safe-url.js';
import { FAVICON_SVG } from '../favicon.js';
import { CSS } from '../styles.js';
import type { UiContext } from './context.js';

function isHttps(url: string, forwardedProto: string | undefined) {
  return new URL(url).protocol === 'https:' || forwardedProto?.split(',')[0].trim() === 'https';
}

export function signInRoutes({ deps }: UiContext) {
  const ui = new Hono();
  const token = deps.config.readToken;

  ui.get('/ui/assets/app.css', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  // Public like the stylesheet; SVG under the .ico name, which every current browser draws.
  for (const path of ['/favicon.ico', '/ui/assets/favicon.svg']) {
    ui.get(path, (c) => c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }));
  }

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

  ui.post('/signout', async (c) => {
    await revokeSessionCookie(token, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')) });
    return c.redirect('/signin?signedout=1', 303);
  });

  return ui;
}
