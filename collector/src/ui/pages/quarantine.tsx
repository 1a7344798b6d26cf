// Rejected events with their reasons, newest first, so a site owner can fix the tracking.
import type { QuarantinedEvent } from '../../store/store.js';
import { Card, Empty, fmtNumber, fmtTime, Page } from '../layout.js';

export function QuarantinePage(p: {
  rows: (QuarantinedEvent & { seq: number })[]; sites: string[]; site?: string;
  /** Cursor of the next (older) page, if any; `older`: this page is not the first. */
  next: string | null; older: boolean;
  /** Rejected events dropped by the per-site cap or the retention, and those settings. */
  dropped: number; limits: { quarantineRows: number; quarantineDays: number };
}) {
  const siteQuery = p.site ? `site=${encodeURIComponent(p.site)}&` : '';
  return (
    <Page title="Quarantine" active="/quarantine" subtitle="Events the collector rejected, with the reasons. Fix the tracking code, then these stop appearing.">
      <form class="filters" method="get" action="/quarantine" aria-label="Filters">
        <label>Site
          <select name="site">
            <option value="">All sites</option>
            {p.sites.map((s) => <option value={s} selected={s === p.site}>{s}</option>)}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {p.dropped > 0 ? (
        <p class="note" id="quarantine-dropped">{fmtNumber(p.dropped)} older rejected events were dropped: each site keeps its
          newest {fmtNumber(p.limits.quarantineRows)} for {p.limits.quarantineDays} days (<code>limits.quarantineRows</code>, <code>limits.quarantineDays</code>).</p>
      ) : null}
      <Card title={p.older ? `${p.rows.length} older rejected events` : p.rows.length === 1 ? 'The one rejected event' : `Newest ${p.rows.length} rejected events`}>
        {p.rows.length === 0 ? (
          <Empty title="Nothing in quarantine">Every event received so far passed validation.</Empty>
        ) : (
          <div class="table-wrap">
            <table>
              <thead><tr><th>Received</th><th>Site</th><th class="num">Index in batch</th><th>Event id</th><th>Reasons</th><th>Event as received</th></tr></thead>
              <tbody>
                {p.rows.map((q) => (
                  <tr>
                    <td class="mono">{fmtTime(q.receivedAt)}</td>
                    <td>{q.siteId}</td>
                    <td class="num">{q.index}</td>
                    <td class="mono wrap">{q.eventId ?? '–'}</td>
                    <td><ul class="wrap reasons">{q.errors.map((e) => <li>{e}</li>)}</ul></td>
                    <td><details class="raw"><summary>Show JSON</summary><pre>{pretty(q.raw)}</pre></details></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.next ? <div class="pager"><a class="button secondary" href={`/quarantine?${siteQuery}cursor=${p.next}`}>Older →</a></div> : null}
      </Card>
    </Page>
  );
}

function pretty(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
