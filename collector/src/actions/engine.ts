// Lifecycle actions at run time. Moments of a journey (a stage entered or left, a pain point, a
// survey answer) are found where the journey is rebuilt anyway: the state worker asks momentsOf()
// for each customer it rebuilds and stores the deliveries in the same commit as the state, so a
// moment is kept exactly when the state that shows it is, and nothing rescans journeys. Moments
// of time passing (inactive, churn risk) are looked for on a schedule over the journey states and
// the churn model's scores. Deliveries go to each action's URL, signed, with retries and at most
// `concurrency` of one action in flight, beside ingest, never in its way. Several collectors may
// run this on one database: the outbox decides who delivers what.
import type { JourneyState } from '../journey/journey-state.js';
import type { Journey } from '../journey/types.js';
import type { Delivery, NewDelivery, Store } from '../store/store.js';
import { nextAttemptAt } from './retry.js';
import type { Action } from './schema.js';
import { webhookHeaders } from './signature.js';
import { churnFirings, firings, inactiveFirings, type ChurnRisk, type DeliveryPayload, type Firing } from './triggers.js';

export interface ActionsDeps {
  actions: readonly Action[];
  store: Store;
  /** Every customer's journey state (for `inactive`): the read service's. */
  states?(): Promise<readonly JourneyState[]>;
  /** Customers the churn model scores now, with their risk (for `churn_risk.above`); the prediction service's. */
  churnRisks?(): Promise<readonly ChurnRisk[]>;
  /** Actions act on moments from here on (ISO time), not on history already stored. */
  since: string;
  now?: () => number;
  fetch?: typeof fetch;
  random?: () => number;
  /** How often due deliveries are looked for (ms); other collectors' new deliveries are found this way. */
  pollMs?: number;
  /** How often quiet customers and churn risks are looked at (ms); 15 minutes by default. */
  sweepMs?: number;
  log?: (message: string) => void;
}

export interface ActionsEngine {
  /** The deliveries a freshly built journey makes; the state worker stores them with its state. */
  momentsOf(journey: Journey): NewDelivery[];
  /** Deliveries were stored: deliver what is due now rather than at the next poll. */
  wake(): void;
  /** Delivers what is due, now; resolves when those attempts are done. */
  settle(): Promise<void>;
  /** Looks for customers gone quiet (`inactive`) and at risk (`churn_risk.above`); returns the deliveries added. */
  sweep(): Promise<number>;
  /** Posts a sample payload to an action's URL, signed, outside the outbox (the UI's test button). */
  sendTest(actionId: string): Promise<{ status: number | null; error: string | null; ms: number }>;
  stop(): Promise<void>;
}

const toDelivery = (f: Firing): NewDelivery => ({ actionId: f.actionId, key: f.key, customerId: f.customerId, payload: JSON.stringify(f.payload) });


