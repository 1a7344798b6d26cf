// Annotations as comparison boundaries: the journey map after a change (A) against before it (B).
import { filterQuery, type UiFilters } from './filters.js';

const DAY = 86_400_000;
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - DAY).toISOString().slice(0, 10);

/**
 * `/map?from=<day>&to=<last>&compareFrom=<first>&compareTo=<day before>`: the range's days from
 * the annotation on (A) against its days before it (B). The range is the filters' from/to, else
 * the first and last day with data. Null when the day does not split the range in two.
 */
export function beforeAfterHref(f: UiFilters, day: string, data: { first?: string; last?: string }): string | null {
  const first = f.from ?? data.first;
  const last = f.to ?? data.last;
  if (!first || !last || day <= first || day > last) return null;
  return `/map${filterQuery({ ...f, from: day, to: last, compareFrom: first, compareTo: dayBefore(day) })}`;
}
