// One group of customers against another, stage by stage: conversion to the next stage, median time
// to it, explicit and inferred emotion, and each pain point's rate, each with a − b, a 95 %
// interval, and a flag.
//
// Comparing a map means comparing dozens of cells at once, and at 95 % one in twenty unchanged
// cells would look different by chance. So a cell is flagged only when its interval at the
// Bonferroni-corrected level (1 − 0.05 / cells compared) excludes zero. Bonferroni holds the
// chance of any false flag in the whole map at 5 % whatever the cells' dependence, and gives an
// interval to show for each flag, which step-down procedures (Holm) do not. The shown `low`/`high`
// stay the plain 95 % interval, which is what a reader expects a "95 %" label to mean.
//
// A cell is never flagged when either group has fewer than 10 customers (units) behind it: with
// so few, one customer moves a rate by ten points and the intervals' large-sample footing is gone.
import { median } from '../journey/counter.js';
import { STAGES, type Stage } from '../../../wire/schema.js';
import { bootstrapMedianSe, bootstrapRatioSe, newcombe, orderStatisticMedianSe, zFor, type BootstrapOptions, type Difference } from './intervals.js';
import { seededRandom } from '../seed/random.js';
import type { EmotionUnit, StageSample } from './stage-sample.js';

export interface Cell extends Difference {
  a: number;
  b: number;
  /** The corrected interval excludes zero, and both groups have at least MIN_CUSTOMERS behind the cell. */
  flagged: boolean;
}

export interface PainCell extends Cell { kind: string }

export interface StageComparison {
  stage: Stage;
  customers: { a: number; b: number };
  /** Null where a group has no customers in the stage, or for the last stage. */
  conversion: Cell | null;
  /** Median time to the next stage (ms), of the customers who moved on. */
  medianTime: Cell | null;
  emotion: { explicit: Cell | null; inferred: Cell | null };
  /** Rates: customers of the stage who met the pain point. */
  painPoints: PainCell[];
}

export interface Comparison {
  level: number;
  correction: 'bonferroni';
  /** Cells compared (those with data in both groups): the Bonferroni divisor. */
  cells: number;
  /** The level each flag is judged at: 1 − (1 − level) / cells. */
  flagLevel: number;
  /** Fewer customers than this behind a cell in either group, and it is never flagged. */
  minCustomers: number;
  stages: StageComparison[];
}

export interface CompareOptions {
  /** 0.95 by default. */
  level?: number;
  /** Bootstrap resamples for medians and means; 1000 by default. */
  samples?: number;
  seed?: number;
  /** 10 by default. */
  minCustomers?: number;
}

/** Groups smaller than this are never flagged. */
export const MIN_CUSTOMERS = 10;
/**
 * Above this many units a group's standard error is not bootstrapped in full, which would cost
 * resamples × units: a median's comes from the order statistics around it (what its bootstrap
 * tends to), and a mean's from a bootstrap of a seeded subsample of this size, scaled by
 * √(size / units) (the m-out-of-n bootstrap; a mean shrinks as 1/√n). Point estimates stay the
 * whole group's. It keeps a comparison of 500,000 customers to the cost of one of a thousand.
 */
export const BOOTSTRAP_UNITS = 1000;

const meanOf = (units: readonly EmotionUnit[]): number | null => {
  let sum = 0;
  let count = 0;
  for (const [s, c] of units) { sum += s; count += c; }
  return count ? sum / count : null;
};

/** A cell before its flag is known: its plain and its corrected interval need the same inputs. */
type Pending = { a: number; b: number; at: (z: number) => Difference; smaller: number };

