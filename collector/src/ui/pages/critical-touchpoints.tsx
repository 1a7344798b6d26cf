// Critical touchpoints: for one stage transition, every model's credit per touchpoint side by side
// (sortable by any model, exportable as CSV), and the friction ranking: what to fix first.
import { MODELS, type Model } from '../../attribution/index.js';
import type { CriticalTouchpoints } from '../../read/critical-touchpoints.js';
import type { UiFilters } from '../filters.js';
import { filterQuery } from '../filters.js';
import { Card, Empty, fmtNumber, Page } from '../layout.js';

export const MODEL_LABELS: Record<Model, string> = {
  markov: 'Markov (removal effect per visit)', first: 'First touch', last: 'Last touch', linear: 'Linear', time_decay: 'Time decay', position: 'Position (40/20/40)',
};

export interface TouchpointRow { key: string; label: string; journeys: number; credits: Record<Model, { credit: number; low: number; high: number } | null> }

/** One row per touchpoint with every model's figure, sorted by `sort` (a model), largest first. */
export function touchpointRows(c: CriticalTouchpoints, sort: Model): TouchpointRow[] {
  const rows = new Map<string, TouchpointRow>();
  for (const m of MODELS) {
    for (const t of c.models[m]) {
      const row = rows.get(t.key) ?? { key: t.key, label: t.label, journeys: t.journeys, credits: Object.fromEntries(MODELS.map((x) => [x, null])) as TouchpointRow['credits'] };
      row.credits[m] = { credit: t.credit, low: t.low, high: t.high };
      rows.set(t.key, row);
    }
  }
  return [...rows.values()].sort((a, b) => (b.credits[sort]?.credit ?? -Infinity) - (a.credits[sort]?.credit ?? -Infinity) || (a.key < b.key ? -1 : 1));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function CriticalTouchpointsPage(p: { data: CriticalTouchpoints; transitions: string[]; sort: Model; filters: UiFilters; sites: string[] }) {
  const { data } = p;
  const q = (extra: Record<string, string>) => filterQuery(p.filters, { transition: data.transition, ...extra });
  const rows = touchpointRows(data, p.sort);
  const actions = <a class="button secondary" href={`/touchpoints.csv${q({})}`} download="critical-touchpoints.csv">CSV</a>;
  return (
    <Page title="Critical touchpoints" active="/touchpoints" filters={p.filters} sites={p.sites} keep={{ transition: data.transition, sort: p.sort }} actions={actions}
      subtitle={`${data.transition.replace('>', ' → ')}: ${fmtNumber(data.journeys)} customers entered ${data.transition.split('>')[0]}, ${fmtNumber(data.moved)} moved on`}>
      <form method="get" action="/touchpoints" class="inline">
        <label>Transition{' '}
          <select name="transition" id="transition">
            {p.transitions.map((t) => <option value={t} selected={t === data.transition}>{t.replace('>', ' → ')}</option>)}
          </select>
        </label>
        <input type="hidden" name="sort" value={p.sort} />
        <button type="submit">Show</button>
      </form>
      {data.journeys === 0 ? (
        <div class="card"><Empty title="No customer entered this stage for these filters">Pick another transition or widen the filters.</Empty></div>
      ) : (
        <div class="grid">
          <Card span={12} title="Credit by model">
            <p class="muted">Rule-based models: the share of the moves each touchpoint is given (each column sums to 100%). Markov: the moves lost without the touchpoint per visit that holds it, i.e. how many percentage points more likely a visit with it leads to the move than one where its alternatives take its place (≈ 0 for one that changes nothing, below 0 for one that holds people back). In brackets: the 95% bootstrap interval. Click a model to sort by it.</p>
            <div class="table-wrap">
              <table id="critical-touchpoints">
                <thead>
                  <tr>
                    <th scope="col">Touchpoint</th>
                    <th scope="col">Customers</th>
                    {MODELS.map((m) => (
                      <th scope="col" data-model={m} aria-sort={m === p.sort ? 'descending' : undefined}>
                        <a href={`/touchpoints${q({ sort: m })}`}>{MODEL_LABELS[m]}{m === p.sort ? ' ▾' : ''}</a>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr data-key={r.key}>
                      <th scope="row"><span class="wrap">{r.label}</span></th>
                      <td>{fmtNumber(r.journeys)}</td>
                      {MODELS.map((m) => {
                        const c = r.credits[m];
                        return <td data-model={m}>{c ? <>{pct(c.credit)} <span class="muted">{`[${pct(c.low)}, ${pct(c.high)}]`}</span></> : '–'}</td>;
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Card span={12} title="Friction: what to fix first">
            <p class="muted">{`Touchpoints seen more often in the last steps before ${fmtNumber(data.friction.struggled)} customers dropped off or answered a survey negatively than before ${fmtNumber(data.friction.movedOn)} customers moved on. Lift 2.0 = twice as common before trouble.`}</p>
            {data.friction.touchpoints.length === 0 ? <p class="muted">Too few struggling customers to rank.</p> : (
              <table id="friction">
                <thead><tr><th scope="col">Touchpoint</th><th scope="col">Lift</th><th scope="col">95% interval</th><th scope="col">Struggling customers</th></tr></thead>
                <tbody>
                  {data.friction.touchpoints.slice(0, 15).map((f) => (
                    <tr data-key={f.key}><th scope="row"><span class="wrap">{f.label}</span></th><td>{f.lift.toFixed(2)}</td><td>{`${f.low.toFixed(2)} – ${f.high.toFixed(2)}`}</td><td>{fmtNumber(f.journeys)}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        </div>
      )}
    </Page>
  );
}

/** The table as CSV: one row per touchpoint, each model's credit, low and high. */
export function touchpointsCsvRows(c: CriticalTouchpoints): unknown[][] {
  const header = ['transition', 'key', 'label', 'customers', ...MODELS.flatMap((m) => [`${m}_credit`, `${m}_low`, `${m}_high`])];
  return [header, ...touchpointRows(c, 'markov').map((r) => [
    c.transition, r.key, r.label, r.journeys, ...MODELS.flatMap((m): unknown[] => { const x = r.credits[m]; return x ? [x.credit, x.low, x.high] : ["", "", ""]; }),
  ])];
}
