// The journey map of a changing set of journey states. Each state's part is added when it
// arrives and taken away again when it is replaced or erased, so the map of every customer is
// ready at any moment without folding all of them: the read side keeps one (state/state-mirror.ts)
// and a filtered map folds a fresh one from the states that pass.
//
// A state's part is packed once (mapPart): every count it adds (touchpoints, off-site rows,
// actions, channels, pain points, page titles, emotion sums in millionths, reach and conversion)
// under a number its label was given, so adding or taking away a customer is a short run of
// array additions, not map lookups by string; a fold over 500,000 customers stays within a second.
// Times to the next stage are kept per value, as the median needs them all. Drop-off depends on
// "now", so it is counted when the result is asked for, from the last-seen times of the
// customers still before purchase.
import { STAGES, type Stage } from '../../../wire/schema.js';
import { DEFAULT_DROP_OFF_DAYS, stageIndex } from './build-journey.js';
import { bump, bumpTitle } from './counter.js';
import { createJourneyMapAccumulator, emptyStage, type StageState } from './journey-map.js';
import type { JourneyState } from './journey-state.js';
import type { JourneyMapResult } from './types.js';

const DAY = 86_400_000;
const PURCHASE = STAGES.indexOf('purchase');
const SEP = '\u0001';

const KINDS = [
  'customers', 'converted', 'explicitSum', 'explicitCount', 'inferredSum', 'inferredCount',
  'touchpoints', 'offSite', 'actions', 'channels', 'painPoints', 'painCustomers', 'titles',
] as const;
type Kind = (typeof KINDS)[number];
const KIND = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<Kind, number>;

/** A label's place: which stage's column, which count and what label (a title's is its page key and title). */
interface Label { stage: number; kind: Kind; label: string }

/** The numbers labels are given: one per stage, kind of count and label, shared by every part and tally that meet. */
export interface MapLabels {
  slot(stage: number, kind: Kind, label: string): number;
  label(slot: number): Label;
  readonly size: number;
}

export function createMapLabels(): MapLabels {
  // One map per stage and kind: looking a label up builds no string.
  const slots = STAGES.flatMap(() => KINDS.map(() => new Map<string, number>()));
  const labels: Label[] = [];
  return {
    slot(stage, kind, label) {
      const m = slots[stage * KINDS.length + KIND[kind]];
      let n = m.get(label);
      if (n === undefined) { n = labels.length; m.set(label, n); labels.push({ stage, kind, label }); }
      return n;
    },
    label: (slot) => labels[slot],
    get size() { return labels.length; },
  };
}

/** What one state adds to the map, packed: counts under label numbers, times to next, and what drop-off needs. */
export interface MapPart {
  slots: Int32Array;
  counts: Float64Array;
  /** Pairs of stage index and time to the next stage (ms). */
  times: Float64Array;
  /** The current stage's index when it is before purchase (drop-off can happen), else -1. */
  idleStage: number;
  lastSeen: number;
}

export function mapPart(s: JourneyState, labels: MapLabels): MapPart {
  const slots: number[] = [], counts: number[] = [], times: number[] = [];
  const put = (stage: number, kind: Kind, label: string, n: number) => {
    if (!n) return;
    slots.push(labels.slot(stage, kind, label));
    counts.push(n);
  };
  // Reach and conversion: each stage once, at its first entry, as journey-map.ts stageOutcomes.
  const seen = new Set<number>();
  s.stages.forEach((e, k) => {
    const i = stageIndex(e.stage);
    if (seen.has(i)) return;
    seen.add(i);
    put(i, 'customers', '', 1);
    for (let m = k + 1; m < s.stages.length; m++) {
      if (stageIndex(s.stages[m].stage) > i) { put(i, 'converted', '', 1); times.push(i, s.stages[m].enteredAt - e.enteredAt); break; }
    }
  });
  for (const stage of Object.keys(s.perStage) as Stage[]) {
    const c = s.perStage[stage]!;
    const i = stageIndex(stage);
    for (const k in c.touchpoints) put(i, 'touchpoints', k, c.touchpoints[k]);
    for (const k in c.offSite) put(i, 'offSite', k, c.offSite[k]);
    for (const k in c.actions) put(i, 'actions', k, c.actions[k]);
    for (const ch of c.channels) put(i, 'channels', ch, 1);
    for (const k in c.painPoints) { put(i, 'painPoints', k, c.painPoints[k]); put(i, 'painCustomers', k, 1); }
    for (const k in c.titles ?? {}) put(i, 'titles', `${k}${SEP}${c.titles![k]}`, 1);
    put(i, 'explicitSum', '', c.explicit[0]); put(i, 'explicitCount', '', c.explicit[1]);
    put(i, 'inferredSum', '', c.inferred[0]); put(i, 'inferredCount', '', c.inferred[1]);
  }
  const current = stageIndex(s.currentStage);
  return {
    slots: Int32Array.from(slots), counts: Float64Array.from(counts), times: Float64Array.from(times),
    idleStage: s.lastSeen && current < PURCHASE ? current : -1, lastSeen: s.lastSeen ? Date.parse(s.lastSeen) : 0,
  };
}

