// What a comparison needs from a group of journeys: per stage, the units an interval resamples.
// The journey map keeps counters; a comparison keeps one entry per customer instead (their time to
// the next stage, their emotion sums, the pain point kinds they met), because its intervals are
// over customers, the unit that varies between periods, not over touchpoints.
import { stageOutcomes } from '../journey/journey-map.js';
import type { Journey } from '../journey/types.js';
import { STAGES, type Stage } from '../../../wire/schema.js';

/** One customer's emotion points in a stage: their sum and how many. */
export type EmotionUnit = readonly [sum: number, count: number];

export interface StageSample {
  stage: Stage;
  /** Customers who entered the stage. */
  customers: number;
  /** Of those, customers who later entered a further stage. */
  converted: number;
  /** Each converting customer's time from entering the stage to the next (ms). */
  timesToNext: number[];
  explicit: EmotionUnit[];
  inferred: EmotionUnit[];
  /** Per pain point kind, customers who met it in the stage. */
  painPoints: Map<string, number>;
}

export interface StageSampler {
  add(journey: Journey): void;
  result(): StageSample[];
}

const indexOf = new Map<string, number>(STAGES.map((s, i) => [s, i]));

export function createStageSampler(): StageSampler {
  const stages: StageSample[] = STAGES.map((stage) => ({ stage, customers: 0, converted: 0, timesToNext: [], explicit: [], inferred: [], painPoints: new Map() }));
  return {
    add(j) {
      for (const o of stageOutcomes(j)) {
        const s = stages[o.stage];
        s.customers++;
        if (o.timeToNextMs !== null) { s.converted++; s.timesToNext.push(o.timeToNextMs); }
      }
      if (j.emotion.length) {
        const stageOf = new Map(j.touchpoints.map((t) => [t.id, indexOf.get(t.stage)!]));
        const sums = new Map<string, [number, number]>();
        for (const p of j.emotion) {
          const i = stageOf.get(p.touchpointId);
          if (i === undefined) continue;
          const key = `${i}:${p.source}`;
          const u = sums.get(key) ?? [0, 0];
          u[0] += p.score; u[1]++;
          sums.set(key, u);
        }
        for (const [key, u] of sums) {
          const [i, source] = key.split(':');
          (source === 'explicit' ? stages[+i].explicit : stages[+i].inferred).push(u);
        }
      }
      const met = new Set(j.painPoints.map((p) => `${indexOf.get(p.stage)}:${p.kind}`));
      for (const key of met) {
        const [i, kind] = key.split(/:(.*)/s);
        const m = stages[+i].painPoints;
        m.set(kind, (m.get(kind) ?? 0) + 1);
      }
    },
    result: () => stages,
  };
}

export function sampleStages(journeys: Iterable<Journey>): StageSample[] {
  const s = createStageSampler();
  for (const j of journeys) s.add(j);
  return s.result();
}
