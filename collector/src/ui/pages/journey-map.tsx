// The journey map: stages as columns and the practice's rows (goal, touchpoints, actions,
// channels, emotion, pain points by severity, the customers' own words, conversion), then the
// team's opportunities (owner, status, the pain point they answer) and thoughts, added per row.
import type { Child } from 'hono/jsx';
import { STAGES } from '../../../../wire/schema.js';
import type { JourneyMapResult } from '../../journey/types.js';
import { MAP_NOTE_STATUSES, type MapNote } from '../../store/store.js';
import { StageEmotionChart } from '../charts/stage-emotion.js';
import { filterQuery, type UiFilters } from '../filters.js';
import { painLabel } from '../labels.js';
import { Card, Empty, fmtNumber, Page, staleSince } from '../layout.js';
import type { StoryLine, StoryRow } from '../map-story.js';

const PAIN_KINDS = ['rage_click', 'dead_click', 'js_error', 'form_abandonment', 'negative_survey', 'slow_page', 'loop', 'drop_off'];

/** `extraRows`: rows other modules add below the story's own (the critical touchpoints); `compare`: the comparison with another period, when one is asked for. */
export function JourneyMapPage(p: { map: JourneyMapResult; rows: StoryRow[]; filters: UiFilters; sites: string[]; extraRows?: Child; compare?: Child }) {
  const q = filterQuery(p.filters);
  const back = `/map${q}`;
  const actions = (
    <>
      <button type="button" class="secondary" id="print-map" hidden>Print</button>
      <button type="button" class="secondary" id="export-png" data-svg={`/map.svg${q}`} hidden>PNG</button>
      <a class="button secondary" href={`/map.svg${q}`} download="journey-map.svg">SVG</a>
      <a class="button secondary" href={`/map.csv${q}`} download="journey-map.csv">CSV</a>
    </>
  );
  return (
    <Page title="Journey map" active="/map" filters={p.filters} sites={p.sites} actions={actions} compare scripts={['map.js']} staleSince={staleSince(p.map)}
      subtitle={`${fmtNumber(p.map.customers)} customers · stages as columns · opportunities and thoughts are added from their rows`}>
      {p.map.customers === 0 ? (
        <div class="card"><Empty title="No customers for these filters">Widen the date range or clear the filters.</Empty></div>
      ) : (
        <div class="grid">
          {p.compare}
          <Card title="Emotion curve" span={12}>
            <StageEmotionChart width={1000} stages={p.map.stages} label="Emotion curve across the stages, from surveys and from frustration signals, with the number of points" />
            <div class="legend"><span><i class="swatch-explicit"></i>Surveys (answers)</span><span><i class="swatch-inferred"></i>Signals (rage clicks, errors, slow pages…)</span><span class="muted">n = points behind each average</span></div>
          </Card>
          <Card span={12}>
            <div class="table-wrap">
              <table class="map" id="journey-map">
                <caption class="muted">Journey map for the filters above; counts are customers unless a row says otherwise. Hover a page for its path.</caption>
                <thead>
                  <tr><th scope="col"><span class="visually-hidden">Row</span></th>{p.map.stages.map((s) => <th scope="col" class={`stage-${s.stage}`}>{s.stage}</th>)}</tr>
                </thead>
                <tbody>
                  {p.rows.map((r) => (
                    <tr data-row={r.key}>
                      <th scope="row">
                        {r.label}
                        {r.key === 'opportunities' || r.key === 'thoughts' ? <AddNote row={r.key} back={back} stages={p.map.stages.map((s) => s.stage)} /> : null}
                      </th>
                      {r.cells.map((lines, i) => (
                        <td data-stage={p.map.stages[i].stage}>
                          {lines.length === 0 ? <span class="muted">–</span> : <ul class="wrap lines">{lines.map((l) => <Line line={l} back={back} />)}</ul>}
                        </td>
                      ))}
                    </tr>
                  ))}
                  {p.extraRows}
                </tbody>
              </table>
            </div>
          </Card>
        </div>
      )}
    </Page>
  );
}

function Line(p: { line: StoryLine; back: string }) {
  const l = p.line;
  if (l.note) return <li class="note" data-note={l.note.id}><NoteLine note={l.note} text={l.text} back={p.back} /></li>;
  return (
    <li class={l.tone ? `tone-${l.tone}` : undefined} title={l.hover}>
      {l.text}
      {l.severity !== undefined ? <> <meter min={0} max={1} low={0.1} high={0.25} optimum={0} value={l.severity} aria-label={`${Math.round(l.severity * 100)}% of customers affected`}></meter></> : null}
    </li>
  );
}

function NoteLine(p: { note: MapNote; text: string; back: string }) {
  const n = p.note;
  return (
    <>
      {n.row === 'opportunities' ? <span class={`tag status-${n.status}`}>{n.status}</span> : null}{' '}
      <span class="wrap">{p.text}</span>
      {n.row === 'opportunities' ? (
        <form method="post" action={`/notes/${n.id}/status`} class="inline">
          <input type="hidden" name="back" value={p.back} />
          <select name="status" aria-label={`Status of: ${n.text.slice(0, 40)}`}>
            {MAP_NOTE_STATUSES.map((s) => <option value={s} selected={s === n.status}>{s}</option>)}
          </select>
          <button type="submit" class="link">set</button>
        </form>
      ) : null}
      <form method="post" action={`/notes/${n.id}/delete`} class="inline">
        <input type="hidden" name="back" value={p.back} />
        {' '}<button type="submit" class="link" aria-label={`Delete note: ${n.text.slice(0, 40)}`}>delete</button>
      </form>
    </>
  );
}

function AddNote(p: { row: 'opportunities' | 'thoughts'; back: string; stages: string[] }) {
  const opportunity = p.row === 'opportunities';
  const what = opportunity ? 'opportunity' : 'thought';
  return (
    <details class="add-note">
      <summary>{`Add ${what}`}</summary>
      <form method="post" action="/notes">
        <input type="hidden" name="row" value={p.row} />
        <input type="hidden" name="back" value={p.back} />
        <label class="muted">Stage<select name="stage">{(p.stages.length ? p.stages : STAGES).map((s) => <option value={s}>{s}</option>)}</select></label>
        <label class="muted">{opportunity ? 'Opportunity' : 'Thought'}<textarea name="text" required maxlength={2000}></textarea></label>
        <label class="muted">Owner<input name="owner" maxlength={100} placeholder="optional" /></label>
        {opportunity ? (
          <>
            <label class="muted">Status<select name="status">{MAP_NOTE_STATUSES.map((s) => <option value={s}>{s}</option>)}</select></label>
            <label class="muted">Answers pain point<select name="painPoint"><option value="">none</option>{PAIN_KINDS.map((k) => <option value={k}>{painLabel(k)}</option>)}</select></label>
          </>
        ) : null}
        <button type="submit">{`Save ${what}`}</button>
      </form>
    </details>
  );
}
