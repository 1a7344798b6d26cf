// The overview: how many customers reach each stage, how many move on, how they feel there,
// where they struggle, and how much is happening day by day.
import { painLabel } from '../labels.js';
import type { JourneyMapResult } from '../../journey/types.js';
import { BarChart, ColumnChart } from '../charts/bar-chart.js';
import { StageEmotionChart } from '../charts/stage-emotion.js';
import { filterQuery, type UiFilters } from '../filters.js';
import { Card, Empty, fmtDuration, fmtNumber, fmtPercent, Page, staleSince } from '../layout.js';
import { stageColor } from '../styles.js';
import { beforeAfterHref } from '../annotations.js';
import type { Annotation } from '../../store/store.js';

export interface OverviewData {
  map: JourneyMapResult;
  /** Stored events per UTC day in the range, oldest first. */
  perDay: { day: string; count: number }[];
  /** Every annotation, by date. */
  annotations: Annotation[];
}

export function topPainPoints(map: JourneyMapResult, n = 8) {
  return map.stages
    .flatMap((s) => s.painPoints.map((p) => ({ stage: s.stage, kind: p.key, count: p.count })))
    .sort((a, b) => b.count - a.count)
    .slice(0, n);
}

export function OverviewPage(p: { data: OverviewData; filters: UiFilters; sites: string[] }) {
  const { map, perDay, annotations } = p.data;
  const range = { first: perDay[0]?.day, last: perDay[perDay.length - 1]?.day };
  const marks = annotations.map((a) => ({ a, href: beforeAfterHref(p.filters, a.date, range) }));
  const q = filterQuery(p.filters);
  const purchase = map.stages.find((s) => s.stage === 'purchase');
  const first = map.stages[0];
  const events = perDay.reduce((t, d) => t + d.count, 0);
  const pains = topPainPoints(map);
  return (
    <Page title="Overview" active="/" filters={p.filters} sites={p.sites} staleSince={staleSince(map)} subtitle="Where customers are in their lifecycle, how they feel, and where they struggle.">
      {map.customers === 0 ? (
        <div class="card"><Empty title="No customers for these filters">Widen the date range or clear the filters. If nothing was ever collected, embed the SDK (see the demo site at <a href="/demo/">/demo/</a>).</Empty></div>
      ) : (
        <div class="grid">
          <Kpi label="Customers" value={fmtNumber(map.customers)} id="kpi-customers" />
          <Kpi label="Reached purchase" value={fmtNumber(purchase?.customers ?? 0)} id="kpi-purchase" />
          <Kpi label="Awareness → purchase" value={fmtPercent(first && first.customers ? (purchase?.customers ?? 0) / first.customers : null)} id="kpi-conversion" />
          <Kpi label="Events" value={fmtNumber(events)} id="kpi-events" />
          <Card title="Customers per stage" span={6} id="customers-per-stage">
            <BarChart label="Customers per stage" bars={map.stages.map((s) => ({
              label: s.stage, value: s.customers, text: fmtNumber(s.customers), color: stageColor(s.stage), href: `/customers${filterQuery(p.filters, { stage: s.stage })}`,
              title: 'list these customers',
            }))} />
          </Card>
          <Card title="Stage-to-stage conversion" span={6} id="conversion">
            <div class="table-wrap">
              <table>
                <thead><tr><th>From stage</th><th class="num">Customers</th><th class="num">Moved on</th><th class="num">Conversion</th><th class="num">Median time</th></tr></thead>
                <tbody>
                  {map.stages.map((s) => (
                    <tr data-stage={s.stage}>
                      <td><span class={`tag stage stage-${s.stage}`}>{s.stage}</span></td>
                      <td class="num">{fmtNumber(s.customers)}</td>
                      <td class="num">{fmtNumber(s.converted)}</td>
                      <td class="num conversion">{fmtPercent(s.conversion)}</td>
                      <td class="num">{fmtDuration(s.medianTimeToNextMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Card title="Average emotion per stage" span={6} id="emotion">
            <StageEmotionChart stages={map.stages} label="Average emotion per stage, explicit and inferred" />
            <div class="legend"><span><i class="swatch-explicit"></i>Explicit (surveys)</span><span><i class="swatch-inferred"></i>Inferred (frustration signals)</span></div>
          </Card>
          <Card title="Top pain points" span={6} id="pain-points">
            {pains.length === 0 ? <Empty title="No pain points found">No rage clicks, errors, abandoned forms or negative answers in this range.</Empty> : (
              <table>
                <thead><tr><th>Pain point</th><th>Stage</th><th class="num">Count</th></tr></thead>
                <tbody>{pains.map((x) => <tr><td class="pain">{painLabel(x.kind)}</td><td><span class={`tag stage stage-${x.stage}`}>{x.stage}</span></td><td class="num">{fmtNumber(x.count)}</td></tr>)}</tbody>
              </table>
            )}
          </Card>
          <Card title="Events per day" span={12} id="per-day">
            {perDay.length === 0 ? <Empty title="No events in this range" /> : (
              <ColumnChart label="Events per day, with annotations marked" points={perDay.map((d) => ({ label: d.day, value: d.count }))}
                markers={marks.map(({ a, href }) => ({ label: a.date, text: `${a.text}${href ? ' — open the map before vs after' : ''}`, href: href ?? undefined }))} />
            )}
            {p.filters.channel || p.filters.segment ? <p class="muted">Events of every customer in these dates and sites: the first-touch channel and segment filters apply to customers, not to this count.</p> : null}
            <p class="muted"><a href={`/map${q}`}>Open the journey map →</a></p>
          </Card>
        </div>
      )}
      <div class="grid">
        <Annotations marks={marks} back={`/${q}`} />
      </div>
    </Page>
  );
}

/** What changed when: each annotation with its before-vs-after link, and the form that adds one. */
function Annotations(p: { marks: { a: Annotation; href: string | null }[]; back: string }) {
  return (
    <Card title="Annotations: what changed when" span={12} id="annotations">
      {p.marks.length === 0 ? <p class="muted">No annotations yet. Add one for a release, a campaign or a fix, and compare the journey before and after it.</p> : (
        <ul class="annotations">
          {p.marks.map(({ a, href }) => (
            <li data-annotation={a.id}>
              <time datetime={a.date}>{a.date}</time>{' '}<span class="wrap">{a.text}</span>{' '}
              {href ? <a href={href}>Before vs after</a> : <span class="muted">(outside the dates shown: no before vs after)</span>}
              <form method="post" action={`/annotations/${a.id}/delete`} class="inline">
                <input type="hidden" name="back" value={p.back} />
                {' '}<button type="submit" class="link" aria-label={`Delete annotation of ${a.date}: ${a.text.slice(0, 40)}`}>delete</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/annotations" class="add-annotation">
        <input type="hidden" name="back" value={p.back} />
        <label class="muted">Date<input type="date" name="date" required /></label>
        <label class="muted">What changed<input name="text" required maxlength={500} placeholder="Checkout: one address form" /></label>
        <button type="submit">Add annotation</button>
      </form>
    </Card>
  );
}

function Kpi(p: { label: string; value: string; id: string }) {
  return <section class="card span-3 kpi" id={p.id} aria-label={p.label}><div class="label">{p.label}</div><div class="value">{p.value}</div></section>;
}
