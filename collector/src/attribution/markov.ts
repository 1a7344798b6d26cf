// The data-driven model: a first-order Markov chain over visit steps (start → the touchpoints of
// each visit → moved on or not), and each touchpoint's removal effect, the share of moves the
// chain loses without it, also given per visit that holds the touchpoint (the credit).
//
// Two ways to remove a touchpoint. `drop` is the textbook one (Anderl et al. 2016): whoever would
// have reached it is lost. It credits reach as much as effect: a page everyone passes on the way
// gets a large effect even if it changes nothing. `redistribute` (the default) sends whoever would
// have reached it to the other touchpoints reached from the same place, in their proportions (when
// there are none, to how journeys ended right there; from the start, where nothing ends, on to
// where the removed one led, as from any step that never ends a journey), so a touchpoint that sends people on
// no differently from its alternatives gets ≈ 0, one that moves people more gets > 0, and one that
// puts people off gets < 0. Being first-order, the chain sees an effect only in what a touchpoint
// leads to next: a persuasion whose effect shows several visits later is credited to the visits between.
import type { EncodedPath } from './encode.js';

export type Removal = 'drop' | 'redistribute';

export interface MarkovResult {
  /** The chain's chance of moving on from the start (equals the observed rate). */
  conversion: number;
  /** Per key: 1 − (chance without the key) / conversion; 0 when nothing converts. */
  effects: number[];
  /**
   * Per key: the moves lost without it, per visit that holds it (each visit counted at the share
   * the walker gives the key, as in transitionCounts): how much more likely a visit with the key
   * leads to the move than one where the alternatives take its place. The removal effect alone
   * also grows with how many visits hold the key; this is the part that is the key's own.
   */
  perVisit: number[];
}

/** A path's visit steps: the distinct keys of each visit, in the order first touched. */
export function visitSteps(p: EncodedPath): number[][] {
  const steps: number[][] = [];
  let visit = NaN;
  p.seq.forEach((k, i) => {
    if (p.visits[i] !== visit) {
      visit = p.visits[i];
      steps.push([]);
    }
    const step = steps[steps.length - 1];
    if (!step.includes(k)) step.push(k);
  });
  return steps;
}

/**
 * Transition counts between visit steps: rows 0 (start) and 1..K (keys); columns 0..K-1 keys, K
 * moved on, K+1 not. A visit is one step of the path whatever its keys' order within it, so a
 * page read anywhere in the visit that ends in the move is as close to the move as the last one.
 * The walker stands on one of the step's keys: each visit's weight is shared equally among its
 * distinct keys (a key repeated within it counts once), and each share goes on to the next step's
 * keys, shared the same way, or to how the path ended. Weight flows in and out of every key alike,
 * so the chain's chance of moving on from the start is the observed one.
 */
export function transitionCounts(paths: readonly EncodedPath[], keys: number, weights?: ArrayLike<number>): Float64Array[] {
  const width = keys + 2;
  const flat = new Float64Array((keys + 1) * width);
  contributions(paths, keys).forEach(({ cells, values }, i) => {
    const w = weights ? weights[i] : 1;
    if (w === 0) return;
    for (let c = 0; c < cells.length; c++) flat[cells[c]] += w * values[c];
  });
  return Array.from({ length: keys + 1 }, (_, r) => flat.subarray(r * width, (r + 1) * width));
}

interface Contribution { cells: Uint32Array; values: Float64Array }

/**
 * Each path's own counts (cell = row × (keys + 2) + column), merged per cell: a path's steps are
 * walked once, and each bootstrap resample only weighs them. Kept per array of paths.
 */
const contributionCache = new WeakMap<readonly EncodedPath[], { keys: number; list: Contribution[] }>();

function contributions(paths: readonly EncodedPath[], keys: number): Contribution[] {
  const cached = contributionCache.get(paths);
  if (cached && cached.keys === keys) return cached.list;
  const width = keys + 2;
  // One dense scratch row set, and the cells a path touched, reset after each path.
  const scratch = new Float64Array((keys + 1) * width);
  const touched: number[] = [];
  const add = (row: number, column: number, v: number) => {
    const c = row * width + column;
    if (scratch[c] === 0) touched.push(c);
    scratch[c] += v;
  };
  const list = paths.map((p) => {
    let from: number[] = [-1]; // the start
    for (const step of visitSteps(p)) {
      const share = 1 / from.length / step.length;
      for (const f of from) for (const k of step) add(f + 1, k, share);
      from = step;
    }
    for (const f of from) add(f + 1, p.moved ? keys : keys + 1, 1 / from.length);
    const cells = Uint32Array.from(touched);
    const values = Float64Array.from(cells, (c) => scratch[c]);
    for (const c of touched) scratch[c] = 0;
    touched.length = 0;
    return { cells, values };
  });
  contributionCache.set(paths, { keys, list });
  return list;
}

