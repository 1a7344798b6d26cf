// Funnels: conversion through ordered steps, and who dropped off.
import { Hono } from 'hono';
import { OptionError } from '../../journey/index.js';
import type { FunnelStep } from '../../journey/types.js';
import { parseFilters } from '../filters.js';
import { FunnelsPage, MAX_FUNNEL_STEPS, WINDOWS, type DroppedCustomer, type FunnelForm } from '../pages/funnels.js';
import { render } from '../render.js';
import { searchParams, type UiContext } from './context.js';

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

// The dropped list reads each customer's journey; a page shows this many at most.
const MAX_DROPPED_SHOWN = 50;

export function funnelsRoutes({ service, sites, readFilters, labels }: UiContext) {
  /** Each listed customer's stage now and last touchpoint, read from their journey. */
  async function droppedDetails(ids: string[]): Promise<Map<string, DroppedCustomer>> {
    const out = new Map<string, DroppedCustomer>();
    await Promise.all(ids.slice(0, MAX_DROPPED_SHOWN).map(async (id) => {
      const j = await service.customerJourney(id);
      const last = j?.touchpoints.at(-1);
      if (j && last) out.set(id, { stage: j.currentStage, last: labels.touchpoint(last), at: last.at });
    }));
    return out;
  }

  const ui = new Hono();
  ui.get('/funnels', async (c) => {
    const params = searchParams(c);
    const filters = parseFilters(params);
    const form = parseFunnelForm(params);
    const windowMs = WINDOWS.find((w) => w.value === form.window)!.ms;
    if (form.steps.length < 2) {
      return render(c, <FunnelsPage result={null} form={form} error="A funnel needs at least two steps: fill in a second step's value." filters={filters} sites={sites} />, 400);
    }
    try {
      const result = await service.funnel(await readFilters(filters), { steps: form.steps, windowMs, strict: form.strict });
      const dropped = form.dropped !== undefined ? result.steps[form.dropped] : undefined;
      const details = dropped ? await droppedDetails(dropped.droppedCustomerIds) : undefined;
      return render(c, <FunnelsPage result={result} form={form} filters={filters} sites={sites} droppedDetails={details} />);
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      return render(c, <FunnelsPage result={null} form={form} error={(e as Error).message} filters={filters} sites={sites} />, 400);
    }
  });
  return ui;
}
