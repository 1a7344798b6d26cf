// The journey map and its exports (CSV, SVG; the PNG is drawn from the SVG in the browser).
import { Hono } from 'hono';
import { MapSvg } from '../charts/map-svg.js';
import { comparedFilters, parseFilters, type UiFilters } from '../filters.js';
import { CompareCard, periodText } from '../pages/map-compare.js';
import { mapStory } from '../map-story.js';
import { CriticalRow } from '../pages/map-critical-row.js';
import { criticalByStage } from '../touchpoints-routes.js';
import { mapCsv } from '../map-table.js';
import { JourneyMapPage } from '../pages/journey-map.js';
import { render } from '../render.js';
import { stripNonXmlChars } from '../xml-chars.js';
import { searchParams, type UiContext } from './context.js';
import { segmentChoiceOf } from '../segment-filter.js';

/** A comparison side in words: its period, and its segment when one applies. */
function sideText(req: Request, f: UiFilters, side: 'a' | 'b'): string {
  const b = side === 'b' && f.compareFrom && f.compareTo;
  const id = side === 'b' ? f.compareSegment ?? f.segment : f.segment;
  const seg = id ? segmentChoiceOf(req)?.segments.find((s) => s.id === id) : undefined;
  return `${b ? periodText(f.compareFrom, f.compareTo) : periodText(f.from, f.to)}${seg ? ` · segment ${seg.name} (${seg.size})` : ''}`;
}

export function mapRoutes({ deps, read, service, sites, readFilters, labels }: UiContext) {
  const ui = new Hono();

  /** The map, the notes and the survey comments behind the Voices row, as story rows; with a comparison period, the comparison. */
  async function story(filters: UiFilters, wait: boolean) {
    const rf = await readFilters(filters);
    const b = comparedFilters(filters);
    const rb = b ? await readFilters(b) : null;
    const o = wait ? { wait: true } : undefined;
    const [map, notes, surveys, comparison] = await Promise.all([
      service.journeyMap(rf, o), deps.store.listMapNotes(), service.surveys(rf), rb ? service.compare(rf, rb, o) : null,
    ]);
    const comments = surveys.flatMap((s) => s.comments);
    return { map, comparison, rows: mapStory({ map, notes, comments, labels, goals: deps.config.stageGoals }) };
  }

  ui.get('/map', async (c) => {
    const filters = parseFilters(searchParams(c));
    const [{ map, rows, comparison }, critical] = await Promise.all([story(filters, false), criticalByStage(read, filters, sites)]);
    const compare = comparison ? <CompareCard comparison={comparison} a={sideText(c.req.raw, filters, 'a')} b={sideText(c.req.raw, filters, 'b')} /> : undefined;
    return render(c, <JourneyMapPage map={map} rows={rows} filters={filters} sites={sites} extraRows={<CriticalRow map={map} critical={critical} />} compare={compare} />);
  });

  ui.get('/map.csv', async (c) => {
    const { map, rows, comparison } = await story(parseFilters(searchParams(c)), true);
    return c.body(mapCsv(map, rows, comparison), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="journey-map.csv"' });
  });

  ui.get('/map.svg', async (c) => {
    const filters = parseFilters(searchParams(c));
    const { map, rows } = await story(filters, true);
    const segment = segmentChoiceOf(c.req.raw)?.applied;
    const title = `Journey map${filters.from || filters.to ? ` · ${filters.from ?? '…'} to ${filters.to ?? '…'}` : ''}${filters.site ? ` · ${filters.site}` : ''}${filters.channel ? ` · ${filters.channel}` : ''}${segment ? ` · segment ${segment.name} (${segment.size})` : ''}`;
    const svg = await (<MapSvg map={map} rows={rows} title={title} />).toString();
    // Stripped as a whole document: every text in it (event names, notes, the filters in the title) is covered.
    return c.body(stripNonXmlChars(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`), 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8', 'Content-Disposition': 'attachment; filename="journey-map.svg"',
    });
  });

  return ui;
}
