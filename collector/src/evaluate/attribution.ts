// `npm run evaluate -- attribution`: do the attribution models find the touchpoints that truly
// move customers on? Each population is simulated with persuasion pages (simulate/persuasion.ts):
// half of them raise the chance of buying in the visit they are read, by known amounts, and half
// do nothing; every page is read with the same chance (exposure `equal`), or some far more often
// than others (`varied`, drawn apart from the effects). The journeys are rebuilt by the collector's
// pipeline, and each model's credits for consideration>purchase are compared with the true
// effects: Spearman's rank correlation over the persuasion pages, and how many of the true top 5
// are among the model's top 5 of those pages.
//
// The truth is what the simulator hands out, never anything the attribution code computes.
import { attribute, MODELS, parseTransition, transitionPaths, type Model } from '../attribution/index.js';
import { isBot } from '../journey/bots.js';
import { arrivalOrder, persuasion, PERSUASION_PAGES, simulate, type Emitted, type Exposure } from '../simulate/index.js';
import { reconstruct } from './journeys.js';

export const TRANSITION = 'consideration>purchase';

export interface AttributionOutcome {
  seed: number;
  exposure: Exposure;
  journeys: number;
  moved: number;
  events: number;
  effects: Record<string, number>;
  exposures: Record<string, number>;
  /** Per model: its rank correlation with the true effects, and how many of the true top 5 it ranks in its top 5. */
  models: Record<Model, { correlation: number; top5: number; credits: Record<string, number> }>;
}

/** Ranks from 1, ties sharing their mean rank. */
function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation (Pearson's on the ranks); 0 when either side has no spread. */
export function spearman(a: number[], b: number[]): number {
  const ra = ranks(a), rb = ranks(b);
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(ra), mb = mean(rb);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/** How many of the true top `n` (by effect, effect > 0) are in the top `n` by credit. */
export function topRecovered(effects: number[], credits: number[], n = 5): number {
  const top = (x: number[]) => new Set(x.map((v, i) => [v, i]).sort((p, q) => q[0] - p[0]).slice(0, n).map(([, i]) => i));
  const truth = top(effects);
  return [...top(credits)].filter((i) => truth.has(i) && effects[i] > 0).length;
}

export function attributionSeed(o: { seed: number; people: number; now: number; days?: number; exposure?: Exposure }): AttributionOutcome {
  const truth = persuasion({ seed: o.seed, exposure: o.exposure });
  const emitted: Emitted[] = [];
  for (const p of simulate({ people: o.people, seed: o.seed, now: o.now, days: o.days, persuasion: truth })) emitted.push(...p.events);
  const arrived = arrivalOrder(emitted, o.seed).filter((e) => !isBot(e.context?.userAgent));
  const paths = transitionPaths(reconstruct(arrived, o.now), parseTransition(TRANSITION));
  const a = attribute(paths, { resamples: 0 });
  const pages = PERSUASION_PAGES.map((p) => `page:${p}`);
  const effects = PERSUASION_PAGES.map((p) => truth.effects[p]);
  const models = Object.fromEntries(MODELS.map((m) => {
    const byKey = new Map(a.models[m].map((t) => [t.key, t.credit]));
    // A page no path holds (or one merged into "(other)") has no credit of its own.
    const credits = pages.map((k) => byKey.get(k) ?? 0);
    return [m, { correlation: spearman(credits, effects), top5: topRecovered(effects, credits), credits: Object.fromEntries(pages.map((k, i) => [k, credits[i]])) }];
  })) as AttributionOutcome['models'];
  return { seed: o.seed, exposure: o.exposure ?? 'equal', journeys: a.journeys, moved: a.moved, events: arrived.length, effects: truth.effects, exposures: truth.exposures, models };
}

const two = (x: number) => x.toFixed(2);
const LABEL: Record<Model, string> = { markov: 'markov', first: 'first-touch', last: 'last-touch', linear: 'linear', time_decay: 'time-decay', position: 'position' };

/** The budgets, per population: markov's rank correlation, its lead over last-touch, the true top 5 it finds. */
export const ATTRIBUTION_BUDGETS = { correlation: 0.8, aboveLast: 0.2, top5: 4 } as const;

function budgetsMet(o: AttributionOutcome) {
  const m = o.models.markov;
  return {
    correlation: m.correlation >= ATTRIBUTION_BUDGETS.correlation,
    aboveLast: m.correlation - o.models.last.correlation >= ATTRIBUTION_BUDGETS.aboveLast,
    top5: m.top5 >= ATTRIBUTION_BUDGETS.top5,
  };
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function attributionReport(outcomes: AttributionOutcome[]): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    const b = budgetsMet(o);
    lines.push(`${o.exposure} exposure, seed ${o.seed}: ${o.events} events; ${o.journeys} customers entered consideration, ${o.moved} bought`);
    lines.push(`  true effect    ${PERSUASION_PAGES.map((p) => `${p}=${two(o.effects[p])}`).join(' ')}`);
    lines.push(`  read by        ${PERSUASION_PAGES.map((p) => `${p}=${two(o.exposures[p])}`).join(' ')} (chance per evaluating visit)`);
    lines.push(`  ${'model'.padEnd(12)} ${'rank corr'.padStart(9)}  true top 5 found`);
    for (const m of MODELS) lines.push(`  ${LABEL[m].padEnd(12)} ${two(o.models[m].correlation).padStart(9)}  ${o.models[m].top5} of 5`);
    lines.push(`  budgets: markov ≥ 0.80 ${met(b.correlation)}; ≥ last-touch + 0.20 ${met(b.aboveLast)}; ≥ 4 of the true top 5 ${met(b.top5)}`);
    lines.push('');
  }
  const mean = (m: Model) => outcomes.reduce((s, o) => s + o.models[m].correlation, 0) / outcomes.length;
  const all = outcomes.map(budgetsMet);
  lines.push(`mean over ${outcomes.length} populations: ${MODELS.map((m) => `${LABEL[m]} ${two(mean(m))}`).join(', ')}`);
  lines.push(`budget: markov ≥ 0.80 on each population: ${met(all.every((b) => b.correlation))} (${outcomes.map((o) => two(o.models.markov.correlation)).join(', ')})`);
  lines.push(`budget: markov ≥ last-touch + 0.20 on each population: ${met(all.every((b) => b.aboveLast))} (${outcomes.map((o) => two(o.models.markov.correlation - o.models.last.correlation)).join(', ')})`);
  lines.push(`budget: markov finds ≥ 4 of the true top 5 on each population: ${met(all.every((b) => b.top5))} (${outcomes.map((o) => o.models.markov.top5).join(', ')})`);
  lines.push('');
  lines.push(`markov rank correlation ${two(mean('markov'))} (last-touch ${two(mean('last'))}, first-touch ${two(mean('first'))})`);
  return lines;
}
