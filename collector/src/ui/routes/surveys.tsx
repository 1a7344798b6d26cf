// Surveys: answers, scores and comments per survey.
import { Hono } from 'hono';
import { parseFilters } from '../filters.js';
import { SurveysPage } from '../pages/surveys.js';
import { render } from '../render.js';
import { searchParams, type UiContext } from './context.js';

export function surveysRoutes({ service, sites, readFilters }: UiContext) {
  const ui = new Hono();
  ui.get('/surveys', async (c) => {
    const filters = parseFilters(searchParams(c));
    const surveys = await service.surveys(await readFilters(filters));
    return render(c, <SurveysPage surveys={surveys} filters={filters} sites={sites} />);
  });
  return ui;
}
