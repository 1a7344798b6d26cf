// Predictions over the store's own history, for the read API and the UI. Models are trained on
// the customers' journeys with the time split of train.ts and saved as new versions in the store;
// the newest version of each kind scores the customers as they are now. Retrained on demand
// (retrain()), and on a schedule: a model older than `retrainHours` is retrained in the
// background on the next read, while the older one keeps answering.
import type { Journey } from '../journey/types.js';
import type { ReadService } from '../read/service.js';
import type { SavedPredictionModel, Store } from '../store/store.js';
import { customerFeatures } from './features.js';
import { band, predict, type Band, type Driver, type PredictionModel } from './model.js';
import { DEFAULT_PREDICTION_SETTINGS, eligibleStage, PREDICTION_KINDS, type PredictionKind, type PredictionSettings } from './outcomes.js';
import { NotEnoughHistory, trainAndEvaluate } from './train.js';

export interface CustomerPrediction {
  customerId: string;
  probability: number;
  band: Band | null;
  drivers: Driver[];
}

export interface ModelSummary {
  version: number;
  kind: PredictionKind;
  trainedAt: string;
  cutoff: string;
  horizonDays: number;
  customers: number;
  /** Held-out figures of the model and both baselines (AUC, Brier, ECE, lift, calibration). */
  evaluation: PredictionModel['evaluation'];
}

export interface PredictionPage {
  kind: PredictionKind;
  model: ModelSummary | null;
  /** Why there is no model yet, when there is none. */
  reason?: string;
  predictions: CustomerPrediction[];
}

export interface RetrainResult { kind: PredictionKind; version: number | null; error?: string }

export interface PredictionService {
  /** `keep`: only these customers (a segment's), before the limit is taken. */
  predictions(kind: PredictionKind, q?: { limit?: number; order?: 'asc' | 'desc'; keep?: (customerId: string) => boolean }): Promise<PredictionPage>;
  /** Both kinds' predictions for one customer (null: no model, or not a customer the kind predicts for). */
  forCustomer(customerId: string): Promise<Record<PredictionKind, CustomerPrediction | null>>;
  /** Saved versions of a kind, newest first. */
  models(kind: PredictionKind, limit?: number): Promise<ModelSummary[]>;
  retrain(): Promise<RetrainResult[]>;
  /**
   * Every current customer's predictions if they are ready, without waiting (pages): null while
   * they are computed, which this starts.
   */
  snapshot(): Promise<Map<PredictionKind, Map<string, CustomerPrediction>> | null>;
}

export interface PredictionDeps {
  store: Store;
  read: Pick<ReadService, 'exportJourneys'>;
  now?: () => number;
  settings?: PredictionSettings;
  /** A model older than this is retrained on the next read (24 by default). */
  retrainHours?: number;
}

const HOUR = 3_600_000;

const summary = (s: SavedPredictionModel): ModelSummary => {
  const m = s.model as PredictionModel;
  return {
    version: s.version, kind: m.kind, trainedAt: new Date(s.trainedAt).toISOString(), cutoff: new Date(m.cutoff).toISOString(),
    horizonDays: m.horizonDays, customers: m.customers, evaluation: (s.evaluation as PredictionModel['evaluation']) ?? null,
  };
};

