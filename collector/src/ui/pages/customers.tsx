// Customers: search by id or trait, filter by stage, and open one customer's journey.
import { channelLabel } from '../labels.js';
import { customerIdSegment } from '../../api/customer-id.js';
import { STAGES } from '../../../../wire/schema.js';
import { filterQuery, type UiFilters } from '../filters.js';
import { Card, Empty, fmtNumber, fmtTime, Page } from '../layout.js';
import { PredictionCells, PredictionHeaders, type PredictionSnapshot } from '../predictions.js';

export interface CustomerRow {
  customerId: string;
  currentStage: string;
  furthestStage: string;
  sessions: number;
  touchpoints: number;
  painPoints?: number;
  firstChannel: string | null;
  lastSeen: string | null;
}

export function CustomersPage(p: { rows: CustomerRow[]; total: number | null; q: string; stage?: string; sort?: string; next?: string; filters: UiFilters; sites: string[]; predictions?: PredictionSnapshot }) {
  const keep = { q: p.q || undefined, stage: p.stage, sort: p.sort };
  // A column header sorts by it; the current order is marked for screen readers too.
  const Sort = (s: { by: string; label: string; num?: boolean }) => (
    <th class={s.num ? 'num' : undefined} aria-sort={p.sort === s.by ? (s.by === 'id' ? 'ascending' : 'descending') : undefined}>
      <a href={`/customers${filterQuery(p.filters, { ...keep, sort: s.by })}`}>{s.label}{p.sort === s.by ? (s.by === 'id' ? ' ▲' : ' ▼') : ''}</a>
    </th>
  );
  return (
    <Page title="Customers" active="/customers" filters={p.filters} sites={p.sites} keep={keep} subtitle="Find a customer by id or trait, then follow their journey.">
      <form class="filters" method="get" action="/customers" role="search" aria-label="Search customers">
        {Object.entries(p.filters).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
        {p.sort ? <input type="hidden" name="sort" value={p.sort} /> : null}
        <label>Search<input type="search" name="q" value={p.q} placeholder="user id, anonymous id, email…" aria-label="Search by id or trait" /></label>
        <label>Stage reached
          <select name="stage">
            <option value="">Any stage</option>
            {STAGES.map((s) => <option value={s} selected={s === p.stage}>{s}</option>)}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <Card title={p.total === null ? 'Customers' : `${fmtNumber(p.total)} customers`}>
        {p.rows.length === 0 ? (
          <Empty title={p.q ? `No customer matches “${p.q}”` : 'No customers for these filters'}>Check the spelling, search by another trait, or clear the filters.</Empty>
        ) : (
          <div class="table-wrap">
            <table id="customers">
              <thead><tr><Sort by="id" label="Customer" /><th>Current stage</th><Sort by="stage" label="Furthest stage" /><th>First channel</th><th class="num">Sessions</th><Sort by="touchpoints" label="Touchpoints" num /><Sort by="painPoints" label="Pain points" num /><Sort by="lastSeen" label="Last seen" />{p.predictions !== undefined ? <PredictionHeaders /> : null}</tr></thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr>
                    <td><a class="clip" href={`/customers/${customerIdSegment(r.customerId)}${filterQuery(p.filters)}`}>{r.customerId}</a></td>
                    <td><span class={`tag stage stage-${r.currentStage}`}>{r.currentStage}</span></td>
                    <td><span class={`tag stage stage-${r.furthestStage}`}>{r.furthestStage}</span></td>
                    <td>{r.firstChannel ? channelLabel(r.firstChannel) : '–'}</td>
                    <td class="num">{fmtNumber(r.sessions)}</td>
                    <td class="num">{fmtNumber(r.touchpoints)}</td>
                    <td class={`num${r.painPoints ? ' pain' : ''}`}>{r.painPoints === undefined ? '–' : fmtNumber(r.painPoints)}</td>
                    <td class="mono">{r.lastSeen ? fmtTime(r.lastSeen) : '–'}</td>
                    {p.predictions !== undefined ? <PredictionCells snapshot={p.predictions} customerId={r.customerId} /> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.next ? <div class="pager"><a class="button secondary" href={`/customers${filterQuery(p.filters, { ...keep, cursor: p.next })}`}>Next page →</a></div> : null}
      </Card>
    </Page>
  );
}
