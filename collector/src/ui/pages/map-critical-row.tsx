// The journey map's "Critical touchpoints" row: per stage, the touchpoints that most move customers
// on to the next stage (Markov removal effect per visit) and the top friction before drop-off.
import type { CriticalTouchpoints } from '../../read/critical-touchpoints.js';
import type { JourneyMapResult } from '../../journey/types.js';

/** Critical touchpoints by the stage they start from (`consideration` → consideration>purchase). */
export type CriticalByStage = Record<string, CriticalTouchpoints | undefined>;

export function CriticalRow(p: { map: JourneyMapResult; critical: CriticalByStage }) {
  return (
    <tr data-row="critical">
      <th scope="row"><a href="/touchpoints">Critical touchpoints</a></th>
      {p.map.stages.map((s) => {
        const c = p.critical[s.stage];
        if (!c || c.journeys === 0) return <td data-stage={s.stage}><span class="muted">–</span></td>;
        const movers = c.models.markov.filter((t) => t.low > 0).slice(0, 3);
        const friction = c.friction.touchpoints.filter((t) => t.low > 1).slice(0, 2);
        return (
          <td data-stage={s.stage}>
            <ul class="wrap">
              {movers.map((t) => <li data-kind="mover">{`▲ ${t.label} ${(t.credit * 100).toFixed(0)}%`}</li>)}
              {friction.map((t) => <li data-kind="friction">{`▼ ${t.label} ×${t.lift.toFixed(1)}`}</li>)}
              {movers.length + friction.length === 0 ? <li class="muted">nothing clear yet</li> : null}
            </ul>
            <a class="muted" href={`/touchpoints?transition=${encodeURIComponent(c.transition)}`}>details</a>
          </td>
        );
      })}
    </tr>
  );
}
