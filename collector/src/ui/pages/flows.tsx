// Flows: a Sankey of the paths customers take between stages or pages from a starting point,
// with drop-off. Counts show on hover and on keyboard focus (flows.js mirrors them in #flow-tip).
import type { FlowsResult } from '../../journey/types.js';
import { Sankey } from '../charts/sankey.js';
import type { UiFilters } from '../filters.js';
import { Card, Empty, ErrorBox, fmtNumber, fmtPercent, Page, staleSince } from '../layout.js';

export interface FlowsForm { level: 'stage' | 'page'; start: string; steps: number }

export function FlowsPage(p: { flows: FlowsResult; form: FlowsForm; error?: string; filters: UiFilters; sites: string[] }) {
  const f = p.form;
  const keep = { level: f.level, start: f.start || undefined, steps: String(f.steps) };
  const drops = p.flows.nodes.filter((n) => /drop-off|\(exit\)/.test(n.label)).sort((a, b) => a.step - b.step);
  // Each drop-off named by where those customers were last (a stage or a page), one row per place.
  const label = new Map(p.flows.nodes.map((n) => [n.id, n.label]));
  const dropRows = drops.flatMap((n) => p.flows.links.filter((l) => l.target === n.id)
    .sort((a, b) => b.count - a.count)
    .map((l) => ({ step: n.step, from: label.get(l.source) ?? l.source, count: l.count })));
  const firstStep = p.flows.nodes.filter((n) => n.step === 0).reduce((t, n) => t + n.count, 0);
  return (
    <Page title="Flows" active="/flows" filters={p.filters} sites={p.sites} keep={keep} scripts={['flows.js']} staleSince={staleSince(p.flows)}
      subtitle="The paths customers take from a starting point, and where they leave.">
      <form class="filters" method="get" action="/flows" aria-label="Flow settings">
        {Object.entries(p.filters).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
        <label>Level
          <select name="level">
            <option value="stage" selected={f.level === 'stage'}>Stages</option>
            <option value="page" selected={f.level === 'page'}>Pages</option>
          </select>
        </label>
        <label>Start at<input name="start" value={f.start} placeholder={f.level === 'stage' ? 'awareness' : '/pricing'} /></label>
        <label>Steps<input type="number" name="steps" min={2} max={8} value={String(f.steps)} /></label>
        <button type="submit">Show flows</button>
      </form>
      {p.error ? <ErrorBox>{p.error}</ErrorBox> : null}
      {p.flows.customers === 0 || p.flows.links.length === 0 ? (
        <div class="card"><Empty title="No paths for these settings">Try another starting point, fewer steps, or wider filters.</Empty></div>
      ) : (
        <div class="grid">
          <Card span={12} title={`${fmtNumber(p.flows.customers)} customers`}>
            <p class="tip" id="flow-tip" aria-live="polite">Hover or focus (Tab) a band or a node to see its counts.</p>
            <Sankey nodes={p.flows.nodes} links={p.flows.links.map((l) => ({ source: l.source, target: l.target, value: l.count }))}
              label={`Flows by ${f.level} from ${f.start || 'the first touchpoint'}`} />
            {p.flows.nodes.some((n) => n.offSite) ? <p class="muted">Dashed nodes are off-site touchpoints (emails, support, store orders), named <code>channel: event</code>.</p> : null}
          </Card>
          <Card span={12} title="Drop-off by step">
            {drops.length === 0 ? <p class="muted">Nobody left within these steps.</p> : (
              <table>
                <thead><tr><th>Left after</th><th class="num">Step</th><th class="num">Customers who left</th><th class="num">Share of start</th></tr></thead>
                <tbody>{dropRows.map((r) => <tr><td class="wrap">{r.from}</td><td class="num">{String(r.step)}</td><td class="num">{fmtNumber(r.count)}</td><td class="num">{fmtPercent(firstStep ? r.count / firstStep : null)}</td></tr>)}</tbody>
              </table>
            )}
          </Card>
        </div>
      )}
    </Page>
  );
}