export function createPredictionService(deps: PredictionDeps): PredictionService {
  const now = deps.now ?? Date.now;
  const settings = deps.settings ?? DEFAULT_PREDICTION_SETTINGS;
  const retrainMs = (deps.retrainHours ?? 24) * HOUR;
  let training: Promise<RetrainResult[]> | null = null;
  /** When the last training started: a store too young for a model is tried again after retrainHours, not on every read. */
  let lastAttempt = -Infinity;
  const failures = new Map<PredictionKind, string>();
  /** Scores of every current customer, per data version and model versions. */
  let scored: { key: string; value: Promise<Map<PredictionKind, CustomerPrediction[]>> } | null = null;

  async function journeys(): Promise<Journey[]> {
    const out: Journey[] = [];
    for await (const j of deps.read.exportJourneys()) out.push(j);
    return out;
  }

  function retrain(): Promise<RetrainResult[]> {
    training ??= (async () => {
      lastAttempt = now();
      try {
        const all = await journeys();
        const at = now();
        const results: RetrainResult[] = [];
        for (const kind of PREDICTION_KINDS) {
          try {
            const { model } = trainAndEvaluate(kind, all, { now: at, settings });
            const saved = await deps.store.savePredictionModel({ kind, trainedAt: at, model: { ...model, evaluation: null }, evaluation: model.evaluation });
            failures.delete(kind);
            results.push({ kind, version: saved.version });
          } catch (err) {
            if (!(err instanceof NotEnoughHistory)) throw err;
            failures.set(kind, err.message);
            results.push({ kind, version: null, error: err.message });
          }
        }
        return results;
      } finally {
        training = null;
      }
    })();
    return training;
  }

  /** The newest model of a kind; trains the first one, and starts a retraining when it is old. */
  async function current(kind: PredictionKind): Promise<{ saved: SavedPredictionModel; model: PredictionModel } | null> {
    let [saved] = await deps.store.predictionModels(kind);
    if (!saved && !failures.has(kind)) {
      await retrain();
      [saved] = await deps.store.predictionModels(kind);
    } else if (!training && now() - Math.max(saved?.trainedAt ?? -Infinity, lastAttempt) > retrainMs) {
      retrain().catch((err) => console.error('prediction retraining failed:', err));
    }
    if (!saved) return null;
    return { saved, model: { ...(saved.model as PredictionModel), evaluation: saved.evaluation as PredictionModel['evaluation'] } };
  }

  async function scores(models: Map<PredictionKind, PredictionModel>, key: string) {
    if (scored?.key !== key) {
      scored = {
        key,
        value: journeys().then((all) => {
          const at = now();
          const out = new Map<PredictionKind, CustomerPrediction[]>();
          for (const [kind, m] of models) {
            const list: CustomerPrediction[] = [];
            for (const j of all) {
              if (!eligibleStage(kind, j, at, settings)) continue;
              const f = customerFeatures(j, at);
              if (!f) continue;
              const p = predict(m, f);
              list.push({ customerId: j.customerId, probability: p.probability, band: band(m, p.probability), drivers: p.drivers });
            }
            out.set(kind, list.sort((a, b) => b.probability - a.probability || (a.customerId < b.customerId ? -1 : 1)));
          }
          return out;
        }),
      };
      scored.value.catch(() => { scored = null; });
    }
    return scored.value;
  }

  async function allScores(): Promise<{ models: Map<PredictionKind, { saved: SavedPredictionModel; model: PredictionModel }>; scores: Map<PredictionKind, CustomerPrediction[]> }> {
    const models = new Map<PredictionKind, { saved: SavedPredictionModel; model: PredictionModel }>();
    for (const kind of PREDICTION_KINDS) { const c = await current(kind); if (c) models.set(kind, c); }
    const key = `${await deps.store.dataVersion()}@${Math.floor(now() / HOUR)}@${[...models.values()].map((m) => m.saved.version).join(',')}`;
    return { models, scores: await scores(new Map([...models].map(([k, v]) => [k, v.model])), key) };
  }

  return {
    async predictions(kind, q = {}) {
      const { models, scores: all } = await allScores();
      const m = models.get(kind);
      if (!m) return { kind, model: null, reason: failures.get(kind) ?? 'no model trained yet', predictions: [] };
      const keep = q.keep;
      const list = keep ? (all.get(kind) ?? []).filter((p) => keep(p.customerId)) : all.get(kind) ?? [];
      const ordered = q.order === 'asc' ? [...list].reverse() : list;
      return { kind, model: summary(m.saved), predictions: ordered.slice(0, q.limit ?? 50) };
    },
    async forCustomer(customerId) {
      const { scores: all } = await allScores();
      const find = (kind: PredictionKind) => all.get(kind)?.find((p) => p.customerId === customerId) ?? null;
      return { next_stage: find('next_stage'), churn: find('churn') };
    },
    async models(kind, limit = 20) {
      return (await deps.store.predictionModels(kind, limit)).map(summary);
    },
    retrain,
    async snapshot() {
      let ready: Map<PredictionKind, CustomerPrediction[]> | null = null;
      const pending = allScores().then((s) => { ready = s.scores; });
      pending.catch((err) => console.error('predictions failed:', err));
      // Whatever is already computed settles within a turn of the event loop.
      await Promise.race([pending, new Promise((r) => setTimeout(r, 20))]);
      const got = ready as Map<PredictionKind, CustomerPrediction[]> | null;
      return got && new Map([...got].map(([k, list]) => [k, new Map(list.map((p) => [p.customerId, p]))]));
    },
  };
}
