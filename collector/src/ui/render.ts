// Sends a JSX page as a complete HTML document.
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { bannerOf } from './state-banner.js';

export async function render(c: Context, page: JSX.Element, status: 200 | 202 | 400 | 401 | 403 | 404 | 500 = 200) {
  let body = await (page as { toString(): string | Promise<string> }).toString();
  const banner = bannerOf(c.req.raw);
  if (banner) body = body.replace('<main id="main" tabindex="-1">', (m) => m + banner);
  return c.html(`<!DOCTYPE html>${body}`, status);
}
