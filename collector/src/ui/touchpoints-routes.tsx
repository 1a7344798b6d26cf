// The "Critical touchpoints" page and its CSV, and what the journey map's critical row reads.
import { Hono } from 'hono';
import { formatTransition, MODELS, STAGE_TRANSITIONS, type Model } from '../attribution/index.js';
import { csvLine } from '../csv.js';
import { OptionError } from '../journey/index.js';
import type { ReadService } from '../read/service.js';
import { STAGES } from '../../../wire/schema.js';
import { parseFilters, type UiFilters } from './filters.js';
import { readFiltersOf } from './routes/context.js';
import { ErrorBox, Page } from './layout.js';
import { CriticalTouchpointsPage, touchpointsCsvRows } from './pages/critical-touchpoints.js';
import type { CriticalByStage } from './pages/map-critical-row.js';
import { PAGE_WAIT_MS } from './read-service.js';
import { render } from './render.js';

/** Every transition a customer can make forward, the map's stage-to-next ones first. */
const TRANSITIONS = [...STAGE_TRANSITIONS.map(formatTransition),
  ...STAGES.flatMap((from, i) => STAGES.slice(i + 2).map((to) => `${from}>${to}`))];

const DEFAULT_TRANSITION = 'consideration>purchase';


export function touchpointsRoutes(read: ReadService, sites: string[]) {
  const ui = new Hono();
  const wait = { allowStale: true, waitMs: PAGE_WAIT_MS };

  ui.get('/touchpoints', async (c) => {
    const params = new URL(c.req.url).searchParams;
    const filters = parseFilters(params);
    const transition = params.get('transition') || DEFAULT_TRANSITION;
    const sort = (MODELS as readonly string[]).includes(params.get('sort') ?? '') ? params.get('sort') as Model : 'markov';
    try {
      const data = await read.criticalTouchpoints(transition, await readFiltersOf(read, filters, sites), wait);
      return render(c, <CriticalTouchpointsPage data={data} transitions={TRANSITIONS} sort={sort} filters={filters} sites={sites} />);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      return render(c, <Page title="Critical touchpoints" active="/touchpoints"><ErrorBox>{`${e.message}. Pick a transition from the list on this page.`}</ErrorBox></Page>, 400);
    }
  });

  ui.get('/touchpoints.csv', async (c) => {
    const params = new URL(c.req.url).searchParams;
    const transition = params.get('transition') || DEFAULT_TRANSITION;
    try {
      const data = await read.criticalTouchpoints(transition, await readFiltersOf(read, parseFilters(params), sites), { allowStale: true });
      return c.body(touchpointsCsvRows(data).map(csvLine).join(''), 200, {
        'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="critical-touchpoints.csv"',
      });
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      return c.text(e.message, 400);
    }
  });
  return ui;
}

/**
 * Each stage's move to the next, for the journey map's row; a transition still being computed is
 * left out (its cell shows "–" and fills in on a later view) rather than holding the map back.
 */
export async function criticalByStage(read: ReadService, f: UiFilters, sites: string[]): Promise<CriticalByStage> {
  const rf = await readFiltersOf(read, f, sites);
  const got = await Promise.all(STAGE_TRANSITIONS.map((t) =>
    read.criticalTouchpoints(formatTransition(t), rf, { allowStale: true, waitMs: PAGE_WAIT_MS }).catch(() => undefined)));
  return Object.fromEntries(STAGE_TRANSITIONS.map((t, i) => [t.from, got[i]]));
}
