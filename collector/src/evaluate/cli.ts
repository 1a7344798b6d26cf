// `npm run evaluate -- <what>`: evaluations of Waymark's models against simulated truth.
//   journeys [--seeds 1,2,3] [--people 2000]   lifecycle stages, pain points, sessions, identity
//   compare [--seeds 100] [--people 4000]      period comparison: a known change flagged, no others
//   attribution [--seeds 1,2,3] [--people 8000] [--exposure equal|varied|both] [--jobs N]  models against known effects
//   prediction [--seeds 1,2,3] [--people 8000] [--db FILE]   churn and next-stage models against both baselines
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { attributionReport, attributionSeed, type AttributionOutcome } from './attribution.js';
import type { Exposure } from '../simulate/index.js';
import { compareReport, compareSeed, type CompareOutcome } from './compare.js';
import { pool, scoreSeed } from './journeys.js';
import { budgetChecks, budgetLines, closingLine, scoreTable } from './report.js';
import { prediction } from './prediction-cli.js';

const USAGE = 'usage: npm run evaluate -- journeys [--seeds 1,2,3] [--people 2000]\n       npm run evaluate -- compare [--seeds 100] [--people 4000] [--jobs N]\n       npm run evaluate -- attribution [--seeds 1,2,3] [--people 8000] [--exposure equal|varied|both] [--jobs N]\n       npm run evaluate -- prediction [--seeds 1,2,3] [--people 8000] [--db FILE | --store]';
const LATER: string[] = [];
/** A fixed "now", so every run of one seed gives the same figures. */
const NOW = Date.parse('2026-12-01T12:00:00.000Z');

