// Funnels: ordered steps (events, pages or stages) within a conversion window; bars with
// conversion, median time and drop-off; a step's "dropped" link lists the customers lost there.
import { customerIdSegment } from '../../api/customer-id.js';
import type { FunnelResult, FunnelStep } from '../../journey/types.js';
import { BarChart } from '../charts/bar-chart.js';
import { filterQuery, type UiFilters } from '../filters.js';
import { Card, Empty, ErrorBox, fmtDuration, fmtNumber, fmtPercent, fmtTime, Page, staleSince } from '../layout.js';

export const MAX_FUNNEL_STEPS = 6;
export const WINDOWS = [
  { value: '1h', label: '1 hour', ms: 3_600_000 },
  { value: '1d', label: '1 day', ms: 86_400_000 },
  { value: '7d', label: '7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: '30 days', ms: 30 * 86_400_000 },
  { value: '90d', label: '90 days', ms: 90 * 86_400_000 },
];

export interface FunnelForm { steps: FunnelStep[]; window: string; strict: boolean; dropped?: number }

/** Funnel settings as URL parameters (`s0=stage:awareness`, `window=7d`, `strict=1`), so a funnel can be shared. */
export function funnelParams(f: FunnelForm): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { window: f.window, strict: f.strict ? '1' : undefined };
  f.steps.forEach((s, i) => (out[`s${i}`] = `${s.kind}:${s.value}`));
  return out;
}

/** Where a dropped customer was last: their stage and last touchpoint in words. */
export interface DroppedCustomer { stage: string; last: string; at: string }

export function FunnelsPage(p: { result: FunnelResult | null; form: FunnelForm; error?: string; filters: UiFilters; sites: string[]; droppedDetails?: Map<string, DroppedCustomer> }) {
  const f = p.form;
  const params = funnelParams(f);
  const rows = [...f.steps, ...Array.from({ length: Math.max(0, MAX_FUNNEL_STEPS - f.steps.length) }, () => null)];
  const r = p.result;
  const dropped = r && f.dropped !== undefined ? r.steps[f.dropped] : undefined;
  return (
    <Page title="Funnels" active="/funnels" filters={p.filters} sites={p.sites} keep={params} staleSince={staleSince(r)}
      subtitle="Pick ordered steps and a conversion window; click a step's drop-off to see who left there.">
      <form class="filters" method="get" action="/funnels" aria-label="Funnel steps">
        {Object.entries(p.filters).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
        <div class="steps">
          {rows.map((s, i) => (
            <div class="step">
              <label>{`Step ${i + 1}`}
                <select name={`k${i}`} aria-label={`Step ${i + 1} kind`}>
                  {(['stage', 'page', 'event', 'channel'] as const).map((k) => <option value={k} selected={s?.kind === k}>{k}</option>)}
                </select>
              </label>
              <label>&nbsp;<input name={`v${i}`} value={s?.value ?? ''} placeholder={i === 0 ? 'awareness, /pricing or signup' : 'optional'} aria-label={`Step ${i + 1} value`} /></label>
            </div>
          ))}
        </div>
        <label>Window
          <select name="window">{WINDOWS.map((w) => <option value={w.value} selected={w.value === f.window}>{w.label}</option>)}</select>
        </label>
        <label><span>Strict order</span><input type="checkbox" name="strict" value="1" checked={f.strict} /></label>
        <button type="submit">Run funnel</button>
      </form>
      {p.error ? <ErrorBox>{p.error}</ErrorBox> : null}
      {!r ? null : r.customers === 0 ? (
        <div class="card"><Empty title="Nobody started this funnel">No customer did the first step in these filters.</Empty></div>
      ) : (
        <div class="grid">
          <Card span={12} title={`${fmtNumber(r.customers)} customers entered the funnel`} id="funnel">
            <BarChart label="Funnel conversion from the first step" max={r.steps[0]?.customers || 1} width={1000} labelWidth={220} bars={r.steps.map((s, i) => ({
              label: `${i + 1}. ${s.value}`, value: s.customers, text: `${fmtNumber(s.customers)} · ${fmtPercent(s.conversionFromStart)}`,
              color: '#4f46e5', href: s.dropOff > 0 ? `/funnels${filterQuery(p.filters, { ...params, dropped: String(i) })}#dropped` : undefined,
              title: `${s.kind} step; ${fmtNumber(s.dropOff)} dropped here${s.dropOff > 0 ? ', list them' : ''}`,
            }))} />
            <div class="table-wrap">
              <table>
                <thead><tr><th>Step</th><th class="num">Customers</th><th class="num">From previous</th><th class="num">From start</th><th class="num">Median time</th><th class="num">Dropped here</th></tr></thead>
                <tbody>
                  {r.steps.map((s, i) => (
                    <tr data-step={i}>
                      <td><span class="tag">{s.kind}</span> <span class="wrap">{s.value}</span>{s.optional ? <span class="muted"> (optional)</span> : null}</td>
                      <td class="num step-customers">{fmtNumber(s.customers)}</td>
                      <td class="num">{fmtPercent(s.conversion)}</td>
                      <td class="num">{fmtPercent(s.conversionFromStart)}</td>
                      <td class="num">{fmtDuration(s.medianTimeMs)}</td>
                      <td class="num">{s.dropOff > 0 ? <a href={`/funnels${filterQuery(p.filters, { ...params, dropped: String(i) })}#dropped`}>{fmtNumber(s.dropOff)}</a> : '0'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          {dropped ? (
            <Card span={12} title={`Dropped before step ${f.dropped! + 1} (${dropped.value}): ${fmtNumber(dropped.dropOff)} customers`} id="dropped">
              {dropped.droppedCustomerIds.length < dropped.dropOff ? <p class="muted">{`Showing the first ${dropped.droppedCustomerIds.length}.`}</p> : null}
              <div class="table-wrap">
                <table id="dropped-customers">
                  <thead><tr><th>Customer</th><th>Stage now</th><th>Last touchpoint</th><th>When</th></tr></thead>
                  <tbody>
                    {dropped.droppedCustomerIds.map((id) => {
                      const d = p.droppedDetails?.get(id);
                      return (
                        <tr>
                          <td><a class="clip" href={`/customers/${customerIdSegment(id)}${filterQuery(p.filters)}`}>{id}</a></td>
                          <td>{d ? <span class={`tag stage stage-${d.stage}`}>{d.stage}</span> : '–'}</td>
                          <td class="wrap">{d?.last ?? '–'}</td>
                          <td class="mono">{d ? fmtTime(d.at) : '–'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </Card>
          ) : null}
        </div>
      )}
    </Page>
  );
}
