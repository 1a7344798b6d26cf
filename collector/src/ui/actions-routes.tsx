// The UI's actions page: deliveries, the test button, resending a dead letter.
import { Hono } from 'hono';
import type { ActionsEngine } from '../actions/engine.js';
import { requireReadAccess } from '../auth.js';
import type { ResolvedConfig } from '../config.js';
import type { DeliveryStatus, Store } from '../store/store.js';
import { ActionsPage } from './pages/actions.js';
import { render } from './render.js';
import { requireSameOrigin, uiHeaders } from './security.js';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead'];

export function actionsUiRoutes(deps: { config: ResolvedConfig; store: Store; actions?: ActionsEngine; now?: () => number }) {
  const ui = new Hono();
  const now = deps.now ?? Date.now;
  for (const path of ['/actions', '/actions/*']) ui.use(path, uiHeaders(), requireReadAccess(deps.config.readToken, 'redirect'), requireSameOrigin());

  const page = async (status: DeliveryStatus | undefined, notice?: string) => ActionsPage({
    actions: deps.config.actions, status, notice,
    counts: await deps.store.deliveries.counts(),
    deliveries: await deps.store.deliveries.list({ status, limit: 100 }),
  });

  ui.get('/actions', async (c) => {
    const s = c.req.query('status');
    const status = STATUSES.includes(s as DeliveryStatus) ? (s as DeliveryStatus) : undefined;
    return render(c, await page(status));
  });

  ui.post('/actions/:id/test', async (c) => {
    const id = c.req.param('id');
    if (!deps.actions || !deps.config.actions.some((a) => a.id === id)) return render(c, await page(undefined, `There is no action "${id}".`), 404);
    const r = await deps.actions.sendTest(id);
    const said = r.error ? `failed: ${r.error}` : `answered HTTP ${r.status}`;
    return render(c, await page(undefined, `Test delivery of "${id}" ${said} in ${r.ms} ms.`));
  });

  ui.post('/actions/deliveries/:id/resend', async (c) => {
    const id = c.req.param('id');
    const ok = await deps.store.deliveries.resend(id, now());
    if (ok) void deps.actions?.settle();
    return render(c, await page('dead', ok ? `Delivery ${id} will be sent again now.` : `There is no delivery ${id}.`), ok ? 200 : 404);
  });
  return ui;
}
