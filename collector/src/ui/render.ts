// Sends a JSX page as a complete HTML document.
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { jsx } from 'hono/jsx';
import { SegmentContext, segmentChoiceOf } from './segment-filter.js';
import { bannerOf } from './state-banner.js';

export async function render(c: Context, page: JSX.Element, status: 200 | 202 | 400 | 401 | 403 | 404 | 500 = 200) {
  // The segment picker in the filter bar reads the request's segments from this context (segment-filter.tsx).
  const withSegments = jsx(SegmentContext.Provider, { value: segmentChoiceOf(c.req.raw) }, page);
  let body = await (withSegments as unknown as { toString(): string | Promise<string> }).toString();
  const banner = bannerOf(c.req.raw);
  if (banner) body = body.replace('<main id="main" tabindex="-1">', (m) => m + banner);
  return c.html(`<!DOCTYPE html>${body}`, status);
}
