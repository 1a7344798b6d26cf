// Flows: where customers go next, by stage or by page.
import { Hono } from 'hono';
import { OptionError } from '../../journey/index.js';
import { parseFilters } from '../filters.js';
import { FlowsPage, type FlowsForm } from '../pages/flows.js';
import { render } from '../render.js';
import { searchParams, type UiContext } from './context.js';

export function parseFlowsForm(params: URLSearchParams): FlowsForm {
  const steps = Number(params.get('steps'));
  return {
    level: params.get('level') === 'page' ? 'page' : 'stage',
    start: (params.get('start') ?? '').trim().slice(0, 200),
    steps: Number.isInteger(steps) && steps >= 2 && steps <= 8 ? steps : 4,
  };
}

export function flowsRoutes({ service, sites, readFilters }: UiContext) {
  const ui = new Hono();
  ui.get('/flows', async (c) => {
    const params = searchParams(c);
    const filters = parseFilters(params);
    const form = parseFlowsForm(params);
    try {
      const flows = await service.flows(await readFilters(filters), { level: form.level, start: form.start || undefined, steps: form.steps });
      return render(c, <FlowsPage flows={flows} form={form} filters={filters} sites={sites} />);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      return render(c, <FlowsPage flows={{ customers: 0, nodes: [], links: [] }} form={form} error={(e as Error).message} filters={filters} sites={sites} />, 400);
    }
  });
  return ui;
}
