// The journey map and its exports (CSV, SVG).
import { Hono } from 'hono';
import { MapSvg } from '../charts/map-svg.js';
import { parseFilters } from '../filters.js';
import { mapCsv } from '../map-table.js';
import { JourneyMapPage } from '../pages/journey-map.js';
import { render } from '../render.js';
import { stripNonXmlChars } from '../xml-chars.js';
import { searchParams, type UiContext } from './context.js';

export function mapRoutes({ deps, service, sites, readFilters }: UiContext) {
  const ui = new Hono();

  ui.get('/map', async (c) => {
    const filters = parseFilters(searchParams(c));
    const [map, notes] = await Promise.all([service.journeyMap(readFilters(filters)), deps.store.listMapNotes()]);
    return render(c, <JourneyMapPage map={map} notes={notes} filters={filters} sites={sites} />);
  });

  ui.get('/map.csv', async (c) => {
    const filters = parseFilters(searchParams(c));
    const [map, notes] = await Promise.all([service.journeyMap(readFilters(filters), { wait: true }), deps.store.listMapNotes()]);
    return c.body(mapCsv(map, notes), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="journey-map.csv"' });
  });

  ui.get('/map.svg', async (c) => {
    const filters = parseFilters(searchParams(c));
    const [map, notes] = await Promise.all([service.journeyMap(readFilters(filters), { wait: true }), deps.store.listMapNotes()]);
    const title = `Journey map${filters.from || filters.to ? ` · ${filters.from ?? '…'} to ${filters.to ?? '…'}` : ''}${filters.site ? ` · ${filters.site}` : ''}${filters.channel ? ` · ${filters.channel}` : ''}`;
    const svg = await (<MapSvg map={map} notes={notes} title={title} />).toString();
    // Stripped as a whole document: every text in it (event names, notes, the filters in the title) is covered.
    return c.body(stripNonXmlChars(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`), 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8', 'Content-Disposition': 'attachment; filename="journey-map.svg"',
    });
  });

  return ui;
}
