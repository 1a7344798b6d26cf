// The journey map: stages as columns, the practice's rows (touchpoints, actions, channels,
// emotion, pain points, conversion, time to next stage) and the analysts' own notes per cell.
import type { Child } from 'hono/jsx';
import type { JourneyMapResult } from '../../journey/types.js';
import type { MapNote } from '../../store/store.js';
import { StageEmotionChart } from '../charts/stage-emotion.js';
import { filterQuery, type UiFilters } from '../filters.js';
import { Card, Empty, fmtNumber, Page, staleSince } from '../layout.js';
import { MAP_ROWS } from '../map-table.js';

/** `extraRows`: rows other modules add below the map's own (the critical touchpoints). */
export function JourneyMapPage(p: { map: JourneyMapResult; notes: MapNote[]; filters: UiFilters; sites: string[]; extraRows?: Child }) {
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
    <Page title="Journey map" active="/map" filters={p.filters} sites={p.sites} actions={actions} scripts={['map.js']} staleSince={staleSince(p.map)}
      subtitle={`${fmtNumber(p.map.customers)} customers · stages as columns · add your own notes to any cell`}>
      {p.map.customers === 0 ? (
        <div class="card"><Empty title="No customers for these filters">Widen the date range or clear the filters.</Empty></div>
      ) : (
        <div class="grid">
          <Card title="Emotion curve" span={12}>
            <StageEmotionChart width={1000} stages={p.map.stages} label="Emotion curve across the stages, explicit and inferred" />
            <div class="legend"><span><i class="swatch-explicit"></i>Explicit (survey answers)</span><span><i class="swatch-inferred"></i>Inferred (frustration signals)</span></div>
          </Card>
          <Card span={12}>
            <div class="table-wrap">
              <table class="map" id="journey-map">
                <caption class="muted">Journey map for the filters above; counts are customers unless a row says otherwise.</caption>
                <thead>
                  <tr><th></th>{p.map.stages.map((s) => <th scope="col" class={`stage-${s.stage}`}>{s.stage}</th>)}</tr>
                </thead>
                <tbody>
                  {MAP_ROWS.map((r) => (
                    <tr data-row={r.key}>
                      <th scope="row">{r.label}</th>
                      {p.map.stages.map((s) => {
                        const lines = r.cell(s);
                        const notes = p.notes.filter((n) => n.stage === s.stage && n.row === r.key);
                        return (
                          <td data-stage={s.stage}>
                            {lines.length === 0 ? <span class="muted">–</span> : lines.length === 1 ? <span class="wrap">{lines[0]}</span> : <ul class="wrap">{lines.map((l) => <li>{l}</li>)}</ul>}
                            {notes.map((n) => <Note note={n} back={back} />)}
                            <details class="add-note">
                              <summary>Add note</summary>
                              <form method="post" action="/notes">
                                <input type="hidden" name="stage" value={s.stage} />
                                <input type="hidden" name="row" value={r.key} />
                                <input type="hidden" name="back" value={back} />
                                <label class="muted">Note<textarea name="text" required maxlength={2000} aria-label={`Note for ${r.label} in ${s.stage}`}></textarea></label>
                                <label class="muted">Owner<input name="owner" maxlength={100} placeholder="optional" /></label>
                                <button type="submit">Save note</button>
                              </form>
                            </details>
                          </td>
                        );
                      })}
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

function Note(p: { note: MapNote; back: string }) {
  return (
    <div class="note" data-note={p.note.id}>
      <span class="wrap">{p.note.text}</span>
      {p.note.owner ? <> — <span class="who">{p.note.owner}</span></> : null}
      <form method="post" action={`/notes/${p.note.id}/delete`}>
        <input type="hidden" name="back" value={p.back} />
        {' '}<button type="submit" class="link" aria-label={`Delete note: ${p.note.text.slice(0, 40)}`}>delete</button>
      </form>
    </div>
  );
}