function journeys(args: string[]): number {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, people: { type: 'string' } } });
  const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
  const people = Number(values.people ?? 2000);
  if (seeds.some((s) => !Number.isInteger(s)) || !Number.isInteger(people) || people <= 0) {
    console.error(`evaluate: --seeds takes whole numbers separated by commas and --people a positive whole number\n${USAGE}`);
    return 2;
  }
  const now = NOW;
  const tty = process.stderr.isTTY;
  const scores = seeds.map((seed, i) => {
    const progress = (done: number) => {
      if (tty && (done % 50 === 0 || done === people)) process.stderr.write(`\rseed ${seed} (${i + 1}/${seeds.length}): simulated ${done}/${people} people`);
    };
    const started = performance.now();
    const s = scoreSeed({ seed, people, now, onPerson: progress });
    if (tty) process.stderr.write(`\r\x1b[K`);
    process.stderr.write(`seed ${seed}: ${s.events} events reconstructed and scored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return s;
  });
  for (const s of scores) console.log([...scoreTable(s, `seed ${s.seed}`), ''].join('\n'));
  const all = pool(scores);
  console.log([...scoreTable(all, `all seeds (${seeds.join(', ')})`), '', ...budgetLines(budgetChecks(all)), ''].join('\n'));
  console.log(closingLine(all));
  return 0;
}

/** The broken checkout's failure chance: a first order fails at payment 16 % of the time, about 8 points of purchase conversion. */
const CHECKOUT_FAILURE = 0.16;

/** Seeds run in child processes (one per core), each simulating and comparing whole populations. */
async function compare(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, people: { type: 'string' }, jobs: { type: 'string' } } });
  const seeds = Number(values.seeds ?? 100);
  const people = Number(values.people ?? 4000);
  const jobs = Math.min(seeds, Number(values.jobs ?? availableParallelism()));
  if (![seeds, people, jobs].every((n) => Number.isInteger(n) && n > 0)) {
    console.error(`evaluate: --seeds, --people and --jobs take positive whole numbers\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const outcomes: CompareOutcome[] = [];
  let next = 1;
  await Promise.all(Array.from({ length: jobs }, () => new Promise<void>((resolve, reject) => {
    const child = fork(process.argv[1], ['compare-worker', String(people)]);
    const give = () => (next <= seeds ? child.send(next++) : child.disconnect());
    child.on('message', (o: CompareOutcome) => {
      outcomes.push(o);
      process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}compared ${outcomes.length}/${seeds} seeds (2 × ${people} people each), ${((performance.now() - started) / 1000).toFixed(0)} s${process.stderr.isTTY ? '' : '\n'}`);
      give();
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`evaluate compare: a worker exited with ${code}`))));
    give();
  })));
  if (process.stderr.isTTY) process.stderr.write('\n');
  outcomes.sort((a, b) => a.seed - b.seed);
  console.log(compareReport(outcomes).join('\n'));
  return 0;
}

function compareWorker(people: number): void {
  process.on('message', (seed: number) => process.send!(compareSeed({ seed, people, now: NOW, days: 365, checkoutFailure: CHECKOUT_FAILURE })));
  process.on('disconnect', () => process.exit(0));
}

const EXPOSURES = ['equal', 'varied'] as const;

/**
 * One population per exposure regime and seed, simulated with persuasion pages of known effect
 * (simulate/persuasion.ts), each in a child process (one per core) like compare's seeds.
 */
async function attribution(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, people: { type: 'string' }, exposure: { type: 'string' }, jobs: { type: 'string' } } });
  const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
  const people = Number(values.people ?? 8000);
  const exposure = values.exposure ?? 'both';
  const jobs = Number(values.jobs ?? availableParallelism());
  if (seeds.some((s) => !Number.isInteger(s)) || !Number.isInteger(people) || people <= 0 || !Number.isInteger(jobs) || jobs <= 0 || !['equal', 'varied', 'both'].includes(exposure)) {
    console.error(`evaluate: --seeds takes whole numbers separated by commas, --people and --jobs positive whole numbers, --exposure equal, varied or both\n${USAGE}`);
    return 2;
  }
  const populations = (exposure === 'both' ? EXPOSURES : [exposure as Exposure]).flatMap((e) => seeds.map((seed) => ({ seed, exposure: e, people })));
  const started = performance.now();
  const outcomes: AttributionOutcome[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, populations.length) }, () => new Promise<void>((resolve, reject) => {
    const child = fork(process.argv[1], ['attribution-worker']);
    const give = () => (next < populations.length ? child.send(populations[next++]) : child.disconnect());
    child.on('message', (o: AttributionOutcome) => {
      outcomes.push(o);
      process.stderr.write(`${o.exposure} exposure, seed ${o.seed}: ${people} people simulated, rebuilt and attributed (${outcomes.length}/${populations.length}, ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
      give();
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`evaluate attribution: a worker exited with ${code}`))));
    give();
  })));
  const order = (o: AttributionOutcome) => populations.findIndex((p) => p.seed === o.seed && p.exposure === o.exposure);
  outcomes.sort((a, b) => order(a) - order(b));
  console.log(attributionReport(outcomes).join('\n'));
  process.stderr.write(`${populations.length} populations of ${people} people in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return 0;
}

function attributionWorker(): void {
  process.on('message', (p: { seed: number; exposure: Exposure; people: number }) => process.send!(attributionSeed({ ...p, now: NOW })));
  process.on('disconnect', () => process.exit(0));
}

async function main(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === 'journeys') return journeys(rest);
  if (what === 'compare') return compare(rest);
  if (what === 'attribution') return attribution(rest);
  if (what === 'attribution-worker') { attributionWorker(); return new Promise(() => {}); }
  if (what === 'prediction') return prediction(rest, NOW, USAGE);
  if (what === 'compare-worker') { compareWorker(Number(rest[0])); return new Promise(() => {}); }
  if (LATER.includes(what)) {
    console.error(`evaluate ${what}: not built yet`);
    return 2;
  }
  console.error(`evaluate: unknown evaluation "${what ?? ''}"; have: journeys, compare, attribution, prediction (later: ${LATER.join(', ')})\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; });
