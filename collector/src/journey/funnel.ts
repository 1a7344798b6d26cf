// Funnels: ordered steps (events, pages, stages or channels), optional steps, strict or loose ordering and
// a conversion window measured from the first step. Each customer gets their best attempt: every
// occurrence of the first step (up to MAX_ATTEMPTS) is tried as an entry, and the attempt that
// gets furthest counts (the earliest among equals).
import { STAGES } from '../../../wire/schema.js';
import { globFor } from './classify-stages.js';
import { median } from './counter.js';
import { pathOf } from './event.js';
import { OptionError } from './option-error.js';
import type { FunnelResult, FunnelStep, Journey, Touchpoint } from './types.js';

export interface FunnelOptions {
  steps: FunnelStep[];
  /**
   * Loose (false, the default): anything may happen between two steps. Strict (true): between two
   * matched steps no touchpoint may match another required step of the funnel.
   */
  strict?: boolean;
  /** Every step must happen within this time of the first step (ms); unlimited by default. */
  windowMs?: number;
  /** Cap on droppedCustomerIds per step (the first ids in id order); 1000 by default. */
  maxDroppedIds?: number;
}

export interface FunnelAccumulator {
  /** `ats`: the touchpoints' times in ms, when the caller has them (else parsed from `at`). */
  add(journey: Journey, ats?: number[]): void;
  /** The counters so far, as plain data (structured-cloneable). */
  state(): FunnelState;
  /** Adds another accumulator's state (same options), as if its journeys had been added after these. */
  merge(other: FunnelState): void;
  result(): FunnelResult;
}

export interface FunnelState { reached: number[]; times: number[][]; dropped: string[][]; droppedCount: number[] }

const MAX_ATTEMPTS = 50;

/**
 * event: the touchpoint's name equals `value`; stage: its stage equals `value`; channel: its
 * channel does (`support`: a support touchpoint; `email`: an email, or a visit that came from one);
 * page: a page view whose path (or full URL when `value` has `://`) matches `value` as a glob
 * (`*` = anything).
 */
export function stepMatcher(step: FunnelStep): (t: Touchpoint) => boolean {
  switch (step.kind) {
    case 'event': return (t) => t.name === step.value;
    case 'stage': return (t) => t.stage === step.value;
    case 'channel': return (t) => t.channel === step.value;
    case 'page': {
      const re = globFor(step.value);
      const full = step.value.includes('://');
      return (t) => t.type === 'page' && re.test((full ? t.url : pathOf(t.url)) ?? '');
    }
    default: throw new OptionError(`funnel: step kind must be "event", "page", "stage" or "channel", got ${JSON.stringify((step as FunnelStep).kind)}`);
  }
}

/**
 * The `n` smallest ids, sorted: which customers are listed must not depend on the order journeys
 * arrive in, which differs between a pass in one thread and one split across workers.
 */
const firstIds = (ids: string[], n: number): string[] => ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, n);

/** Per step, the index of the matched touchpoint or -1; stops at the first required step missed. */
type Attempt = number[];

function validate(opts: FunnelOptions): void {
  const { steps } = opts;
  if (!Array.isArray(steps) || steps.length === 0) throw new OptionError('funnel: give at least one step, e.g. [{ kind: "page", value: "/pricing" }]');
  if (steps[0].optional) throw new OptionError('funnel: the first step cannot be optional; it is where customers enter the funnel');
  steps.forEach((s, i) => {
    if (typeof s.value !== 'string' || !s.value) throw new OptionError(`funnel: steps[${i}].value must be a non-empty string`);
    if (s.kind === 'stage' && !(STAGES as readonly string[]).includes(s.value)) throw new OptionError(`funnel: steps[${i}].value must be one of ${STAGES.join(', ')} for a stage step, got "${s.value}"`);
  });
  if (opts.windowMs !== undefined && !(opts.windowMs > 0)) throw new OptionError(`funnel: windowMs must be a positive number of milliseconds, got ${opts.windowMs}`);
}

