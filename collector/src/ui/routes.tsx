// The analyst UI: server-rendered pages over the same service functions as the read API.
// Mounted at `/` by app.ts; every page but sign-in needs the read token's session cookie.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ResolvedConfig } from '../config.js';
import { makeSessionCookie, requireReadAccess, revokeSessionCookie, safeEqual, SESSION_COOKIE, SESSION_TTL_MS } from '../auth.js';
import { OptionError } from '../journey/index.js';
import type { FunnelStep } from '../journey/types.js';
import type { Store } from '../store/store.js';
import { STAGES } from '../../../wire/schema.js';
import { versionedCache } from './cache.js';
import { MapSvg } from './charts/map-svg.js';
import { filterQuery, filterRange, parseFilters, type UiFilters } from './filters.js';
import { customerIdFromSegment, invalidCustomerId } from '../api/customer-id.js';
import { quarantinePage } from '../read/quarantine-page.js';
import { StillComputing, type ReadService } from '../read/service.js';
import { Empty, ErrorBox, NAV, Page } from './layout.js';
import { mapCsv, MAP_ROW_KEYS } from './map-table.js';
import { CustomerPage } from './pages/customer.js';
import { CustomersPage } from './pages/customers.js';
import { FlowsPage, type FlowsForm } from './pages/flows.js';
import { FunnelsPage, MAX_FUNNEL_STEPS, WINDOWS, type FunnelForm } from './pages/funnels.js';
import { JourneyMapPage } from './pages/journey-map.js';
import { OverviewPage } from './pages/overview.js';
import { QuarantinePage } from './pages/quarantine.js';
import { SignInPage } from './pages/signin.js';
import { SurveysPage } from './pages/surveys.js';
import { uiReadService, type ReadFilters } from './read-service.js';
import { render } from './render.js';
import { safeNext } from './safe-url.js';
import { requireSameOrigin, uiHeaders } from './security.js';
import { CSS } from './styles.js';
import type { PredictionService } from '../predict/service.js';
import { predictionPages } from './predictions.js';
import { stripNonXmlChars } from './xml-chars.js';

/** The pages of the UI; each needs a session (the sign-in page and the stylesheet do not). */
export const UI_PAGES = ['/', '/map', '/flows', '/funnels', '/customers', '/surveys', '/quarantine'] as const;

function isHttps(url: string, forwardedProto: string | undefined) {
  return new URL(url).protocol === 'https:' || forwardedProto?.split(',')[0].trim() === 'https';
}

function readFilters(f: UiFilters, sites: string[]): ReadFilters {
  return { ...filterRange(f), siteId: f.site && sites.includes(f.site) ? f.site : undefined, firstChannel: f.channel };
}

export function parseFunnelForm(params: URLSearchParams): FunnelForm {
  const steps: FunnelStep[] = [];
  for (let i = 0; i < MAX_FUNNEL_STEPS; i++) {
    const packed = params.get(`s${i}`);
    const kind = params.get(`k${i}`) ?? packed?.split(':')[0];
    const value = (params.get(`v${i}`) ?? packed?.slice(packed.indexOf(':') + 1) ?? '').trim();
    if (value && (kind === 'stage' || kind === 'page' || kind === 'event' || kind === 'channel')) steps.push({ kind, value: value.slice(0, 200) });
  }
  const dropped = Number(params.get('dropped'));
  return {
    steps: steps.length ? steps : (['awareness', 'consideration', 'purchase', 'onboarding'] as const).map((value) => ({ kind: 'stage' as const, value })),
    window: WINDOWS.some((w) => w.value === params.get('window')) ? params.get('window')! : '30d',
    strict: params.get('strict') === '1',
    dropped: params.has('dropped') && Number.isInteger(dropped) && dropped >= 0 ? dropped : undefined,
  };
}

export function parseFlowsForm(params: URLSearchParams): FlowsForm {
  const steps = Number(params.get('steps'));
  return {
    level: params.get('level') === 'page' ? 'page' : 'stage',
    start: (params.get('start') ?? '').trim().slice(0, 200),
    steps: Number.isInteger(steps) && steps >= 2 && steps <= 8 ? steps : 4,
  };
}

/** What the UI reads besides the read service: the configuration, and the store for notes and raw events. */
export interface UiDeps { config: ResolvedConfig; store: Store; predictions?: PredictionService }

