// What a comparison needs (stage-sample.ts), taken from journey states instead of built journeys:
// the read side compares from the states it keeps, and a state holds each stage's timeline
// entries, emotion sums and pain point counts per customer, which is all a stage sample uses.
import { STAGES, type Stage } from '../../../wire/schema.js';
import { dropsOff, type JourneyState } from '../journey/journey-state.js';
import { EMOTION_SCALE } from '../journey/journey-map.js';
import type { StageSample } from './stage-sample.js';

export interface StateSampler {
  add(state: JourneyState): void;
  result(): StageSample[];
}

const INDEX: Record<string, number> = Object.fromEntries(STAGES.map((s, i) => [s, i]));

/** `asOf`: the time drop-off is judged at (a pain point that depends on "now"), as the journey map judges it. */
export function createStateSampler(asOf?: number): StateSampler {
  const stages: StageSample[] = STAGES.map((stage) => ({ stage, customers: 0, converted: 0, timesToNext: [], explicit: [], inferred: [], painPoints: new Map() }));
  const met = (i: number, kind: string) => { const m = stages[i].painPoints; m.set(kind, (m.get(kind) ?? 0) + 1); };
  // Plain loops and a bit set: this runs once per customer per side, 500,000 times for a large comparison.
  return {
    add(s) {
      // As stageOutcomes (journey-map.ts): each stage once, at its first entry, converted when a later entry is further on.
      const entries = s.stages;
      let seen = 0;
      for (let k = 0; k < entries.length; k++) {
        const i = INDEX[entries[k].stage];
        if (seen & (1 << i)) continue;
        seen |= 1 << i;
        const col = stages[i];
        col.customers++;
        for (let m = k + 1; m < entries.length; m++) {
          if (INDEX[entries[m].stage] > i) { col.converted++; col.timesToNext.push(entries[m].enteredAt - entries[k].enteredAt); break; }
        }
      }
      for (const stage in s.perStage) {
        const c = s.perStage[stage as Stage]!;
        const col = stages[INDEX[stage]];
        if (c.explicit[1]) col.explicit.push([c.explicit[0] / EMOTION_SCALE, c.explicit[1]]);
        if (c.inferred[1]) col.inferred.push([c.inferred[0] / EMOTION_SCALE, c.inferred[1]]);
        for (const kind in c.painPoints) if (c.painPoints[kind] > 0) met(INDEX[stage], kind);
      }
      if (dropsOff(s, asOf)) met(INDEX[s.currentStage], 'drop_off');
    },
    result: () => stages,
  };
}
