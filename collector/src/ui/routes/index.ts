// The analyst UI: server-rendered pages over the same service functions as the read API, one
// module per page. Mounted at `/` by app.ts; every page but sign-in needs the read token's session cookie.
import { Hono } from 'hono';
import { requireReadAccess } from '../../auth.js';
import type { ReadService } from '../../read/service.js';
import { requireSameOrigin, uiHeaders } from '../security.js';
import { stateBanner } from '../state-banner.js';
import { touchpointsRoutes } from '../touchpoints-routes.js';
import { predictionPages } from '../predictions.js';
import { uiContext, type UiDeps } from './context.js';
import { annotationsRoutes } from './annotations.js';
import { customerRoutes } from './customer.js';
import { customersRoutes } from './customers.js';
import { uiErrorPage } from './errors.js';
import { flowsRoutes } from './flows.js';
import { funnelsRoutes } from './funnels.js';
import { mapRoutes } from './map.js';
import { notesRoutes } from './notes.js';
import { overviewRoutes } from './overview.js';
import { quarantineRoutes } from './quarantine.js';
import { signInRoutes } from './sign-in.js';
import { surveysRoutes } from './surveys.js';
import { segmentsRoutes } from './segments.js';
import { segmentChoice } from '../segment-filter.js';

export type { UiDeps } from './context.js';
export { parseFlowsForm } from './flows.js';
export { parseFunnelForm } from './funnels.js';

/** The pages of the UI; each needs a session (the sign-in page and the stylesheet do not). */
export const UI_PAGES = ['/', '/map', '/flows', '/funnels', '/customers', '/surveys', '/quarantine', '/touchpoints', '/segments'] as const;

/** Routes that need a session besides the pages: exports, detail pages and forms. */
const GUARDED = [...UI_PAGES, '/map.csv', '/map.svg', '/customers/*', '/notes', '/notes/*', '/annotations', '/annotations/*', '/touchpoints.csv', '/segments/*'];
/** Pages and downloads a `?segment=<id>` restricts (segment-filter.tsx). */
const SEGMENTED = ['/', '/map', '/flows', '/funnels', '/customers', '/surveys', '/touchpoints', '/map.csv', '/map.svg', '/touchpoints.csv'];

export function uiRoutes(deps: UiDeps, read: ReadService) {
  const ui = new Hono();
  const ctx = uiContext(deps, read);

  ui.use('/signin', uiHeaders());
  ui.use('/signout', uiHeaders());
  // Only the UI's own forms: the UI is mounted at `/` beside ingest and the API, which have their own rules.
  for (const path of ['/signin', '/signout', '/notes', '/notes/*', '/annotations', '/annotations/*', '/segments', '/segments/*']) ui.use(path, requireSameOrigin());
  // Guarded one by one: the UI is mounted at `/` beside the API, so a `/*` guard would catch /v1 too.
  const headers = uiHeaders();
  const guard = requireReadAccess(deps.config.readToken, 'redirect');
  for (const path of GUARDED) ui.use(path, headers, guard);
  // How fresh the journey states behind these pages are (a line above them).
  for (const path of ['/', '/map', '/flows', '/funnels', '/customers']) ui.use(path, stateBanner(read));
  for (const path of SEGMENTED) ui.use(path, segmentChoice(read));

  for (const routes of [signInRoutes, overviewRoutes, mapRoutes, notesRoutes, annotationsRoutes, flowsRoutes, funnelsRoutes, customersRoutes, customerRoutes, surveysRoutes, quarantineRoutes, segmentsRoutes]) {
    ui.route('/', routes(ctx));
  }
  ui.route('/', touchpointsRoutes(read, ctx.sites));
  if (deps.predictions) ui.route('/', predictionPages(deps.config.readToken, deps.predictions));
  ui.onError(uiErrorPage);
  return ui;
}
