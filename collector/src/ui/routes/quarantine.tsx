// Quarantine: rejected events with their payloads, newest first.
import { Hono } from 'hono';
import { quarantinePage } from '../../read/quarantine-page.js';
import { QuarantinePage } from '../pages/quarantine.js';
import { render } from '../render.js';
import type { UiContext } from './context.js';

export function quarantineRoutes({ deps, sites }: UiContext) {
  const ui = new Hono();
  ui.get('/quarantine', async (c) => {
    const site = c.req.query('site') || undefined;
    const siteId = site && sites.includes(site) ? site : undefined;
    const cursor = /^\d{1,15}$/.test(c.req.query('cursor') ?? '') ? Number(c.req.query('cursor')) : undefined;
    const page = await quarantinePage(deps.store, { siteId, limit: 100, before: cursor });
    const dropped = await deps.store.quarantineDropped(siteId);
    return render(c, <QuarantinePage rows={page.rows} next={page.nextCursor} older={cursor !== undefined} dropped={dropped} limits={deps.config.limits} sites={sites} site={site} />);
  });
  return ui;
}
