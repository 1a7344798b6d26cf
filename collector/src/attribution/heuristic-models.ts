// The rule-based models: how one converting path's single conversion is shared among its touches.
// Each returns [key index, share] pairs whose shares sum to 1 (nothing for an empty path).
import type { EncodedPath } from './encode.js';

export type HeuristicModel = 'first' | 'last' | 'linear' | 'time_decay' | 'position';

export interface HeuristicOptions {
  /** time_decay: a touch this long before the move counts half as much as one at the move. 7 days by default. */
  halfLifeMs?: number;
}

const DAY = 86_400_000;

function weightsOf(p: EncodedPath, model: HeuristicModel, halfLifeMs: number): number[] {
  const n = p.seq.length;
  switch (model) {
    case 'first': return p.seq.map((_, i) => (i === 0 ? 1 : 0));
    case 'last': return p.seq.map((_, i) => (i === n - 1 ? 1 : 0));
    case 'linear': return p.seq.map(() => 1 / n);
    case 'time_decay': {
      const w = p.times.map((at) => Math.pow(2, -Math.max(0, p.endAt - at) / halfLifeMs));
      const sum = w.reduce((s, x) => s + x, 0);
      return w.map((x) => x / sum);
    }
    case 'position': {
      // U-shaped: 40 % to the first touch, 40 % to the last, 20 % shared by the ones between.
      if (n === 1) return [1];
      if (n === 2) return [0.5, 0.5];
      return p.seq.map((_, i) => (i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2)));
    }
  }
}

export function pathShares(p: EncodedPath, model: HeuristicModel, o: HeuristicOptions = {}): [number, number][] {
  if (p.seq.length === 0) return [];
  const w = weightsOf(p, model, o.halfLifeMs ?? 7 * DAY);
  const byKey = new Map<number, number>();
  p.seq.forEach((k, i) => { if (w[i] > 0) byKey.set(k, (byKey.get(k) ?? 0) + w[i]); });
  return [...byKey];
}
