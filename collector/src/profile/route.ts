// GET /v1/profile?writeKey=…&anonymousId=…[&v=…]: the visitor's stage, since when, and segments,
// for the SDK's waymark.profile() and on('stage'). The write key and origin are checked as
// ingest checks them; the answer is the visitor's own (see visitor-profile.ts) and short-lived
// in the browser's cache and in this process. `v` is the SDK's mark of its last delivered
// events: a new one asks past both caches, so an order the page has just sent shows.
import { Hono } from 'hono';
import type { Config } from '../config.js';
import type { JourneyState } from '../journey/journey-state.js';
import { ingestCors } from '../ingest/route.js';
import { browserSite } from '../ingest/origins.js';
import type { Store } from '../store/store.js';
import type { ProfileResponse } from '../../../wire/schema.js';
import { recentAnswers } from './recent-answers.js';
import { segmentMatcher } from './segments.js';
import { visitorProfile } from './visitor-profile.js';

/** How long an answer is reused, here and in the browser (seconds). */
export const PROFILE_MAX_AGE = 3;
export const PROFILE_CACHE_CONTROL = `private, max-age=${PROFILE_MAX_AGE}`;
/** Answers remembered at most (one per visitor and mark). */
const MAX_REMEMBERED = 10_000;
const MAX_ID = 200;

export interface ProfileDeps {
  config: Config;
  store: Store;
  /** Whether a worker keeps journey states current: only then is a dirty state worth waiting for. */
  states?: boolean;
  /** How long to wait for the visitor's unfolded events (ms); 1500 by default. */
  settleMs?: number;
  /** The ids of the segments a customer is in; the store's saved segments by default. */
  segmentsOf?: (state: JourneyState) => string[] | Promise<string[]>;
}

export function profileRoutes(deps: ProfileDeps) {
  const app = new Hono();
  const sites = new Map(deps.config.sites.map((s) => [s.writeKey, s]));
  const remembered = recentAnswers<ProfileResponse>(PROFILE_MAX_AGE * 1000, MAX_REMEMBERED);
  const options = { settleMs: deps.states ? deps.settleMs ?? 1500 : 0, segmentsOf: deps.segmentsOf ?? segmentMatcher(deps.store.segments) };

  app.options('/v1/profile', (c) => {
    ingestCors(c);
    c.header('Access-Control-Allow-Methods', 'GET, OPTIONS');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  app.get('/v1/profile', async (c) => {
    const origin = c.req.header('origin');
    const found = browserSite(sites, c.req.query('writeKey'), origin);
    if ('error' in found) {
      // No Access-Control-Allow-Origin for a foreign origin: its page learns nothing, not even why.
      if (found.status === 401) ingestCors(c);
      else c.header('Vary', 'Origin');
      return c.json({ error: found.error }, found.status);
    }
    ingestCors(c);
    const anonymousId = c.req.query('anonymousId');
    const v = c.req.query('v') ?? '';
    if (!anonymousId || anonymousId.length > MAX_ID || v.length > MAX_ID) {
      return c.json({ error: `anonymousId (1 to ${MAX_ID} characters) is missing or too long; call GET /v1/profile?writeKey=wk_…&anonymousId=<waymark.ids().anonymousId>` }, 400);
    }
    const { site } = found;
    const profile = await remembered(`${site.id}\n${anonymousId}\n${v}`, () => visitorProfile(deps.store, site.id, anonymousId, options));
    c.header('Cache-Control', PROFILE_CACHE_CONTROL);
    return c.json(profile);
  });
  return app;
}
