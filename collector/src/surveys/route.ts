// GET /v1/surveys?writeKey=...: the survey definitions and display rules a
// site's SDK evaluates. Small and cacheable: the body depends only on the configuration, so it
// is built once per site with a strong ETag, and a matching If-None-Match gets a bare 304.
import { Hono } from 'hono';
import type { AppDeps } from '../app.js';
import type { Config, Site, StageRule } from '../config.js';
import { ingestCors } from '../ingest/route.js';
import { originAllowed } from '../ingest/origins.js';
import type { ServedSurvey, SurveyDefinition, SurveysResponse } from '../../../wire/schema.js';

/** Browsers reuse the answer for 5 minutes, then revalidate it with If-None-Match (a 304 costs no body). */
export const SURVEYS_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A URL pattern as a regex over the full URL: `*` matches anything; a pattern with `://` is a
 * whole URL, any other a path (query and fragment ignored).
 */
export function urlRegex(pattern: string): string {
  const re = pattern.split('*').map(escape).join('.*');
  return pattern.includes('://') ? re : `[a-z][a-z0-9+.-]*://[^/]+${re}(?:[?#].*)?`;
}

/** One condition over `${type} ${name}\n${href}`: a named event (a page view when no event is named) on a matching URL. */
const condition = (event?: string, url?: string) => `${event ? `[a-z]+ ${escape(event)}` : 'page [\\s\\S]*'}\\n${url ? urlRegex(url) : '.*'}`;

/** Compiles a trigger into the regex, wait and exit flag the SDK checks (see ServedSurvey). */
export function compileTrigger(t: SurveyDefinition['trigger'], stages: StageRule[] = []): Pick<ServedSurvey, 'when' | 'wait' | 'exit'> {
  const conditions = t.stage
    ? stages.filter((r) => r.stage === t.stage && (r.when.event || r.when.url)).map((r) => condition(r.when.event, r.when.url))
    : t.event || t.url || t.afterSeconds != null || t.exitIntent ? [condition(t.event, t.url)] : [];
  return {
    when: conditions.length ? `^(?:${conditions.join('|')})$` : '(?!)',
    wait: Math.round(((t.afterSeconds ?? 0) + (t.delaySeconds ?? 0)) * 1000),
    ...(t.exitIntent ? { exit: true } : {}),
  };
}

/** What one site's SDK needs: its surveys with compiled triggers, and the display rules. */
export function surveysFor(config: Pick<Config, 'surveys' | 'surveyRules' | 'stages'>, siteId: string): SurveysResponse {
  const surveys = config.surveys
    .filter((s) => !s.sites || s.sites.includes(siteId))
    .map(({ sites: _sites, trigger, ...s }): ServedSurvey => ({ ...s, ...compileTrigger(trigger, config.stages) }));
  return { surveys, rules: config.surveyRules };
}

/** FNV-1a over the body: cheap, synchronous, runtime-neutral, and plenty to tell two bodies apart. */
function etagOf(body: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), 0x01000193);
  return `"${(h >>> 0).toString(36)}-${body.length.toString(36)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export function surveyRoutes(deps: AppDeps) {
  const app = new Hono();
  const served = new Map<string, { site: Site; body: string; etag: string }>();
  for (const site of deps.config.sites) {
    const body = JSON.stringify(surveysFor(deps.config, site.id));
    served.set(site.writeKey, { site, body, etag: etagOf(body) });
  }

  app.options('/v1/surveys', (c) => {
    ingestCors(c);
    c.header('Access-Control-Allow-Methods', 'GET, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'If-None-Match');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  app.get('/v1/surveys', (c) => {
    const writeKey = c.req.query('writeKey');
    if (!writeKey) {
      ingestCors(c);
      return c.json({ error: 'writeKey is missing; call GET /v1/surveys?writeKey=wk_...' }, 400);
    }
    const entry = served.get(writeKey);
    if (!entry) {
      ingestCors(c);
      return c.json({ error: 'unknown write key; check the writeKey passed to init()' }, 401);
    }
    const origin = c.req.header('origin');
    if (!originAllowed(entry.site, origin)) {
      // No Access-Control-Allow-Origin: a page on a foreign origin must not read another site's surveys.
      c.header('Vary', 'Origin');
      return c.json({ error: `origin ${origin} is not allowed for site "${entry.site.id}"; add it to sites[].origins` }, 403);
    }
    ingestCors(c);
    c.header('ETag', entry.etag);
    c.header('Cache-Control', SURVEYS_CACHE_CONTROL);
    if (etagMatches(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(entry.body, 200);
  });
  return app;
}
