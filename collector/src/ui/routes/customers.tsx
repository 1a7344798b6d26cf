// The customers list: search and stage filter, paged.
import { Hono } from 'hono';
import { STAGES } from '../../../../wire/schema.js';
import { CUSTOMER_SORTS, type CustomerSort } from '../../read/customer-order.js';
import { parseFilters } from '../filters.js';
import { CustomersPage } from '../pages/customers.js';
import { render } from '../render.js';
import { searchParams, type UiContext } from './context.js';

export function customersRoutes({ deps, service, sites, readFilters }: UiContext) {
  const ui = new Hono();
  ui.get('/customers', async (c) => {
    const params = searchParams(c);
    const filters = parseFilters(params);
    const q = (params.get('q') ?? '').trim().slice(0, 200);
    const stage = (STAGES as readonly string[]).includes(params.get('stage') ?? '') ? params.get('stage')! : undefined;
    const sort = (CUSTOMER_SORTS as readonly string[]).includes(params.get('sort') ?? '') ? params.get('sort') as CustomerSort : 'lastSeen';
    const page = await service.customers(await readFilters(filters), { q: q || undefined, stage, cursor: params.get('cursor') ?? undefined, limit: 50, sort });
    const predictions = (await deps.predictions?.snapshot()) ?? null;
    return render(c, <CustomersPage rows={page.rows} total={page.total} next={page.next} q={q} stage={stage} sort={sort} filters={filters} sites={sites} predictions={deps.predictions ? predictions : undefined} />);
  });
  return ui;
}
