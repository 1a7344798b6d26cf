// The command behind `npm run evaluate -- prediction`: simulated populations (the default), or
// the store the collector is using (`--db FILE`, or `--store` for DATABASE_URL / ./data/waymark.db).
import { parseArgs } from 'node:util';
import { DEFAULT_PREDICTION_SETTINGS, PREDICTION_KINDS } from '../predict/outcomes.js';
import { budgetChecks, calibrationTable, driverSigns, kindReport, noSignal, noSignalCheck, predictionClosingLine, runKind, simulatedPopulation, type KindResult, type PredictionBudgetCheck } from './prediction.js';

export async function prediction(args: string[], now: number, usage: string): Promise<number> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, people: { type: 'string' }, db: { type: 'string' }, store: { type: 'boolean' } } });
  if (values.db || values.store) {
    const { predictionOnStore } = await import('./prediction-store.js');
    return predictionOnStore({ db: values.db });
  }
  const seeds = (values.seeds ?? '1,2,3').split(',').map(Number);
  const people = Number(values.people ?? 8000);
  if (seeds.some((s) => !Number.isInteger(s)) || !Number.isInteger(people) || people <= 0) {
    console.error(`evaluate: --seeds takes whole numbers separated by commas and --people a positive whole number\n${usage}`);
    return 2;
  }
  const settings = DEFAULT_PREDICTION_SETTINGS;
  const results: KindResult[] = [];
  const checks: PredictionBudgetCheck[] = [];
  let firstJourneys = null as null | Parameters<typeof runKind>[1];
  for (const seed of seeds) {
    const started = performance.now();
    const pop = simulatedPopulation({ seed, people, now, settings });
    process.stderr.write(`population ${seed}: ${people} people simulated and reconstructed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    firstJourneys ??= pop.journeys;
    console.log(`population ${seed} (seed ${seed}): ${people} people, ${pop.journeys.length} customers reconstructed; next stage within ${settings.nextStageDays} days, churn after ${settings.churnDays} silent days`);
    for (const kind of PREDICTION_KINDS) {
      const r = runKind(kind, pop.journeys, pop.truth(kind), now, settings, pop.hidden);
      results.push(r);
      checks.push(...budgetChecks(`population ${seed}`, r));
      console.log(kindReport(r, '').join('\n'));
      console.log(calibrationTable(r.run.model.evaluation!.model).join('\n'));
      const signs = driverSigns(r.run.evaluated);
      console.log(`    drivers' signs (weight per standard deviation): ${signs.map((s) => `${s.feature} ${s.weight >= 0 ? '+' : ''}${s.weight.toFixed(2)} (${s.pass ? 'as simulated' : 'WRONG'})`).join(', ')}`);
      checks.push(...signs.map((s) => ({ name: `population ${seed} ${kind} ${s.feature} sign`, pass: s.pass, detail: s.weight.toFixed(2) })));
    }
    console.log('');
  }
  console.log(`no signal (population ${seeds[0]}, each outcome a coin toss with the population's rate, whatever people did):`);
  for (const kind of PREDICTION_KINDS) {
    const real = results.find((r) => r.kind === kind)!;
    const r = runKind(kind, firstJourneys!, noSignal(seeds[0], real.run.model.evaluation!.model.rate), now, settings);
    console.log(kindReport(r, '').join('\n'));
    checks.push(noSignalCheck(r));
  }
  console.log('');
  const failed = checks.filter((c) => !c.pass);
  console.log(`budgets: ${checks.length - failed.length} of ${checks.length} met`);
  for (const c of checks) console.log(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.name}: ${c.detail}`);
  console.log('');
  console.log(predictionClosingLine(results));
  return 0;
}
