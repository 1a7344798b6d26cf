// Splitting the anonymous ids into ranges of about equal event counts, for a parallel journey
// pass: each store samples its rows its own way, the cut is the same.

/** Anonymous ids from `from` (inclusive) to `to` (exclusive), in the store's (byte) order; null is open. */
export interface AnonRange { from: string | null; to: string | null }

/** `parts` ranges covering every id, cut at evenly spaced ids of `sorted`, a sample of the events' anonymous ids in byte order. */
export function rangesFromSample(sorted: string[], parts: number): AnonRange[] {
  const cuts: string[] = [];
  for (let k = 1; k < parts && sorted.length; k++) {
    const cut = sorted[Math.floor((k * sorted.length) / parts)];
    if (cut !== cuts[cuts.length - 1] && cut !== sorted[0]) cuts.push(cut);
  }
  return [null, ...cuts].map((from, i) => ({ from, to: cuts[i] ?? null }));
}
