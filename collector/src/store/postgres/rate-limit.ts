// A rate limiter every collector on one PostgreSQL shares, so N collectors still allow the
// configured rate, not N times it. The budget of each write key is counted per fixed window in
// one row; a collector claims it in slices (one UPSERT per slice) and spends each slice
// locally, so most requests cost no database round-trip.
import type pg from 'pg';
import type { RateLimiter } from '../../ingest/rate-limit.js';

export interface SharedLimitOptions {
  /** Sustained events per second per write key (config.limits.eventsPerSecond). */
  perSecond: number;
  /** Window length; the budget per window is perSecond × windowSeconds (the burst the in-process bucket allows). */
  windowSeconds?: number;
  /** Fraction of a window's budget claimed per round-trip: smaller wastes less at window end, larger queries less. */
  slice?: number;
}

// Takes `want` from the window if it still fits: the WHERE on the conflict branch makes the
// check and the increment one atomic step, whichever collector gets there first.
const CLAIM = `
  INSERT INTO rate_limit_windows AS w (key, window_start, used) VALUES ($1, $2, $3)
  ON CONFLICT (key, window_start) DO UPDATE SET used = w.used + EXCLUDED.used
    WHERE w.used + EXCLUDED.used <= $4
  RETURNING used`;

export function postgresRateLimiter(pool: pg.Pool, opts: SharedLimitOptions): RateLimiter {
  const windowMs = (opts.windowSeconds ?? 10) * 1000;
  const budget = Math.max(1, Math.floor(opts.perSecond * (windowMs / 1000)));
  const sliceSize = Math.max(1, Math.floor(budget * (opts.slice ?? 0.05)));
  // What this collector has claimed and not yet spent, per write key, in the current window.
  // `denied`: the smallest lack the shared budget refused this window, so a flood is turned
  // away locally instead of costing a query per request.
  const held = new Map<string, { window: number; left: number; denied: number }>();
  let claims = 0;

  const claim = async (key: string, window: number, want: number) => {
    const r = await pool.query(CLAIM, [key, window, want, budget]);
    // Old windows are useless; one collector in a few hundred claims sweeps them.
    if (++claims % 500 === 0) pool.query('DELETE FROM rate_limit_windows WHERE window_start < $1', [window - 60 * windowMs]).catch(() => {});
    return r.rowCount === 1;
  };

  // Claims for one key go one at a time per collector: requests that arrive meanwhile wait
  // and then spend the slice it brought instead of each claiming their own.
  const claiming = new Map<string, Promise<unknown>>();

  const spend = (key: string, window: number, cost: number) => {
    let h = held.get(key);
    if (!h || h.window !== window) held.set(key, (h = { window, left: 0, denied: Infinity }));
    if (h.left < cost) return false;
    h.left -= cost;
    return true;
  };

  return {
    async take(key, cost, now) {
      const window = now - (now % windowMs);
      const retryAfter = Math.max(1, Math.ceil((window + windowMs - now) / 1000));
      if (cost > budget) return Math.ceil(cost / opts.perSecond);
      for (let busy = claiming.get(key); busy; busy = claiming.get(key)) await busy;
      if (spend(key, window, cost)) return 0;
      if (cost - held.get(key)!.left >= held.get(key)!.denied) return retryAfter;
      // Claim what this request lacks plus a slice for the next ones; near the end of the
      // budget a slice may not fit, so fall back to exactly the lack.
      const run = (async () => {
        const h = held.get(key)!;
        const lacking = cost - h.left;
        for (const want of [lacking + sliceSize, lacking]) {
          // A first claim inserts the row unchecked, so it must fit the budget by itself.
          if (want <= budget && (await claim(key, window, want))) {
            h.left += want - cost;
            return 0;
          }
        }
        h.denied = Math.min(h.denied, lacking);
        return retryAfter;
      })();
      claiming.set(key, run);
      try {
        return await run;
      } finally {
        claiming.delete(key);
      }
    },
  };
}