export function compareStages(a: StageSample[], b: StageSample[], o: CompareOptions = {}): Comparison {
  const level = o.level ?? 0.95;
  const boot = { samples: o.samples ?? 1000, seed: o.seed ?? 1 };
  const minCustomers = o.minCustomers ?? MIN_CUSTOMERS;
  const pending: Pending[] = [];
  const cell = (p: Pending | null) => { if (p) pending.push(p); return p; };

  const rate = (kA: number, nA: number, kB: number, nB: number): Pending | null =>
    nA > 0 && nB > 0 ? { a: kA / nA, b: kB / nB, smaller: Math.min(nA, nB), at: (z) => newcombe(Math.min(kA, nA), nA, Math.min(kB, nB), nB, z) } : null;
  /** A median or a mean: the whole group's statistic, and a bootstrap standard error per group (`se`). */
  const booted = <T>(ua: readonly T[], ub: readonly T[], stat: (u: readonly T[]) => number | null, se: SeOf<T>): Pending | null => {
    const sa = ua.length ? stat(ua) : null;
    const sb = ub.length ? stat(ub) : null;
    if (sa === null || sb === null) return null;
    // One standard error serves both levels: the interval is difference ± z·se. The groups are
    // independent, so their standard errors add in quadrature.
    const seA = se(ua, { ...boot, seed: boot.seed * 2 + 1 });
    const seB = se(ub, { ...boot, seed: boot.seed * 2 + 2 });
    const both = Math.sqrt(seA * seA + seB * seB);
    const difference = sa - sb;
    return { a: sa, b: sb, smaller: Math.min(ua.length, ub.length), at: (z) => ({ difference, low: difference - z * both, high: difference + z * both }) };
  };

  const rows = STAGES.map((stage, i) => {
    const sa = a[i];
    const sb = b[i];
    const last = i === STAGES.length - 1;
    const kinds = [...new Set([...sa.painPoints.keys(), ...sb.painPoints.keys()])].sort();
    return {
      stage,
      customers: { a: sa.customers, b: sb.customers },
      conversion: last ? null : cell(rate(sa.converted, sa.customers, sb.converted, sb.customers)),
      medianTime: last ? null : cell(booted(sa.timesToNext, sb.timesToNext, median, medianSe)),
      explicit: cell(booted(sa.explicit, sb.explicit, meanOf, ratioSe)),
      inferred: cell(booted(sa.inferred, sb.inferred, meanOf, ratioSe)),
      painPoints: kinds.map((kind) => ({ kind, p: cell(rate(sa.painPoints.get(kind) ?? 0, sa.customers, sb.painPoints.get(kind) ?? 0, sb.customers)) })),
    };
  });

  const cells = pending.length;
  const flagLevel = 1 - (1 - level) / Math.max(1, cells);
  const z = zFor(level);
  const zFlag = zFor(flagLevel);
  const settle = (p: Pending | null): Cell | null => {
    if (!p) return null;
    const shown = p.at(z);
    const strict = p.at(zFlag);
    return { a: p.a, b: p.b, ...shown, flagged: p.smaller >= minCustomers && (strict.low > 0 || strict.high < 0) };
  };
  return {
    level, correction: 'bonferroni', cells, flagLevel, minCustomers,
    stages: rows.map((r) => ({
      stage: r.stage,
      customers: r.customers,
      conversion: settle(r.conversion),
      medianTime: settle(r.medianTime),
      emotion: { explicit: settle(r.explicit), inferred: settle(r.inferred) },
      painPoints: r.painPoints.flatMap(({ kind, p }) => (p ? [{ kind, ...settle(p)! }] : [])),
    })),
  };
}

/** A bootstrap standard error of one group's statistic. */
type SeOf<T> = (units: readonly T[], o: BootstrapOptions) => number;

const medianSe: SeOf<number> = (units, o) => (units.length > BOOTSTRAP_UNITS ? orderStatisticMedianSe(units) : bootstrapMedianSe(units, o));

const ratioSe: SeOf<EmotionUnit> = (units, o) => {
  const sub = subsample(units, BOOTSTRAP_UNITS, o.seed ?? 1);
  const se = bootstrapRatioSe(Float64Array.from(sub, (u) => u[0]), Float64Array.from(sub, (u) => u[1]), o);
  return se * Math.sqrt(sub.length / units.length);
};

/** At most `size` of the units, drawn without replacement (a partial Fisher–Yates shuffle of a copy). */
function subsample<T>(units: readonly T[], size: number, seed: number): readonly T[] {
  if (units.length <= size) return units;
  const r = seededRandom(seed);
  const pool = units.slice();
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(r.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, size);
}