export function uiRoutes(deps: UiDeps, read: ReadService) {
  const ui = new Hono();
  const service = uiReadService(read);
  const token = deps.config.readToken;
  const sites = deps.config.sites.map((s) => s.id);
  const guard = requireReadAccess(token, 'redirect');

  ui.use('/signin', uiHeaders());
  ui.use('/signout', uiHeaders());
  // Only the UI's own forms: the UI is mounted at `/` beside ingest and the API, which have their own rules.
  for (const path of ['/signin', '/signout', '/notes', '/notes/*']) ui.use(path, requireSameOrigin());

  ui.get('/ui/assets/app.css', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  ui.get('/signin', (c) => render(c, <SignInPage next={safeNext(c.req.query('next'))} signedOut={c.req.query('signedout') === '1'} />));

  ui.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === 'string' ? form.next : '/');
    const given = typeof form.token === 'string' ? form.token.trim() : '';
    if (!given || !safeEqual(given, token)) {
      return render(c, <SignInPage next={next} error="That read token is not right. Copy it again from the collector's start-up output or its configuration." />, 401);
    }
    setCookie(c, SESSION_COOKIE, await makeSessionCookie(token), {
      httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')),
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return c.redirect(next, 303);
  });

  ui.post('/signout', async (c) => {
    await revokeSessionCookie(token, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')) });
    return c.redirect('/signin?signedout=1', 303);
  });

  // Guarded one by one: the UI is mounted at `/` beside the API, so a `/*` guard would catch /v1 too.
  const headers = uiHeaders();
  const guarded = ['/', '/map', '/map.csv', '/map.svg', '/flows', '/funnels', '/customers', '/customers/*', '/surveys', '/quarantine', '/notes', '/notes/*'];
  for (const path of guarded) ui.use(path, headers, guard);

  const query = (c: { req: { url: string } }) => new URL(c.req.url).searchParams;
  const cache = versionedCache<unknown>(deps.store);
  const cached = <T,>(key: string, compute: () => Promise<T>) => cache(key, compute) as Promise<T>;

  if (deps.predictions) ui.route('/', predictionPages(token, deps.predictions));

  ui.get('/', async (c) => {
    const filters = parseFilters(query(c));
    const rf = readFilters(filters, sites);
    const [map, perDay] = await Promise.all([
      service.journeyMap(rf),
      cached(`perDay|${rf.from}|${rf.to}|${rf.siteId}`, () => deps.store.eventsPerDay({ from: rf.from, to: rf.to, siteId: rf.siteId })),
    ]);
    return render(c, <OverviewPage data={{ map, perDay }} filters={filters} sites={sites} />);
  });

  ui.get('/map', async (c) => {
    const filters = parseFilters(query(c));
    const [map, notes] = await Promise.all([service.journeyMap(readFilters(filters, sites)), deps.store.listMapNotes()]);
    return render(c, <JourneyMapPage map={map} notes={notes} filters={filters} sites={sites} />);
  });

  ui.get('/map.csv', async (c) => {
    const filters = parseFilters(query(c));
    const [map, notes] = await Promise.all([service.journeyMap(readFilters(filters, sites), { wait: true }), deps.store.listMapNotes()]);
    return c.body(mapCsv(map, notes), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="journey-map.csv"' });
  });

  ui.get('/map.svg', async (c) => {
    const filters = parseFilters(query(c));
    const [map, notes] = await Promise.all([service.journeyMap(readFilters(filters, sites), { wait: true }), deps.store.listMapNotes()]);
    const title = `Journey map${filters.from || filters.to ? ` · ${filters.from ?? '…'} to ${filters.to ?? '…'}` : ''}${filters.site ? ` · ${filters.site}` : ''}${filters.channel ? ` · ${filters.channel}` : ''}`;
    const svg = await (<MapSvg map={map} notes={notes} title={title} />).toString();
    // Stripped as a whole document: every text in it (event names, notes, the filters in the title) is covered.
    return c.body(stripNonXmlChars(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`), 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8', 'Content-Disposition': 'attachment; filename="journey-map.svg"',
    });
  });

  ui.post('/notes', async (c) => {
    const form = await c.req.parseBody();
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const stage = str('stage'), row = str('row'), text = str('text'), owner = str('owner');
    if (!(STAGES as readonly string[]).includes(stage) || !MAP_ROW_KEYS.includes(row) || !text || text.length > 2000 || owner.length > 100) {
      return render(c, <Page title="Note not saved" active="/map"><ErrorBox>A note needs a stage column, a row and 1–2000 characters of text (owner at most 100). Go back and try again.</ErrorBox></Page>, 400);
    }
    await deps.store.addMapNote({ stage, row, text, owner: owner || null });
    return c.redirect(safeNext(str('back') || '/map'), 303);
  });

  ui.post('/notes/:id/delete', async (c) => {
    const form = await c.req.parseBody();
    await deps.store.deleteMapNote(Number(c.req.param('id')));
    return c.redirect(safeNext(typeof form.back === 'string' ? form.back : '/map'), 303);
  });

  ui.get('/flows', async (c) => {
    const params = query(c);
    const filters = parseFilters(params);
    const form = parseFlowsForm(params);
    try {
      const flows = await service.flows(readFilters(filters, sites), { level: form.level, start: form.start || undefined, steps: form.steps });
      return render(c, <FlowsPage flows={flows} form={form} filters={filters} sites={sites} />);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      return render(c, <FlowsPage flows={{ customers: 0, nodes: [], links: [] }} form={form} error={(e as Error).message} filters={filters} sites={sites} />, 400);
    }
  });

  ui.get('/funnels', async (c) => {
    const params = query(c);
    const filters = parseFilters(params);
    const form = parseFunnelForm(params);
    const windowMs = WINDOWS.find((w) => w.value === form.window)!.ms;
    if (form.steps.length < 2) {
      return render(c, <FunnelsPage result={null} form={form} error="A funnel needs at least two steps: fill in a second step's value." filters={filters} sites={sites} />, 400);
    }
    try {
      const result = await service.funnel(readFilters(filters, sites), { steps: form.steps, windowMs, strict: form.strict });
      return render(c, <FunnelsPage result={result} form={form} filters={filters} sites={sites} />);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      return render(c, <FunnelsPage result={null} form={form} error={(e as Error).message} filters={filters} sites={sites} />, 400);
    }
  });

  ui.get('/customers', async (c) => {
    const params = query(c);
    const filters = parseFilters(params);
    const q = (params.get('q') ?? '').trim().slice(0, 200);
    const stage = (STAGES as readonly string[]).includes(params.get('stage') ?? '') ? params.get('stage')! : undefined;
    const page = await service.customers(readFilters(filters, sites), { q: q || undefined, stage, cursor: params.get('cursor') ?? undefined, limit: 50 });
    const predictions = (await deps.predictions?.snapshot()) ?? null;
    return render(c, <CustomersPage rows={page.rows} total={page.total} next={page.next} q={q} stage={stage} filters={filters} sites={sites} predictions={deps.predictions ? predictions : undefined} />);
  });

  ui.get('/customers/:id', async (c) => {
    const params = query(c);
    const filters = parseFilters(params);
    const id = customerIdFromSegment(c.req.param('id'));
    // An id no store can hold (a NUL) is not found here (the API answers 400 for it).
    const journey = invalidCustomerId(id) ? null : await service.customerJourney(id);
    if (!journey) {
      return render(c, (
        <Page title="Customer not found" active="/customers">
          <div class="card"><Empty title={`No events for customer “${id}”`}>The id may be mistyped or the customer was erased. <a href={`/customers${filterQuery(filters, { q: id })}`}>Search for it</a>.</Empty></div>
        </Page>
      ), 404);
    }
    const rawId = params.get('event') ?? undefined;
    const raw = rawId
      ? (await deps.store.eventsForIdentities({ anonymousIds: journey.anonymousIds, userIds: journey.userIds })).find((e) => e.id === rawId) ?? null
      : null;
    const predictions = deps.predictions ? (await deps.predictions.snapshot()) : undefined;
    return render(c, <CustomerPage journey={journey} raw={raw} rawId={rawId} filters={filters} sites={sites} predictions={predictions} />);
  });

  ui.get('/surveys', async (c) => {
    const filters = parseFilters(query(c));
    const rf = readFilters(filters, sites);
    const surveys = await service.surveys(rf);
    return render(c, <SurveysPage surveys={surveys} filters={filters} sites={sites} />);
  });

  ui.get('/quarantine', async (c) => {
    const site = c.req.query('site') || undefined;
    const siteId = site && sites.includes(site) ? site : undefined;
    const cursor = /^\d{1,15}$/.test(c.req.query('cursor') ?? '') ? Number(c.req.query('cursor')) : undefined;
    const page = await quarantinePage(deps.store, { siteId, limit: 100, before: cursor });
    const dropped = await deps.store.quarantineDropped(siteId);
    return render(c, <QuarantinePage rows={page.rows} next={page.nextCursor} older={cursor !== undefined} dropped={dropped} limits={deps.config.limits} sites={sites} site={site} />);
  });

  ui.onError((err, c) => {
    if (err instanceof StillComputing) {
      // 202: accepted, still being worked on. The page reloads itself until the figures are there.
      const active = NAV.find((n) => n.href === c.req.path)?.href ?? '';
      return render(c, (
        <Page title="Computing…" active={active} refreshSeconds={2}>
          <Empty title="Rebuilding every customer's journey for this view">
            <p id="computing">This takes a few seconds on a large store and happens once until new events arrive. The page reloads by itself when the figures are ready; you can also <a href={c.req.url}>reload it now</a>.</p>
          </Empty>
        </Page>
      ), 202);
    }
    console.error('analyst UI error:', err);
    return render(c, (
      <Page title="Something went wrong" active="">
        <ErrorBox>{`This page could not be built: ${err.message}. Reload to try again; if it keeps failing, check the collector's log.`}</ErrorBox>
      </Page>
    ), 500);
  });

  return ui;
}
