// One customer's journey, and one of their raw events on request.
import { Hono } from 'hono';
import { customerIdFromSegment, invalidCustomerId } from '../../api/customer-id.js';
import { filterQuery, parseFilters } from '../filters.js';
import { Empty, Page } from '../layout.js';
import { CustomerPage } from '../pages/customer.js';
import { render } from '../render.js';
import { searchParams, type UiContext } from './context.js';

export function customerRoutes({ deps, service, sites, labels }: UiContext) {
  const ui = new Hono();
  ui.get('/customers/:id', async (c) => {
    const params = searchParams(c);
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
    return render(c, <CustomerPage journey={journey} raw={raw} rawId={rawId} filters={filters} sites={sites} labels={labels} predictions={predictions} />);
  });
  return ui;
}
