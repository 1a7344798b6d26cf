// Headers and checks every UI page gets: a strict Content-Security-Policy (no inline script,
// no inline style, nothing from another origin) and a same-origin check on state-changing forms.
import type { Context, MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // blob: lets the journey map's PNG export draw its SVG onto a canvas.
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function uiHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}

/**
 * CSRF: the session cookie is SameSite=Strict, and a POST must also come from this origin
 * (Origin, or Referer when a browser omits Origin). A request with neither is refused.
 */
export function sameOrigin(c: Context): boolean {
  const url = new URL(c.req.url);
  // Behind a TLS-terminating proxy the request arrives as http; the browser's Origin says https.
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0].trim();
  const self = proto === 'https' || proto === 'http' ? `${proto}://${url.host}` : url.origin;
  const origin = c.req.header('origin');
  if (origin) return origin === self;
  const referer = c.req.header('referer');
  if (!referer) return false;
  try {
    return new URL(referer).origin === self;
  } catch {
    return false;
  }
}

export function requireSameOrigin(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || sameOrigin(c)) return next();
    return c.text('This form must be sent from the Waymark page itself (cross-site request refused). Reload the page and try again.', 403);
  };
}
