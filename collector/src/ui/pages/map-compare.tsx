// The journey map in compare mode: this period (A) against the compared one (B), stage by stage.
// Only flagged cells are coloured, and each says so in words; every cell shows its interval, and
// its title repeats the whole cell for hover and focus.
import type { Comparison } from '../../compare/compare.js';
import { Card } from '../layout.js';
import { compareCellLine, compareRows, flagText } from '../map-compare.js';

export function CompareCard(p: { comparison: Comparison; a: string; b: string }) {
  const c = p.comparison;
  const rows = compareRows(c);
  const flagged = rows.reduce((n, r) => n + r.cells.filter((x) => x?.flagged).length, 0);
  return (
    <Card title="Compared periods" span={12} id="compare">
      <p class="muted">
        {`A: ${p.a} · B: ${p.b}. Each cell: both values, the difference A − B and its 95% interval. `}
        {`A cell is flagged when its interval still excludes zero after a Bonferroni correction for the ${c.cells} cells compared (each judged at ${(c.flagLevel * 100).toFixed(2)}%), and never when fewer than ${c.minCustomers} customers are behind it on either side. `}
        <strong id="compare-flag-count">{flagged === 1 ? '1 cell flagged.' : `${flagged} cells flagged.`}</strong>
      </p>
      <div class="table-wrap">
        <table class="map compare" id="compare-map">
          <caption class="visually-hidden">Comparison of the two periods by stage</caption>
          <thead>
            <tr><th scope="col"><span class="visually-hidden">Measure</span></th>{c.stages.map((s) => <th scope="col">{s.stage}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-row={r.key}>
                <th scope="row">{r.label}</th>
                {r.cells.map((t, i) => (t === null ? <td data-stage={c.stages[i].stage}><span class="muted">–</span></td> : (
                  <td data-stage={c.stages[i].stage} class={t.flagged ? 'flagged' : undefined} data-flagged={t.flagged ? 'true' : undefined} title={compareCellLine(t)} tabindex={0}>
                    <div>{t.values}</div>
                    <div><span class="visually-hidden">difference </span>{t.difference}</div>
                    {t.interval ? <div class="muted interval">{`95% interval ${t.interval}`}</div> : null}
                    {t.flagged ? <div class="flag-text">{flagText(t)}</div> : null}
                  </td>
                )))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** A period as the page names it: `2026-11-01 to 2026-11-10`, open ends as "…". */
export const periodText = (from?: string, to?: string) => `${from ?? '…'} to ${to ?? '…'}`;
