// Lifecycle actions: each configured webhook, its deliveries (status, attempts, last answer,
// latency), a test button and a resend for dead letters.
import type { Action } from '../../actions/schema.js';
import type { Delivery, DeliveryStatus } from '../../store/store.js';
import { Card, Empty, fmtNumber, fmtTime, Page } from '../layout.js';

export interface ActionsPageData {
  actions: readonly Action[];
  counts: { actionId: string; status: DeliveryStatus; count: number }[];
  deliveries: Delivery[];
  status?: DeliveryStatus;
  /** What the last button did, said in words. */
  notice?: string;
}

function describe(a: Action): string {
  switch (a.on) {
    case 'stage.entered': return `a customer enters ${a.stage}`;
    case 'stage.left': return `a customer leaves ${a.stage}`;
    case 'painpoint': return `a customer meets a ${a.kind.replaceAll('_', ' ')}`;
    case 'survey.answered': return `a survey is answered${a.below !== undefined ? ` below ${a.below}` : ''}${a.above !== undefined ? ` above ${a.above}` : ''}`;
    case 'inactive': return `a customer in ${a.stage} is quiet for ${a.days} days`;
    case 'churn_risk.above': return `a customer's churn risk rises above ${a.threshold}`;
  }
}

const STATUS_LABEL: Record<DeliveryStatus, string> = { pending: 'Pending', delivered: 'Delivered', dead: 'Dead letter' };

export function ActionsPage(p: ActionsPageData) {
  const count = (id: string, s: DeliveryStatus) => p.counts.find((c) => c.actionId === id && c.status === s)?.count ?? 0;
  return (
    <Page title="Actions" active="/actions" subtitle="Webhooks sent at the moments of each customer's journey, signed by the Standard Webhooks specification.">
      {p.notice ? <p class="note" role="status" id="actions-notice">{p.notice}</p> : null}
      <Card title="Configured actions">
        {p.actions.length === 0 ? (
          <Empty title="No actions configured">Add <code>actions</code> to the collector's configuration, e.g. a webhook when a customer enters onboarding.</Empty>
        ) : (
          <div class="table-wrap">
            <table>
              <thead><tr><th>Action</th><th>When</th><th>Sends to</th><th class="num">Pending</th><th class="num">Delivered</th><th class="num">Dead letters</th><th>Test</th></tr></thead>
              <tbody>
                {p.actions.map((a) => (
                  <tr>
                    <td class="mono">{a.id}</td>
                    <td>{describe(a)}</td>
                    <td class="mono wrap">{a.url}</td>
                    <td class="num">{fmtNumber(count(a.id, 'pending'))}</td>
                    <td class="num">{fmtNumber(count(a.id, 'delivered'))}</td>
                    <td class="num">{fmtNumber(count(a.id, 'dead'))}</td>
                    <td><form method="post" action={`/actions/${encodeURIComponent(a.id)}/test`}><button type="submit" class="secondary">Send a test</button></form></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={p.status ? `${STATUS_LABEL[p.status]} deliveries` : 'Latest deliveries'}>
        <nav class="filters" aria-label="Delivery status">
          <a href="/actions" aria-current={p.status === undefined ? 'page' : undefined}>All</a>
          {(['pending', 'delivered', 'dead'] as const).map((s) => <a href={`/actions?status=${s}`} aria-current={p.status === s ? 'page' : undefined}>{STATUS_LABEL[s]}</a>)}
        </nav>
        {p.deliveries.length === 0 ? (
          <Empty title="No deliveries">None yet{p.status ? ` with this status` : ''}: deliveries appear when a customer reaches a moment an action waits for.</Empty>
        ) : (
          <div class="table-wrap">
            <table id="deliveries">
              <thead><tr><th>Created</th><th>Action</th><th>Customer</th><th>Status</th><th class="num">Attempts</th><th>Last answer</th><th class="num">Latency</th><th>Webhook id</th><th><span class="visually-hidden">Resend</span></th></tr></thead>
              <tbody>
                {p.deliveries.map((d) => (
                  <tr data-status={d.status}>
                    <td class="mono">{fmtTime(d.createdAt)}</td>
                    <td class="mono">{d.actionId}</td>
                    <td class="mono wrap"><a href={`/customers/${encodeURIComponent(d.customerId)}`}>{d.customerId}</a></td>
                    <td>{STATUS_LABEL[d.status]}{d.status === 'pending' && d.attempts > 0 ? `, next try ${fmtTime(d.nextAt)}` : ''}</td>
                    <td class="num">{d.attempts}</td>
                    <td class="wrap">{d.lastError ?? (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '–')}</td>
                    <td class="num">{d.latencyMs !== null ? `${fmtNumber(d.latencyMs)} ms` : '–'}</td>
                    <td class="mono">{d.id}</td>
                    <td>{d.status === 'dead'
                      ? <form method="post" action={`/actions/deliveries/${encodeURIComponent(d.id)}/resend`}><button type="submit">Resend</button></form>
                      : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </Page>
  );
}
