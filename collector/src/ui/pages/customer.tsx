// One customer's journey: a timeline (sessions, labelled stage lane, touchpoints by channel, emotion
// curve, pain-point markers), the touchpoints session by session and page visit by page visit
// (scrolls, page leaves and web vitals folded into their visit), and a drawer with each raw event.
import { customerIdSegment } from '../../api/customer-id.js';
import type { Child } from 'hono/jsx';
import type { Journey, Touchpoint } from '../../journey/types.js';
import type { StoredEvent } from '../../store/store.js';
import { JourneyTimeline } from '../charts/journey-timeline.js';
import { filterQuery, type UiFilters } from '../filters.js';
import { Card, fmtDuration, fmtNumber, fmtTime, Page } from '../layout.js';
import { channelLabel, makeLabels, painLabel, type Labels } from '../labels.js';
import { safeHref } from '../safe-url.js';
import { channelColor } from '../styles.js';
import { PredictionCard, type PredictionSnapshot } from '../predictions.js';
import { foldVisits, type Visit } from '../visits.js';

const FOLDED: Record<string, [string, string]> = {
  $scroll_depth: ['scroll', 'scrolls'], $page_leave: ['page leave', 'page leaves'], $web_vitals: ['speed reading', 'speed readings'],
};
const foldedText = (v: Visit) => v.folded.map((f) => `${f.count} ${(FOLDED[f.name] ?? [f.name, f.name])[f.count === 1 ? 0 : 1]}`).join(', ');

