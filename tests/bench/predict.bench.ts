// `npm run bench -- predict`: training a prediction model on 500k customers (budget ≤ 60 s and
// ≤ 1 GB RSS) and scoring one customer with its drivers (budget ≤ 1 ms). Customers are synthetic
// rows of the real feature layout whose outcome follows a known logistic rule, so the fit has
// real work to do; feature extraction from journeys is timed by `npm run evaluate -- prediction`.
import { FEATURES } from '../../collector/src/predict/features.js';
import { predict, trainModel, type Sample } from '../../collector/src/predict/model.js';
import { seededRandom } from '../../collector/src/seed/random.js';

const N = Number(process.env.PREDICT_BENCH_CUSTOMERS ?? 500_000);
const r = seededRandom(1);
const d = FEATURES.length;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);

const samples: Sample[] = new Array(N);
for (let i = 0; i < N; i++) {
  const features = Array.from({ length: d }, (_, j) => (FEATURES[j].transform === 'log' ? Math.floor(r.next() * r.next() * 30) : r.next() < 0.3 ? 1 : 0));
  const z = -1 + 0.8 * Math.log1p(features[7]) - 0.5 * Math.log1p(features[20]) + 0.6 * features[2];
  samples[i] = { customerId: `c${i}`, cutoff: 0, stage: 'retention', features, label: r.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0 };
}
const started = performance.now();
const model = trainModel('churn', samples, { trainedAt: 0, cutoff: 0, horizonDays: 30 });
const seconds = (performance.now() - started) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);

const t0 = performance.now();
const k = 20_000;
for (let i = 0; i < k; i++) predict(model, samples[i].features);
const scoreMs = (performance.now() - t0) / k;
clearInterval(sampler);
console.log(`train ${N} customers × ${d} features: ${seconds.toFixed(1)} s (budget 60 s), peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (budget 1024 MB, the rows themselves included)`);
console.log(`score one customer with its drivers: ${(scoreMs * 1000).toFixed(1)} µs (budget 1 ms)`);
