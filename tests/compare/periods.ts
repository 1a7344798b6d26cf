// Two periods of a small shop, made so their comparison is known by construction.
import { visitEvent } from '../ingest/batch.js';

const DAY = 86_400_000;
export const MIN = 60_000;
const NOV = Date.UTC(2026, 10, 1, 10); // 2026-11-01 10:00 UTC

/**
 * 40 customers a period: each reads the blog, looks at a product 5 minutes later, and some buy.
 * Before (1–10 November): 10 buy, 20 minutes after the product page. After (11–20 November):
 * 30 buy, 10 minutes after it.
 */
export const DESIGN = { before: { firstDay: 0, buyers: 10, minutesToBuy: 20 }, after: { firstDay: 10, buyers: 30, minutesToBuy: 10 } };
export const PER_PERIOD = 40;
/** After (A) against before (B), as query parameters. */
export const PERIODS = 'from=2026-11-11&to=2026-11-20&compareFrom=2026-11-01&compareTo=2026-11-10';

export function periodEvents() {
  const out = [];
  for (const [name, p] of Object.entries(DESIGN)) {
    for (let i = 0; i < PER_PERIOD; i++) {
      const anon = `${name}-${i}`;
      const start = NOV + (p.firstDay + (i % 10)) * DAY;
      out.push(visitEvent(anon, start, { page: '/blog/trail-shoes' }));
      out.push(visitEvent(anon, start + 5 * MIN, { page: '/products/shoe-1' }));
      if (i < p.buyers) out.push(visitEvent(anon, start + (5 + p.minutesToBuy) * MIN, { track: 'order_completed' }));
    }
  }
  return out;
}