export function CustomerPage(p: { journey: Journey; raw: StoredEvent | null; rawId?: string; filters: UiFilters; sites: string[]; labels?: Labels; predictions?: PredictionSnapshot }) {
  const j = p.journey;
  const labels = p.labels ?? makeLabels();
  const scoreOf = new Map(j.emotion.filter((e) => e.source === 'explicit').map((e) => [e.touchpointId, e.score]));
  const q = filterQuery(p.filters);
  const self = `/customers/${customerIdSegment(j.customerId)}`;
  const painByTp = new Map(j.painPoints.filter((x) => x.touchpointId).map((x) => [x.touchpointId!, x]));
  const channels = [...new Set(j.touchpoints.map((t) => t.channel))];
  return (
    <Page title={j.customerId} active="/customers" subtitle={<>Customer journey · <a href={`/customers${q}`}>all customers</a></>}>
      <div class="grid">
        <Stat label="Current stage"><span class={`tag stage stage-${j.currentStage}`}>{j.currentStage}</span></Stat>
        <Stat label="Furthest stage"><span class={`tag stage stage-${j.furthestStage}`}>{j.furthestStage}</span></Stat>
        <Stat label="Sessions · touchpoints">{`${fmtNumber(j.sessions.length)} · ${fmtNumber(j.touchpoints.length)}`}</Stat>
        <Stat label="Pain points"><span class={j.painPoints.length ? 'pain' : ''}>{fmtNumber(j.painPoints.length)}</span></Stat>
        {p.predictions !== undefined ? <PredictionCard snapshot={p.predictions} customerId={j.customerId} /> : null}
        <Card title="Journey timeline" span={12} id="timeline">
          {j.touchpoints.length === 0 ? <p class="muted">No touchpoints.</p> : <JourneyTimeline journey={j} labels={labels} />}
          <div class="legend" id="channel-legend">
            {channels.map((c) => <span data-channel={c}><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill={channelColor(c)} /></svg> {channelLabel(c)}</span>)}
            {j.touchpoints.some((t) => t.offSite) ? <span><svg width="10" height="10" aria-hidden="true"><rect x="2" y="2" width="6" height="6" transform="rotate(45 5 5)" fill="#64748b" /></svg> off-site touchpoint</span> : null}
            <span><i class="swatch-explicit"></i>explicit emotion</span><span><i class="swatch-inferred"></i>inferred emotion</span><span><i class="swatch-pain"></i>pain point</span>
          </div>
          <p class="muted">{`Identities: ${[...j.userIds, ...j.anonymousIds].join(', ')}`}</p>
        </Card>
        <Card title="Stages" span={4}>
          <ol class="wrap">
            {j.stages.map((s) => (
              <li><span class={`tag stage stage-${s.stage}`}>{s.stage}</span> <span class="muted">{`${fmtTime(s.enteredAt)} · ${s.leftAt ? fmtDuration(Date.parse(s.leftAt) - Date.parse(s.enteredAt)) : 'current'}`}</span></li>
            ))}
          </ol>
          <h2>Pain points</h2>
          {j.painPoints.length === 0 ? <p class="muted">None.</p> : (
            <ul class="wrap">{j.painPoints.map((x) => <li><span class="pain">{painLabel(x.kind)}</span> <span class="muted">{`${x.stage} · ${fmtTime(x.at)}`}</span><br />{x.detail}</li>)}</ul>
          )}
        </Card>
        <Card title="Touchpoints by session" span={8} id="touchpoints">
          {j.sessions.map((s, si) => (
            <section aria-label={`Session ${si + 1}`}>
              <div class="session-head">
                <span>{`Session ${si + 1}`}</span><span class="tag">{channelLabel(s.channel)}</span>{s.offSite ? <span class="tag off-site" title="Emails, support calls, store orders: touchpoints away from the website, sent by the site's servers">off-site</span> : null}
                <span class="muted">{`${fmtTime(s.start)} · ${fmtDuration(Date.parse(s.end) - Date.parse(s.start))} · ${s.touchpoints} touchpoints`}</span>
              </div>
              <ul class="timeline-list">
                {foldVisits(j.touchpoints.filter((t) => t.sessionId === s.id)).map((v) => {
                  // A page view's item holds what the customer did on that page as a nested list.
                  const actions = v.actions.length ? (
                    <ul class={v.page ? 'visit-actions' : 'timeline-list'}>
                      {v.actions.map((t) => <TouchpointItem t={t} labels={labels} self={self} filters={p.filters} pain={painByTp.get(t.id)} score={scoreOf.get(t.id)} />)}
                    </ul>
                  ) : null;
                  const folded = v.folded.length ? <div class="folded muted" title={v.folded.map((f) => `${f.name} ×${f.count}`).join(', ')}>{`+ ${foldedText(v)}`}</div> : null;
                  return v.page
                    ? <TouchpointItem t={v.page} labels={labels} self={self} filters={p.filters} pain={painByTp.get(v.page.id)} visit>{actions}{folded}</TouchpointItem>
                    : <li class="visit">{actions}{folded}</li>;
                })}
              </ul>
            </section>
          ))}
        </Card>
      </div>
      {p.rawId ? (
        <div class="drawer" id="raw-event" role="dialog" aria-label="Raw event" tabindex={-1}>
          <a class="button secondary close" href={`${self}${q}#t-${p.rawId}`}>Close</a>
          <h2>Raw event</h2>
          {p.raw ? (
            <>
              <p class="muted">{`Received ${fmtTime(p.raw.receivedAt)} · site ${p.raw.siteId}${p.raw.flags?.length ? ` · flags: ${p.raw.flags.join(', ')}` : ''}`}</p>
              <pre>{JSON.stringify(p.raw.event, null, 2)}</pre>
            </>
          ) : <p class="error">This event is not in the customer's stored events (it may have been erased).</p>}
        </div>
      ) : null}
    </Page>
  );
}

/** One touchpoint as a list item; a page visit's item (`visit`) also holds its actions and folded noise as children. */
function TouchpointItem(p: { t: Touchpoint; labels: Labels; self: string; filters: UiFilters; pain?: { kind: string }; score?: number; visit?: boolean; children?: Child }) {
  const t = p.t;
  const href = safeHref(t.url);
  const what = t.type === 'survey' ? `Answered a survey${t.name ? ` (${t.name})` : ''}` : p.labels.touchpoint(t);
  return (
    <li class={p.visit ? 'touchpoint visit' : 'touchpoint'} data-id={t.id} id={`t-${t.id}`}>
      <div class="tp-line">
        <span class="mono">{fmtTime(t.at).slice(5, 16)}</span>
        <span class="wrap">
          <span class={`tag stage stage-${t.stage}`}>{t.stage}</span>{' '}
          {t.intent && t.intent !== t.stage ? <><span class="tag intent" title="What this touchpoint was about, beside the customer's stage">{`about ${t.intent}`}</span>{' '}</> : null}
          <strong class="tp-label" title={t.url ?? undefined}>{what}</strong>
          {p.score !== undefined ? <span class={`tag score ${p.score < 0 ? 'neg' : p.score > 0 ? 'pos' : ''}`}>{`score ${p.score >= 0 ? '+' : '−'}${Math.abs(p.score).toFixed(2)}`}</span> : null}{' '}
          {t.type === 'page' && t.url ? (href ? <a href={href} rel="noopener noreferrer nofollow" target="_blank" class="clip muted">{t.url}</a> : <span class="clip muted">{t.url}</span>) : null}
          {p.pain ? <span class="pain">{` ▲ ${painLabel(p.pain.kind)}`}</span> : null}
          {' '}<a class="muted" href={`${p.self}${filterQuery(p.filters, { event: t.id })}#raw-event`} aria-label={`Raw event ${t.id}`}>raw</a>
        </span>
      </div>
      {p.children}
    </li>
  );
}

function Stat(p: { label: string; children?: unknown }) {
  return <section class="card span-3 kpi" aria-label={p.label}><div class="label">{p.label}</div><div class="value">{p.children as any}</div></section>;
}
