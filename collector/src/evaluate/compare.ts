// `npm run evaluate -- compare`: does comparing two periods find a change that truly happened, and
// only that one? Each seed simulates two independent populations with the journey simulator: one
// "before", whose checkout is broken (a first order fails at payment with some chance and the
// person gives up), and one "after", where it works. Both are reconstructed by the collector's
// pipeline and compared stage by stage.
//
// The truth comes from the simulator, not from the comparison: the broken checkout changes only
// consideration's conversion (and its drop-off rate, the same fact counted the other way). The
// people it stops are a random draw of those about to buy, so every other cell (later stages'
// conversion, times, emotions and pain point rates; earlier stages' everything) has the same true
// value in both periods, and a flag there is a false flag.
import { compareStages, type Cell, type Comparison } from '../compare/compare.js';
import { sampleStages } from '../compare/stage-sample.js';
import { isBot } from '../journey/bots.js';
import { arrivalOrder, simulate, type Emitted } from '../simulate/index.js';
import { STAGES, type Stage } from '../../../wire/schema.js';
import { reconstruct } from './journeys.js';

export const CHANGED_STAGE: Stage = 'purchase';

export interface CompareOutcome {
  seed: number;
  /** The true conversion from consideration in each period, from the agents' own record. */
  trueConversion: { before: number; after: number };
  changed: Cell;
  /** Unchanged cells compared, and how many were flagged. */
  unchanged: number;
  falseFlags: string[];
  cells: number;
}

function population(seed: number, people: number, now: number, days: number, checkoutFailure: number) {
  const emitted: Emitted[] = [];
  let entered = 0;
  let converted = 0;
  for (const p of simulate({ people, seed, now, days, checkoutFailure })) {
    emitted.push(...p.events);
    const stages = p.truth.stageEntries.map((e) => e.stage);
    const at = stages.indexOf(CHANGED_STAGE);
    if (at < 0) continue;
    entered++;
    if (stages.slice(at).some((s) => STAGES.indexOf(s) > STAGES.indexOf(CHANGED_STAGE))) converted++;
  }
  const arrived = arrivalOrder(emitted, seed).filter((e) => !isBot(e.context?.userAgent));
  return { journeys: reconstruct(arrived, now), trueConversion: entered ? converted / entered : 0 };
}

/** Every cell of a comparison with a name, e.g. `purchase conversion`, `retention pain loop`. */
export function namedCells(c: Comparison): [string, Cell][] {
  return c.stages.flatMap((s) => [
    ...(s.conversion ? [[`${s.stage} conversion`, s.conversion] as [string, Cell]] : []),
    ...(s.medianTime ? [[`${s.stage} median time to next`, s.medianTime] as [string, Cell]] : []),
    ...(s.emotion.explicit ? [[`${s.stage} explicit emotion`, s.emotion.explicit] as [string, Cell]] : []),
    ...(s.emotion.inferred ? [[`${s.stage} inferred emotion`, s.emotion.inferred] as [string, Cell]] : []),
    ...s.painPoints.map((p) => [`${s.stage} pain ${p.kind}`, p] as [string, Cell]),
  ]);
}

export function compareSeed(o: { seed: number; people: number; now: number; days: number; checkoutFailure: number }): CompareOutcome {
  const before = population(o.seed * 2 + 1, o.people, o.now, o.days, o.checkoutFailure);
  const after = population(o.seed * 2 + 2, o.people, o.now, o.days, 0);
  const c = compareStages(sampleStages(after.journeys), sampleStages(before.journeys), { seed: o.seed });
  const cells = namedCells(c);
  const changed = cells.find(([name]) => name === `${CHANGED_STAGE} conversion`)![1];
  const same = cells.filter(([name]) => name !== `${CHANGED_STAGE} conversion` && name !== `${CHANGED_STAGE} pain drop_off`);
  return {
    seed: o.seed,
    trueConversion: { before: before.trueConversion, after: after.trueConversion },
    changed,
    unchanged: same.length,
    falseFlags: same.filter(([, cell]) => cell.flagged).map(([name]) => name),
    cells: c.cells,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function compareReport(outcomes: CompareOutcome[]): string[] {
  const flagged = outcomes.filter((o) => o.changed.flagged && o.changed.difference > 0).length;
  const unchanged = outcomes.reduce((s, o) => s + o.unchanged, 0);
  const falseFlags = outcomes.reduce((s, o) => s + o.falseFlags.length, 0);
  const mean = (f: (o: CompareOutcome) => number) => outcomes.reduce((s, o) => s + f(o), 0) / outcomes.length;
  const byName = new Map<string, number>();
  for (const o of outcomes) for (const n of o.falseFlags) byName.set(n, (byName.get(n) ?? 0) + 1);
  return [
    `seeds: ${outcomes.length}; cells compared per seed: ${Math.round(mean((o) => o.cells))} (Bonferroni: each flag judged at ${(100 - 5 / mean((o) => o.cells)).toFixed(2)}%)`,
    `true ${CHANGED_STAGE} conversion: before ${pct(mean((o) => o.trueConversion.before))}, after ${pct(mean((o) => o.trueConversion.after))} (+${((mean((o) => o.trueConversion.after - o.trueConversion.before)) * 100).toFixed(1)} points)`,
    `measured: before ${pct(mean((o) => o.changed.b))}, after ${pct(mean((o) => o.changed.a))}; mean 95% interval of the difference ${pct(mean((o) => o.changed.low))} to ${pct(mean((o) => o.changed.high))}`,
    `changed cell flagged: ${flagged} of ${outcomes.length} seeds (budget ≥ 90%)`,
    `unchanged cells flagged: ${falseFlags} of ${unchanged} (${pct(unchanged ? falseFlags / unchanged : 0)}; budget ≤ 5%)${byName.size ? `: ${[...byName].map(([n, k]) => `${n} ×${k}`).join(', ')}` : ''}`,
    '',
    `flagged the change in ${flagged} of ${outcomes.length} seeds; false flags ${(unchanged ? (falseFlags / unchanged) * 100 : 0).toFixed(1)}%`,
  ];
}
