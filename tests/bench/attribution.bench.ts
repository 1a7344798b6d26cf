// Critical touchpoints from built journeys: the paths of one transition, every model with its
// bootstrap intervals (100 resamples) and the friction ranking. Budget: ≤ 2 s for one transition
// over 1M events. The journeys are simulated people rebuilt by the collector's pipeline, built in
// chunks of 1,000 people (untimed); only the attribution over all of them is timed.
//
//   npm run bench -- attribution                      1M events
//   ATTRIBUTION_BENCH_EVENTS=250000 npm run bench -- attribution
import { attribute, friction, parseTransition, transitionPaths } from '../../collector/src/attribution/index.js';
import { reconstruct } from '../../collector/src/evaluate/journeys.js';
import { isBot } from '../../collector/src/journey/bots.js';
import type { Journey } from '../../collector/src/journey/types.js';
import { arrivalOrder, simulate, type Emitted } from '../../collector/src/simulate/index.js';

const target = Number(process.env.ATTRIBUTION_BENCH_EVENTS ?? 1_000_000);
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const BUDGET_MS = 2000;

const journeys: Journey[] = [];
let events = 0;
const built = performance.now();
for (let seed = 1; events < target; seed++) {
  const emitted: Emitted[] = [];
  for (const p of simulate({ people: 1000, seed, now: NOW })) emitted.push(...p.events);
  const arrived = arrivalOrder(emitted, seed).filter((e) => !isBot(e.context?.userAgent));
  events += arrived.length;
  // Ids are per seed; a prefix keeps customers of different chunks apart.
  for (const j of reconstruct(arrived, NOW)) journeys.push({ ...j, customerId: `${seed}:${j.customerId}` });
  process.stderr.write(`\r${events} events, ${journeys.length} customers`);
}
process.stderr.write(`\nbuilt in ${((performance.now() - built) / 1000).toFixed(0)} s\n`);

for (const name of ['consideration>purchase', 'purchase>onboarding']) {
  const t0 = performance.now();
  const paths = transitionPaths(journeys, parseTransition(name));
  const t1 = performance.now();
  const a = attribute(paths);
  const t2 = performance.now();
  const f = friction(paths);
  const t3 = performance.now();
  const total = t3 - t0;
  console.log(`${name}: ${events} events, ${journeys.length} customers, ${paths.length} paths, ${a.models.markov.length} touchpoints, ${f.touchpoints.length} friction rows`);
  console.log(`  paths ${(t1 - t0).toFixed(0)} ms, six models with 100 resamples ${(t2 - t1).toFixed(0)} ms, friction ${(t3 - t2).toFixed(0)} ms; total ${total.toFixed(0)} ms (budget ≤ ${BUDGET_MS} ms: ${total <= BUDGET_MS ? 'met' : 'NOT met'})`);
}
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
