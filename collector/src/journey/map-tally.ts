// The journey map of a changing set of journey states. Each state's part is added when it
// arrives and taken away again when it is replaced or erased, so the map of every customer is
// ready at any moment without folding all of them: the read side keeps one (state/state-mirror.ts)
// and a filtered map folds a fresh one from the states that pass. Every part can be taken away:
// counts, emotion sums in millionths, a count per time-to-next value and per page title. Drop-off
// depends on "now", so it is counted when the result is asked for, from the last-seen times of
// the customers still before purchase.
import { STAGES, type Stage } from '../../../wire/schema.js';
import { DEFAULT_DROP_OFF_DAYS, stageIndex } from './build-journey.js';
import { bump, bumpTitle } from './counter.js';
import { createJourneyMapAccumulator, emptyStage, type StageState } from './journey-map.js';
import type { JourneyState } from './journey-state.js';
import type { JourneyMapResult } from './types.js';

const DAY = 86_400_000;
const PURCHASE = STAGES.indexOf('purchase');

interface Column {
  customers: number;
  converted: number;
  /** How many customers took each time (ms) to the next stage: the median needs them all. */
  timesToNext: Map<number, number>;
  touchpoints: Map<string, number>;
  offSite: Map<string, number>;
  actions: Map<string, number>;
  channels: Map<string, number>;
  painPoints: Map<string, number>;
  painCustomers: Map<string, number>;
  titles: Map<string, Map<string, number>>;
  explicitSum: number; explicitCount: number;
  inferredSum: number; inferredCount: number;
  /** How many customers whose current stage this is (before purchase) were last seen at each time (ms): drop-off. */
  lastSeen: Map<number, number>;
}

export interface MapTally {
  add(s: JourneyState): void;
  /** Takes away a state added before (the very object, or an equal one). */
  remove(s: JourneyState): void;
  /** The journey map of the states added and not removed, with drop-off as of `asOf` (none without). */
  result(asOf?: number): JourneyMapResult;
}

/** Adds `by` (±1, or a count) to a key, and drops the key when it reaches zero, so a count that is gone is not listed. */
function shift<K>(m: Map<K, number>, k: K, by: number): void {
  const n = (m.get(k) ?? 0) + by;
  if (n) m.set(k, n); else m.delete(k);
}

const column = (): Column => ({
  customers: 0, converted: 0, timesToNext: new Map(), touchpoints: new Map(), offSite: new Map(), actions: new Map(),
  channels: new Map(), painPoints: new Map(), painCustomers: new Map(), titles: new Map(),
  explicitSum: 0, explicitCount: 0, inferredSum: 0, inferredCount: 0, lastSeen: new Map(),
});

export function createMapTally(dropOffDays = DEFAULT_DROP_OFF_DAYS): MapTally {
  const columns = STAGES.map(column);
  let customers = 0;

  function apply(s: JourneyState, by: 1 | -1) {
    customers += by;
    // Reach and conversion: each stage once, at its first entry, as journey-map.ts stageOutcomes.
    const seen = new Set<number>();
    s.stages.forEach((e, k) => {
      const i = stageIndex(e.stage);
      if (seen.has(i)) return;
      seen.add(i);
      const col = columns[i];
      col.customers += by;
      for (let m = k + 1; m < s.stages.length; m++) {
        if (stageIndex(s.stages[m].stage) > i) { col.converted += by; shift(col.timesToNext, s.stages[m].enteredAt - e.enteredAt, by); break; }
      }
    });
    for (const stage of Object.keys(s.perStage) as Stage[]) {
      const c = s.perStage[stage]!;
      const col = columns[stageIndex(stage)];
      for (const k in c.touchpoints) shift(col.touchpoints, k, by * c.touchpoints[k]);
      for (const k in c.offSite) shift(col.offSite, k, by * c.offSite[k]);
      for (const k in c.actions) shift(col.actions, k, by * c.actions[k]);
      for (const ch of c.channels) shift(col.channels, ch, by);
      for (const k in c.painPoints) { shift(col.painPoints, k, by * c.painPoints[k]); shift(col.painCustomers, k, by); }
      for (const k in c.titles ?? {}) bumpTitle(col.titles, k, c.titles![k], by);
      col.explicitSum += by * c.explicit[0]; col.explicitCount += by * c.explicit[1];
      col.inferredSum += by * c.inferred[0]; col.inferredCount += by * c.inferred[1];
    }
    const current = stageIndex(s.currentStage);
    if (s.lastSeen && current < PURCHASE) shift(columns[current].lastSeen, Date.parse(s.lastSeen), by);
  }

  return {
    add: (s) => apply(s, 1),
    remove: (s) => apply(s, -1),
    result(asOf) {
      const idleSince = asOf === undefined ? -Infinity : asOf - dropOffDays * DAY;
      const stages = columns.map((col): StageState => {
        const timesToNext: number[] = [];
        for (const [ms, n] of col.timesToNext) for (let k = 0; k < n; k++) timesToNext.push(ms);
        const painPoints = new Map(col.painPoints), painCustomers = new Map(col.painCustomers);
        let idle = 0;
        for (const [at, n] of col.lastSeen) if (at < idleSince) idle += n;
        if (idle) { bump(painPoints, 'drop_off', idle); bump(painCustomers, 'drop_off', idle); }
        return { ...emptyStage(), ...col, timesToNext, painPoints, painCustomers };
      });
      const acc = createJourneyMapAccumulator();
      acc.merge({ customers, stages });
      return acc.result();
    },
  };
}
