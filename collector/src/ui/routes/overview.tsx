// The overview: the map's headline figures and events per day.
import { Hono } from 'hono';
import { parseFilters } from '../filters.js';
import { OverviewPage } from '../pages/overview.js';
import { render } from '../render.js';
import { searchParams, type UiContext } from './context.js';

export function overviewRoutes({ deps, service, sites, cached, readFilters }: UiContext) {
  const ui = new Hono();
  ui.get('/', async (c) => {
    const filters = parseFilters(searchParams(c));
    const rf = await readFilters(filters);
    const [map, perDay, annotations] = await Promise.all([
      service.journeyMap(rf),
      cached(`perDay|${rf.from}|${rf.to}|${rf.siteId}`, () => deps.store.eventsPerDay({ from: rf.from, to: rf.to, siteId: rf.siteId })),
      deps.store.annotations.list(),
    ]);
    return render(c, <OverviewPage data={{ map, perDay, annotations }} filters={filters} sites={sites} />);
  });
  return ui;
}
