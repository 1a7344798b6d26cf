// Read access for analysts: `Authorization: Bearer <readToken>` for the API, or a signed session
// cookie for the UI. The cookie is stateless (expiry, a random session id, HMAC keyed by the read
// token), so any collector behind a load balancer accepts it and changing the token signs everyone
// out. Signing out puts the session id on a revocation list kept by this process until the cookie
// would have expired anyway.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'waymark_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const encoder = new TextEncoder();

async function hmac(key: string, message: string): Promise<string> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)));
  return btoa(String.fromCharCode(...sig)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares without an early exit, so response time does not reveal how much of a guess was right. */
export function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

export async function makeSessionCookie(readToken: string, now = Date.now()): Promise<string> {
  const expires = now + SESSION_TTL_MS;
  const id = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(12)))).replace(/\+/g, '-').replace(/\//g, '_');
  return `${expires}.${id}.${await hmac(readToken, `session:${expires}:${id}`)}`;
}

/**
 * Session ids signed out before their cookie expired → that expiry. In memory: the list lives as
 * long as the process, holds at most a day's sign-outs (entries go when the cookie would have
 * expired), and costs a UI request no database query.
 */
const signedOut = new Map<string, number>();

export async function verifySessionCookie(readToken: string, value: string | undefined, now = Date.now()): Promise<boolean> {
  if (!value) return false;
  const [expires, id, sig] = value.split('.');
  if (!sig || !(Number(expires) > now) || signedOut.has(id)) return false;
  return safeEqual(sig, await hmac(readToken, `session:${expires}:${id}`));
}

/** Ends a session for good (sign-out): its cookie is refused from now on. False when it was not a live session. */
export async function revokeSessionCookie(readToken: string, value: string | undefined, now = Date.now()): Promise<boolean> {
  if (!(await verifySessionCookie(readToken, value, now))) return false; // only real sessions: the list cannot be stuffed
  for (const [id, expires] of signedOut) if (expires <= now) signedOut.delete(id);
  const [expires, id] = value!.split('.');
  signedOut.set(id, Number(expires));
  return true;
}

export function bearerToken(c: Context): string | null {
  const h = c.req.header('authorization') ?? '';
  return h.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : null;
}

export async function hasReadAccess(c: Context, readToken: string, now = Date.now()): Promise<boolean> {
  const bearer = bearerToken(c);
  if (bearer !== null) return safeEqual(bearer, readToken);
  return verifySessionCookie(readToken, getCookie(c, SESSION_COOKIE), now);
}

/**
 * Guards analyst routes. `json` answers 401 with a message (the API); `redirect` sends a
 * browser to the sign-in page (the UI). The token itself never appears in a URL or a body.
 */
export function requireReadAccess(readToken: string, mode: 'json' | 'redirect' = 'json'): MiddlewareHandler {
  return async (c, next) => {
    if (await hasReadAccess(c, readToken)) return next();
    if (mode === 'redirect') {
      const next_ = new URL(c.req.url);
      return c.redirect(`/signin?next=${encodeURIComponent(next_.pathname + next_.search)}`, 303);
    }
    c.header('WWW-Authenticate', 'Bearer realm="waymark"');
    return c.json({ error: 'missing or wrong read token; send Authorization: Bearer <readToken>' }, 401);
  };
}

/**
 * Guards destructive routes (erasure) with the admin token, a credential of its own: the analysts'
 * read token, by Bearer or session, gets 403 saying what is needed; anything else 401.
 */
export function requireAdminAccess(tokens: { readToken: string; adminToken: string }): MiddlewareHandler {
  return async (c, next) => {
    const bearer = bearerToken(c);
    if (bearer !== null && safeEqual(bearer, tokens.adminToken)) return next();
    if (await hasReadAccess(c, tokens.readToken)) {
      return c.json({ error: 'this action needs the admin token, not the read token: send Authorization: Bearer <adminToken> (adminToken in the configuration, WAYMARK_ADMIN_TOKEN, or "admin token" printed at start)' }, 403);
    }
    c.header('WWW-Authenticate', 'Bearer realm="waymark-admin"');
    return c.json({ error: 'missing or wrong admin token; send Authorization: Bearer <adminToken>' }, 401);
  };
}
