// What a comparison needs (stage-sample.ts), taken from journey states instead of built journeys:
// the read side compares from the states it keeps, and a state holds each stage's timeline
// entries, emotion sums and pain point counts per customer, which is all a stage sample uses.
import { STAGES } from '../../../wire/schema.js';
import { stageIndex } from '../journey/build-journey.js';
import { dropsOff, type JourneyState } from '../journey/journey-state.js';
import { EMOTION_SCALE } from '../journey/journey-map.js';
import type { StageSample } from './stage-sample.js';

export interface StateSampler {
  add(state: JourneyState): void;
  result(): StageSample[];
}

/** `asOf`: the time drop-off is judged at (a pain point that depends on "now"), as the journey map judges it. */
export function createStateSampler(asOf?: number): StateSampler {
  const stages: StageSample[] = STAGES.map((stage) => ({ stage, customers: 0, converted: 0, timesToNext: [], explicit: [], inferred: [], painPoints: new Map() }));
  const met = (i: number, kind: string) => { const m = stages[i].painPoints; m.set(kind, (m.get(kind) ?? 0) + 1); };
  return {
    add(s) {
      // As stageOutcomes (journey-map.ts): each stage once, at its first entry, converted when a later entry is further on.
      const seen = new Set<number>();
      s.stages.forEach((e, k) => {
        const i = stageIndex(e.stage);
        if (seen.has(i)) return;
        seen.add(i);
        const col = stages[i];
        col.customers++;
        for (let m = k + 1; m < s.stages.length; m++) {
          if (stageIndex(s.stages[m].stage) > i) { col.converted++; col.timesToNext.push(s.stages[m].enteredAt - e.enteredAt); break; }
        }
      });
      for (const [stage, c] of Object.entries(s.perStage)) {
        const i = stageIndex(stage as JourneyState['currentStage']);
        if (c!.explicit[1]) stages[i].explicit.push([c!.explicit[0] / EMOTION_SCALE, c!.explicit[1]]);
        if (c!.inferred[1]) stages[i].inferred.push([c!.inferred[0] / EMOTION_SCALE, c!.inferred[1]]);
        for (const [kind, n] of Object.entries(c!.painPoints)) if (n > 0) met(i, kind);
      }
      if (dropsOff(s, asOf)) met(stageIndex(s.currentStage), 'drop_off');
    },
    result: () => stages,
  };
}
