// The `compare` part of an answer: the request's period (side a) against the comparison period
// (side b), with the same other filters, and which periods those were.
import { filtersSide } from '../compare/compare-sides.js';
import type { JourneyFilters } from '../journey/filters.js';
import type { ReadService } from '../read/service.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** `to` exclusive; null where the period is open. */
const period = (f: JourneyFilters) => ({ from: iso(f.from), to: iso(f.to) });

export async function compareAnswer(service: ReadService, a: JourneyFilters, b: JourneyFilters) {
  const { meta: _meta, ...c } = await service.compare(filtersSide(a), filtersSide(b));
  return { a: period(a), b: period(b), ...c };
}
