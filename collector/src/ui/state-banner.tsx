// How fresh the journey states behind the figures are: one line above every analyst page, a
// progress bar while a configuration change rebuilds them all. Found per request by a middleware
// (stateBanner) and put into the page by render.ts, so no page needs to pass it along.
import type { MiddlewareHandler } from 'hono';
import type { ReadService, StateFreshness } from '../read/service.js';

const banners = new WeakMap<Request, string>();

export function StateBanner({ states }: { states: StateFreshness }) {
  const r = states.rebuilding;
  if (r) {
    const pct = Math.floor((r.done / Math.max(1, r.total)) * 100);
    return (
      <div class="notice" id="state-freshness" role="status" data-state="rebuilding">
        {`Journeys are being rebuilt after a configuration change: ${r.done.toLocaleString('en')} of ${r.total.toLocaleString('en')} visitors done (${pct}%). Figures cover those rebuilt so far.`}
        <progress max={r.total} value={r.done} aria-label="Rebuild progress"></progress>
      </div>
    );
  }
  if (states.pending > 0) {
    return (
      <p class="notice" id="state-freshness" role="status" data-state="updating">
        {`Updating: ${states.pending.toLocaleString('en')} recently active ${states.pending === 1 ? 'visitor is' : 'visitors are'} being added to the figures.`}
      </p>
    );
  }
  return <p class="sub" id="state-freshness" role="status" data-state="current">{`Journeys up to date (state ${states.seq}).`}</p>;
}

/** Looks up the states' freshness for a page request (nothing when the service does not read states). */
export function stateBanner(read: ReadService): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET') {
      const states = await read.stateFreshness().catch(() => null);
      if (states) banners.set(c.req.raw, String(await (<StateBanner states={states} />).toString()));
    }
    await next();
  };
}

/** The banner found for this request, as HTML, or ''. */
export const bannerOf = (req: Request) => banners.get(req) ?? '';
