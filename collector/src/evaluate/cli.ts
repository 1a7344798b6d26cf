// `npm run evaluate -- <what>`: evaluations of Waymark's models against simulated truth.
//   journeys [--seeds 1,2,3] [--people 2000]   lifecycle stages, pain points, sessions, identity
// Later: prediction, compare, attribution.
import { parseArgs } from 'node:util';
import { pool, scoreSeed } from './journeys.js';
import { budgetChecks, budgetLines, closingLine, scoreTable } from './report.js';

const USAGE = 'usage: npm run evaluate -- journeys [--seeds 1,2,3] [--people 2000]';
const LATER = ['prediction', 'compare', 'attribution'];

function journeys(args: string[]): number {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, people: { type: 'string' } } });
  const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
  const people = Number(values.people ?? 2000);
  if (seeds.some((s) => !Number.isInteger(s)) || !Number.isInteger(people) || people <= 0) {
    console.error(`evaluate: --seeds takes whole numbers separated by commas and --people a positive whole number\n${USAGE}`);
    return 2;
  }
  // A fixed "now", so every run of one seed gives the same figures.
  const now = Date.parse('2026-12-01T12:00:00.000Z');
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

function main(argv: string[]): number {
  const [what, ...rest] = argv;
  if (what === 'journeys') return journeys(rest);
  if (LATER.includes(what)) {
    console.error(`evaluate ${what}: not built yet`);
    return 2;
  }
  console.error(`evaluate: unknown evaluation "${what ?? ''}"; have: journeys (later: ${LATER.join(', ')})\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