/**
 * The chance of being absorbed in "moved on" from the start, with `removed` (a key index, or -1)
 * taken out. Solves (I − Q) v = r by Gaussian elimination.
 */
export function conversionFrom(counts: Float64Array[], keys: number, removed = -1, removal: Removal = 'redistribute'): number {
  const n = keys + 1;
  const w = n + 1;
  // Row s of the augmented matrix [I − Q | r], flat: a[s * w + c].
  const a = new Float64Array(n * w);
  const p = new Float64Array(keys + 2);
  for (let s = 0; s < n; s++) {
    a[s * w + s] = 1;
    if (removed >= 0 && s === removed + 1) continue; // the removed state converts nobody
    const row = counts[s];
    let total = 0;
    for (let k = 0; k < row.length; k++) total += row[k];
    if (total <= 0) continue;
    for (let k = 0; k < row.length; k++) p[k] = row[k] / total;
    if (removed >= 0 && p[removed] > 0) redistribute(p, counts, keys, removed, removal);
    for (let k = 0; k < keys; k++) if (p[k] > 0) a[s * w + k + 1] -= p[k];
    a[s * w + n] = p[keys];
  }
  // Gaussian elimination with partial pivoting (rows reordered through `order`), then back substitution.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[order[r] * w + c]) > Math.abs(a[order[pivot] * w + c])) pivot = r;
    [order[c], order[pivot]] = [order[pivot], order[c]];
    const pr = order[c] * w;
    const d = a[pr + c];
    if (Math.abs(d) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const rr = order[r] * w;
      const f = a[rr + c] / d;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) a[rr + k] -= f * a[pr + k];
    }
  }
  const v = new Float64Array(n);
  for (let c = n - 1; c >= 0; c--) {
    const pr = order[c] * w;
    const d = a[pr + c];
    if (Math.abs(d) < 1e-12) { v[c] = 0; continue; } // a closed loop, left after a removal, never converts
    let x = a[pr + n];
    for (let k = c + 1; k < n; k++) x -= a[pr + k] * v[k];
    v[c] = x / d;
  }
  return v[0];
}

/** Row `p` (probabilities: keys, then moved on, then not) with the removed key's share sent elsewhere. */
function redistribute(p: Float64Array, counts: Float64Array[], keys: number, removed: number, removal: Removal): void {
  const lost = p[removed];
  p[removed] = 0;
  let others = 0;
  for (let k = 0; k < keys; k++) others += p[k];
  if (removal === 'drop') p[keys + 1] += lost;
  // To the other touchpoints taken from here, in their proportions.
  else if (others > 0) for (let k = 0; k < keys; k++) p[k] += (lost * p[k]) / others;
  else if (p[keys] + p[keys + 1] > 0) {
    // None: they end as journeys ended right here.
    const ended = p[keys] + p[keys + 1];
    p[keys] += (lost * p[keys]) / ended;
    p[keys + 1] += (lost * p[keys + 1]) / ended;
  } else {
    // Nothing ends here (the start, a step always followed by another): skip the removed one, going where it led (its own loops left out).
    const next = counts[removed + 1];
    let out = 0;
    for (let k = 0; k < next.length; k++) if (k !== removed) out += next[k];
    if (out <= 0) p[keys + 1] += lost;
    else for (let k = 0; k < next.length; k++) if (k !== removed) p[k] += (lost * next[k]) / out;
  }
}

export function removalEffects(paths: readonly EncodedPath[], keys: number, o: { removal?: Removal; weights?: ArrayLike<number> } = {}): MarkovResult {
  const counts = transitionCounts(paths, keys, o.weights);
  const conversion = conversionFrom(counts, keys);
  const effects = Array.from({ length: keys }, (_, k) => (conversion > 0 ? 1 - conversionFrom(counts, keys, k, o.removal) / conversion : 0));
  const sum = (row: Float64Array) => row.reduce((s, x) => s + x, 0);
  const moves = conversion * sum(counts[0]);
  // Weight flows out of a key as it flows in: its row's total is the visits' weight through it.
  const perVisit = effects.map((e, k) => {
    const through = sum(counts[k + 1]);
    return through > 0 ? (e * moves) / through : 0;
  });
  return { conversion, effects, perVisit };
}
