// Friction: the touchpoints over-represented just before customers struggle (drop off, or answer
// a survey negatively) relative to the same moment in journeys that move on. Lift = the share of
// struggling journeys with the touchpoint in their last few touches ÷ the share of journeys that
// moved on with it in their last few touches before the move; above 1 means "seen more often
// right before trouble", and the ranking says what to look at first.
import { percentileIntervals, resampleCounts } from './bootstrap.js';
import { encodePaths, type EncodedPaths } from './encode.js';
import type { TransitionPath } from './paths.js';
import { keyLabel } from './touchpoint-keys.js';

export interface FrictionPoint {
  key: string;
  label: string;
  lift: number;
  low: number;
  high: number;
  /** Struggling journeys with the touchpoint just before the trouble. */
  journeys: number;
}

export interface Friction {
  /** Journeys that struggled (dropped off or answered negatively) and journeys that moved on without trouble. */
  struggled: number;
  movedOn: number;
  touchpoints: FrictionPoint[];
}

export interface FrictionOptions {
  /** How many touches before the moment count as "just before"; 3 by default. */
  window?: number;
  /** Touchpoints seen before fewer struggles than this are left out; 5 by default. */
  minJourneys?: number;
  resamples?: number;
  seed?: number;
  level?: number;
  maxKeys?: number;
}

/** Per path: its group (struggled, moved on, or neither) and the keys just before its moment. */
function windows(e: EncodedPaths, size: number): { group: 'struggled' | 'moved' | null; keys: number[] }[] {
  return e.paths.map((p) => {
    const until = p.struggleAt ?? (p.moved ? p.endAt : null);
    if (until === null) return { group: null, keys: [] };
    const before: number[] = [];
    for (let i = 0; i < p.seq.length; i++) if (p.times[i] <= until) before.push(p.seq[i]);
    return { group: p.struggleAt !== null ? 'struggled' : 'moved', keys: [...new Set(before.slice(-size))] };
  });
}

function lifts(win: ReturnType<typeof windows>, keys: number, weights?: ArrayLike<number>): { lift: number[]; struggled: number[] } {
  const s = new Array<number>(keys).fill(0);
  const m = new Array<number>(keys).fill(0);
  let ns = 0, nm = 0;
  win.forEach((w, i) => {
    const c = weights ? weights[i] : 1;
    if (w.group === null || c === 0) return;
    if (w.group === 'struggled') { ns += c; for (const k of w.keys) s[k] += c; }
    else { nm += c; for (const k of w.keys) m[k] += c; }
  });
  // Half a journey added to each count keeps a touchpoint no mover saw from dividing by zero.
  return { lift: s.map((x, k) => ((x + 0.5) / (ns + 1)) / ((m[k] + 0.5) / (nm + 1))), struggled: s };
}

export function friction(paths: readonly TransitionPath[], o: FrictionOptions = {}): Friction {
  const e = encodePaths(paths, o.maxKeys ?? 40);
  const win = windows(e, o.window ?? 3);
  const k = e.keys.length;
  const point = lifts(win, k);
  const draws = resampleCounts(e.paths.length, o.resamples ?? 100, o.seed ?? 1).map((w) => lifts(win, k, w).lift);
  const intervals = draws.length ? percentileIntervals(draws, k, o.level ?? 0.95) : point.lift.map((l) => ({ low: l, high: l }));
  const touchpoints = e.keys
    .map((key, i) => ({ key, label: keyLabel(key), lift: point.lift[i], low: Math.min(intervals[i].low, point.lift[i]), high: Math.max(intervals[i].high, point.lift[i]), journeys: point.struggled[i] }))
    .filter((t) => t.journeys >= (o.minJourneys ?? 5))
    .sort((a, b) => b.lift - a.lift || (a.key < b.key ? -1 : 1));
  return { struggled: win.filter((w) => w.group === 'struggled').length, movedOn: win.filter((w) => w.group === 'moved').length, touchpoints };
}