export interface MapTally {
  add(p: MapPart): void;
  /** Takes away a part added before. */
  remove(p: MapPart): void;
  /** The journey map of the parts added and not removed, with drop-off as of `asOf` (none without). */
  result(asOf?: number): JourneyMapResult;
}

/** Adds `by` to a key, and drops the key when it reaches zero, so a count that is gone is not listed. */
function shift<K>(m: Map<K, number>, k: K, by: number): void {
  const n = (m.get(k) ?? 0) + by;
  if (n) m.set(k, n); else m.delete(k);
}

export function createMapTally(labels: MapLabels, dropOffDays = DEFAULT_DROP_OFF_DAYS): MapTally {
  let totals = new Float64Array(1024);
  let customers = 0;
  const timesToNext = STAGES.map(() => new Map<number, number>());
  /** Per stage before purchase: how many of the customers now in it were last seen at each time (ms). */
  const lastSeen = STAGES.map(() => new Map<number, number>());

  function apply(p: MapPart, by: 1 | -1) {
    customers += by;
    if (labels.size > totals.length) {
      const grown = new Float64Array(Math.max(labels.size, totals.length * 2));
      grown.set(totals);
      totals = grown;
    }
    const { slots, counts, times } = p;
    for (let k = 0; k < slots.length; k++) totals[slots[k]] += by * counts[k];
    for (let k = 0; k < times.length; k += 2) shift(timesToNext[times[k]], times[k + 1], by);
    if (p.idleStage >= 0) shift(lastSeen[p.idleStage], p.lastSeen, by);
  }

  return {
    add: (p) => apply(p, 1),
    remove: (p) => apply(p, -1),
    result(asOf) {
      const stages: StageState[] = STAGES.map(emptyStage);
      for (let slot = 0; slot < labels.size && slot < totals.length; slot++) {
        const n = totals[slot];
        if (!n) continue;
        const { stage, kind, label } = labels.label(slot);
        const col = stages[stage];
        switch (kind) {
          case 'customers': case 'converted': case 'explicitSum': case 'explicitCount': case 'inferredSum': case 'inferredCount':
            col[kind] = n; break;
          case 'titles': { const t = label.indexOf(SEP); // page keys hold no control characters
            bumpTitle(col.titles, label.slice(0, t), label.slice(t + 1), n); break; }
          default: col[kind].set(label, n);
        }
      }
      const idleSince = asOf === undefined ? -Infinity : asOf - dropOffDays * DAY;
      stages.forEach((col, i) => {
        for (const [ms, n] of timesToNext[i]) for (let k = 0; k < n; k++) col.timesToNext.push(ms);
        let idle = 0;
        for (const [at, n] of lastSeen[i]) if (at < idleSince) idle += n;
        if (idle) { bump(col.painPoints, 'drop_off', idle); bump(col.painCustomers, 'drop_off', idle); }
      });
      const acc = createJourneyMapAccumulator();
      acc.merge({ customers, stages });
      return acc.result();
    },
  };
}
