// GET /v1/attribution?transition=consideration>purchase&model=markov: one model's credits per
// touchpoint for one stage transition, with the journeys behind each and a bootstrap interval.
import { z } from 'zod';
import { MODELS, type Model } from '../attribution/index.js';
import { OptionError } from '../journey/index.js';
import type { JourneyFilters, ReadService } from '../read/service.js';

const AttributionQuery = z.object({
  transition: z.string({ message: 'is required, as <from>><to>, e.g. consideration>purchase' }),
  model: z.enum(MODELS, { message: `must be one of ${MODELS.join(', ')}` }).default('markov'),
});

export interface AttributionAnswer {
  transition: string;
  model: Model;
  /** Journeys that entered the transition's first stage, and how many of them moved on. */
  journeys: number;
  moved: number;
  touchpoints: { key: string; label: string; credit: number; low: number; high: number; journeys: number }[];
}

export async function attributionAnswer(service: ReadService, query: Record<string, string>, f: JourneyFilters): Promise<AttributionAnswer> {
  const q = AttributionQuery.safeParse(query);
  if (!q.success) throw new OptionError(q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const c = await service.criticalTouchpoints(q.data.transition, f);
  return { transition: c.transition, model: q.data.model, journeys: c.journeys, moved: c.moved, touchpoints: c.models[q.data.model] };
}
