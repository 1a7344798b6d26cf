// `npm run evaluate -- prediction --db FILE` (or `--store`: DATABASE_URL, else ./data/waymark.db):
// the same training and held-out evaluation on the customers a collector has stored, printed, and
// saved as new model versions, so the analyst UI (/predictions) shows the accuracy on this data.
// WAYMARK_CONFIG names the configuration file whose stage rules and session timeout apply.
import { loadConfigFile, parseConfig } from '../config.js';
import { createPredictionService } from '../predict/service.js';
import { createReadService } from '../read/service.js';
import { openStore } from '../store/open.js';
import { calibrationTable, evaluationTable } from './prediction.js';

export async function predictionOnStore(o: { db?: string }): Promise<number> {
  const config = process.env.WAYMARK_CONFIG ? loadConfigFile(process.env.WAYMARK_CONFIG) : parseConfig({});
  const databaseUrl = o.db ? undefined : process.env.DATABASE_URL;
  const store = await openStore({ databaseUrl, sqliteFile: o.db ?? './data/waymark.db' });
  try {
    const read = createReadService({ config: { stages: config.stages, session: config.session, lifecycle: config.lifecycle }, store });
    const predictions = createPredictionService({ store, read });
    const started = performance.now();
    const trained = await predictions.retrain();
    console.log(`store (${store.kind}): trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const closing: string[] = [];
    for (const t of trained) {
      if (t.version === null) {
        console.log(`  ${t.kind}: no model: ${t.error}`);
        closing.push(`${t.kind === 'churn' ? 'churn' : 'next-stage'} AUC — (best baseline —)`);
        continue;
      }
      const [m] = await predictions.models(t.kind, 1);
      const e = m.evaluation!;
      console.log(`  ${t.kind}: model version ${m.version}, trained on ${m.customers} customers up to ${m.cutoff.slice(0, 10)}; the same recipe one horizon earlier judged on ${e.model.customers} customers at ${new Date(e.cutoff).toISOString().slice(0, 10)} (${(e.model.rate * 100).toFixed(1)}% positive)`);
      console.log([...evaluationTable(e), ...calibrationTable(e.model)].join('\n'));
      const best = Math.max(e.markov.auc ?? 0, e.recency.auc ?? 0);
      closing.push(`${t.kind === 'churn' ? 'churn' : 'next-stage'} AUC ${(e.model.auc ?? 0).toFixed(2)} (best baseline ${best.toFixed(2)})`);
    }
    console.log('');
    console.log(closing.sort((a) => (a.startsWith('churn') ? -1 : 1)).join('; '));
    return 0;
  } finally {
    await store.close();
  }
}