export function startActions(deps: ActionsDeps): ActionsEngine {
  const now = deps.now ?? Date.now;
  const post = deps.fetch ?? fetch;
  const random = deps.random ?? Math.random;
  // A claim outlives its attempt, so it ends only when its collector is gone.
  const leaseOf = (a: Action) => 2 * a.timeoutMs + 5_000;
  const byId = new Map(deps.actions.map((a) => [a.id, a]));
  const journeyActions = deps.actions.filter((a) => a.on !== 'inactive' && a.on !== 'churn_risk.above');
  const timeActions = deps.actions.filter((a) => a.on === 'inactive' || a.on === 'churn_risk.above');
  const inFlight = new Map<string, number>();
  const attempts = new Set<Promise<void>>();
  let stopped = false;

  async function attempt(action: Action, d: Delivery) {
    const started = now();
    let status: number | null = null, error: string | null = null;
    try {
      const headers = await webhookHeaders(action.secret, d.id, d.payload, started);
      const res = await post(action.url, { method: 'POST', headers, body: d.payload, signal: AbortSignal.timeout(action.timeoutMs), redirect: 'manual' });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? `no answer within ${action.timeoutMs} ms` : `could not connect: ${(e as Error).message}`;
    }
    const at = now();
    if (!error) {
      await deps.store.deliveries.finish(d.id, { status: 'delivered', lastStatus: status, lastError: null, latencyMs: at - d.createdAt, at });
      return;
    }
    const nextAt = nextAttemptAt(d.attempts + 1, d.firstAttemptAt ?? started, at, random());
    await deps.store.deliveries.finish(d.id, nextAt === null
      ? { status: 'dead', lastStatus: status, lastError: error, at }
      : { status: 'pending', nextAt, lastStatus: status, lastError: error, at });
    if (nextAt === null) deps.log?.(`actions: gave up on delivery ${d.id} of "${action.id}" after 24 h: ${error}`);
  }

  /** Claims and starts what is due, within each action's concurrency (of `only` that action, when a slot of it frees up). */
  async function deliverDue(only?: Action) {
    if (stopped) return;
    for (const action of only ? [only] : deps.actions) {
      const free = action.concurrency - (inFlight.get(action.id) ?? 0);
      if (free <= 0) continue;
      const claimed = await deps.store.deliveries.claim(action.id, free, now(), leaseOf(action));
      for (const d of claimed) {
        inFlight.set(action.id, (inFlight.get(action.id) ?? 0) + 1);
        const p: Promise<void> = attempt(action, d)
          .catch((e) => deps.log?.(`actions: delivery ${d.id} failed to record: ${(e as Error).message}`))
          .finally(() => {
            inFlight.set(action.id, inFlight.get(action.id)! - 1);
            attempts.delete(p);
            void deliverDue(action);
          });
        attempts.add(p);
      }
    }
  }

  const poll = setInterval(() => { void deliverDue().catch((e) => deps.log?.(`actions: ${(e as Error).message}`)); }, deps.pollMs ?? 1000);
  poll.unref?.();
  const sweepNow = () => { void engine.sweep().catch((e) => deps.log?.(`actions: looking for quiet customers and churn risks: ${(e as Error).message}`)); };
  const sweepMs = deps.sweepMs ?? 15 * 60_000;
  // The first look soon after start (a restart should not push it a whole period back), then every period.
  const quiet = timeActions.length ? [setTimeout(sweepNow, Math.min(sweepMs, 60_000)), setInterval(sweepNow, sweepMs)] : [];
  for (const t of quiet) t.unref?.();

  const engine: ActionsEngine = {
    momentsOf(journey) {
      return journeyActions.length ? firings(journeyActions, journey, deps.since).map(toDelivery) : [];
    },
    wake() {
      void deliverDue().catch((e) => deps.log?.(`actions: ${(e as Error).message}`));
    },
    async settle() {
      await deliverDue();
      while (attempts.size) await Promise.all([...attempts]);
    },
    async sweep() {
      if (!timeActions.length) return 0;
      const at = now();
      const states = deps.states ? await deps.states() : [];
      const found: Firing[] = [];
      if (timeActions.some((a) => a.on === 'inactive')) for (const s of states) found.push(...inactiveFirings(timeActions, s, at, deps.since));
      if (timeActions.some((a) => a.on === 'churn_risk.above') && deps.churnRisks) {
        const byId = new Map(states.map((s) => [s.customerId, s]));
        for (const risk of await deps.churnRisks()) {
          const s = byId.get(risk.customerId);
          if (s) found.push(...churnFirings(timeActions, s, risk, at));
        }
      }
      const added = await deps.store.deliveries.enqueue(found.map(toDelivery), at);
      if (added) engine.wake();
      return added;
    },
    async sendTest(actionId) {
      const action = byId.get(actionId);
      if (!action) throw new Error(`no action "${actionId}"`);
      const payload: DeliveryPayload = {
        type: action.on, action: action.id, customerId: 'test-customer', stage: 'stage' in action ? action.stage : 'consideration',
        at: new Date(now()).toISOString(), touchpoint: null,
        journey: { currentStage: 'consideration', furthestStage: 'consideration', stages: [], firstSeen: null, lastSeen: null, sessions: 0, touchpoints: 0, painPoints: {}, emotion: null },
        detail: { test: true },
      };
      const body = JSON.stringify(payload);
      const started = now();
      try {
        const res = await post(action.url, { method: 'POST', headers: await webhookHeaders(action.secret, `msg_test_${started}`, body, started), body, signal: AbortSignal.timeout(action.timeoutMs), redirect: 'manual' });
        await res.body?.cancel().catch(() => {});
        return { status: res.status, error: res.ok ? null : `HTTP ${res.status}`, ms: now() - started };
      } catch (e) {
        return { status: null, error: `could not connect: ${(e as Error).message}`, ms: now() - started };
      }
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      for (const t of quiet) clearTimeout(t);
      await Promise.allSettled([...attempts]);
    },
  };
  return engine;
}