export function createFunnelAccumulator(opts: FunnelOptions): FunnelAccumulator {
  validate(opts);
  const steps = opts.steps;
  const match = steps.map(stepMatcher);
  const required = steps.map((s) => !s.optional);
  const windowMs = opts.windowMs ?? Infinity;
  const maxIds = opts.maxDroppedIds ?? 1000;
  const reached = steps.map(() => 0);
  const times = steps.map(() => [] as number[]);
  const dropped = steps.map(() => [] as string[]);
  const droppedCount = steps.map(() => 0);

  /** For an optional step, the next required one (-1 for a required step, or none after). */
  const nextRequiredOf = required.map((r, k) => (r ? -1 : required.indexOf(true, k + 1)));

  /** In strict mode, does touchpoint t break the path while looking for step k after step prev? */
  const breaks = (t: Touchpoint, k: number, prev: number) =>
    opts.strict === true && match.some((m, s) => s !== k && s !== prev && required[s] && m(t));

  function attempt(tps: Touchpoint[], ats: number[], entry: number): Attempt {
    const got: Attempt = steps.map(() => -1);
    got[0] = entry;
    let prevIdx = entry, prevStep = 0;
    for (let k = 1; k < steps.length; k++) {
      const nextRequired = nextRequiredOf[k];
      let found = -1;
      for (let i = prevIdx + 1; i < tps.length && ats[i] - ats[entry] <= windowMs; i++) {
        if (match[k](tps[i])) { found = i; break; }
        if (nextRequired >= 0 && match[nextRequired](tps[i])) break; // an optional step counts only before the next required one
        if (breaks(tps[i], k, prevStep)) break;
      }
      if (found >= 0) { got[k] = found; prevIdx = found; prevStep = k; } else if (required[k]) break;
    }
    return got;
  }

  const score = (a: Attempt) => {
    let last = 0, found = 0;
    for (let k = 0; k < a.length; k++) if (a[k] >= 0) { found++; if (required[k]) last = k; }
    return last * 1000 + found;
  };
  const complete = (a: Attempt) => {
    for (let k = 0; k < a.length; k++) if (a[k] < 0 && required[k]) return false;
    return true;
  };

  return {
    add(j, given) {
      const tps = j.touchpoints;
      const ats = given ?? tps.map((t) => Date.parse(t.at));
      let best: Attempt | null = null, bestScore = -1;
      let tries = 0;
      for (let i = 0; i < tps.length && tries < MAX_ATTEMPTS; i++) {
        if (!match[0](tps[i])) continue;
        tries++;
        const a = attempt(tps, ats, i), sc = score(a);
        if (sc > bestScore) { best = a; bestScore = sc; }
        if (complete(a)) break;
      }
      if (!best) return;
      let prevAt = ats[best[0]];
      let alive = true;
      for (let k = 0; k < steps.length; k++) {
        const i = best[k];
        if (i >= 0 && alive) {
          reached[k]++;
          if (k > 0) times[k].push(ats[i] - prevAt);
          prevAt = ats[i];
        } else if (required[k] && alive) {
          alive = false;
          droppedCount[k]++;
          dropped[k].push(j.customerId);
          if (dropped[k].length >= 2 * maxIds) dropped[k] = firstIds(dropped[k], maxIds);
        }
      }
    },

    state: () => ({ reached, times, dropped, droppedCount }),

    merge(other) {
      other.reached.forEach((n, k) => { reached[k] += n; });
      other.times.forEach((ts, k) => { for (const t of ts) times[k].push(t); });
      other.dropped.forEach((ids, k) => { dropped[k] = firstIds(dropped[k].concat(ids), maxIds); });
      other.droppedCount.forEach((n, k) => { droppedCount[k] += n; });
    },

    result() {
      const entered = reached[0];
      let prevRequired = entered;
      return {
        customers: entered,
        steps: steps.map((s, k) => {
          const base = k === 0 ? entered : prevRequired;
          const r = {
            kind: s.kind,
            value: s.value,
            optional: !!s.optional,
            customers: reached[k],
            conversion: k === 0 ? (entered ? 1 : 0) : base ? Math.round((reached[k] / base) * 10000) / 10000 : 0,
            conversionFromStart: entered ? Math.round((reached[k] / entered) * 10000) / 10000 : 0,
            medianTimeMs: k === 0 ? null : median(times[k]),
            dropOff: required[k] ? droppedCount[k] : 0,
            droppedCustomerIds: firstIds(dropped[k], maxIds),
          };
          if (required[k]) prevRequired = reached[k];
          return r;
        }),
      };
    },
  };
}

export function funnel(journeys: Iterable<Journey>, opts: FunnelOptions): FunnelResult {
  const acc = createFunnelAccumulator(opts);
  for (const j of journeys) acc.add(j);
  return acc.result();
}
