// Lifecycle actions at run time: finds the moments that touched customers' journeys reached, keeps
// one delivery per moment in the store's outbox, and delivers them to each action's URL, signed,
// with retries and at most `concurrency` deliveries of one action in flight. Ingest only hands over
// the events it stored (touched()); everything here runs beside it, so a slow receiver never slows
// ingest. Several collectors may run it on one database: the outbox decides who delivers what.
import type { Stage } from '../../../wire/schema.js';
import type { Journey } from '../journey/types.js';
import type { Delivery, Store, StoredEvent } from '../store/store.js';
import { nextAttemptAt } from './retry.js';
import type { Action } from './schema.js';
import { webhookHeaders } from './signature.js';
import { firings, inactiveFirings, type DeliveryPayload } from './triggers.js';

export interface ActionsDeps {
  actions: readonly Action[];
  store: Store;
  /** One customer's journey, as the read service builds it (null when no event names the id). */
  journeyOf(id: string): Promise<Journey | null>;
  /** Every customer in a stage (for `inactive`); from the customer list. */
  customersIn?(stage: Stage): Promise<string[]>;
  /** Whether a stored event can make a moment (relevance.ts); every event by default. */
  makesMoments?: (e: StoredEvent) => boolean;
  /** Actions act on moments from here on (ISO time), not on history already stored. */
  since: string;
  now?: () => number;
  fetch?: typeof fetch;
  random?: () => number;
  /** How often due deliveries are looked for (ms). */
  pollMs?: number;
  log?: (message: string) => void;
}

export interface ActionsEngine {
  /** The events a commit stored: their customers' journeys are looked at soon. */
  touched(events: readonly StoredEvent[]): void;
  /**
   * Looks again at the customers of events timed in the last `ms`: the ones a killed collector was
   * told about and had not looked at yet (what was already found is not found twice).
   */
  catchUp(ms: number): Promise<number>;
  /** Finds the moments of the touched customers and delivers what is due, now; resolves when both are done. */
  settle(): Promise<void>;
  /** Looks for customers gone quiet (`inactive` actions). */
  sweepInactive(): Promise<number>;
  /** Posts a sample payload to an action's URL, signed, outside the outbox (the UI's test button). */
  sendTest(actionId: string): Promise<{ status: number | null; error: string | null; ms: number }>;
  stop(): Promise<void>;
}

const LOOKUPS_AT_ONCE = 4;

export function startActions(deps: ActionsDeps): ActionsEngine {
  const now = deps.now ?? Date.now;
  const post = deps.fetch ?? fetch;
  const random = deps.random ?? Math.random;
  // A claim outlives its attempt, so it ends only when its collector is gone.
  const leaseOf = (a: Action) => 2 * a.timeoutMs + 5_000;
  const byId = new Map(deps.actions.map((a) => [a.id, a]));
  const journeyActions = deps.actions.filter((a) => a.on !== 'inactive' && a.on !== 'churn_risk.above');
  const inFlight = new Map<string, number>();
  const attempts = new Set<Promise<void>>();
  const pending = new Set<string>();
  let looking: Promise<void> | null = null;
  let stopped = false;

  async function lookAt(id: string) {
    const journey = await deps.journeyOf(id);
    if (!journey) return;
    const found = firings(journeyActions, journey, deps.since);
    if (!found.length) return;
    const added = await deps.store.deliveries.enqueue(found.map((f) => ({ actionId: f.actionId, key: f.key, customerId: f.customerId, payload: JSON.stringify(f.payload) })), now());
    if (added) void deliverDue();
  }

  /** Drains the touched ids, a few lookups at a time; ids touched meanwhile go round again. */
  function lookAtTouched(): Promise<void> {
    looking ??= (async () => {
      try {
        while (pending.size && !stopped) {
          const ids = [...pending];
          pending.clear();
          let next = 0;
          await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, ids.length) }, async () => {
            while (next < ids.length) {
              const id = ids[next++];
              await lookAt(id).catch((e) => deps.log?.(`actions: could not look at customer ${id}: ${(e as Error).message}`));
            }
          }));
        }
      } finally {
        looking = null;
      }
    })();
    return looking;
  }

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

  /** Claims and starts what is due, within each action's concurrency. */
  async function deliverDue() {
    if (stopped) return;
    for (const action of deps.actions) {
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
            void deliverDue();
          });
        attempts.add(p);
      }
    }
  }

  const poll = setInterval(() => { void deliverDue().catch((e) => deps.log?.(`actions: ${(e as Error).message}`)); }, deps.pollMs ?? 1000);
  poll.unref?.();
  const quiet = deps.actions.some((a) => a.on === 'inactive')
    ? setInterval(() => { void engine.sweepInactive().catch((e) => deps.log?.(`actions: inactive sweep: ${(e as Error).message}`)); }, 15 * 60_000)
    : null;
  quiet?.unref?.();

  const engine: ActionsEngine = {
    touched(events) {
      if (stopped || !journeyActions.length) return;
      const before = pending.size;
      for (const e of events) if (!deps.makesMoments || deps.makesMoments(e)) pending.add(e.userId ?? e.anonymousId);
      if (pending.size > before) void lookAtTouched();
    },
    async catchUp(ms) {
      let seen = 0;
      for await (const e of deps.store.scanEvents({ from: now() - ms })) {
        engine.touched([e]);
        seen++;
      }
      return seen;
    },
    async settle() {
      while (looking) await looking;
      await deliverDue();
      while (attempts.size) await Promise.all([...attempts]);
    },
    async sweepInactive() {
      const inactive = deps.actions.filter((a) => a.on === 'inactive');
      if (!inactive.length || !deps.customersIn) return 0;
      let added = 0;
      for (const stage of new Set(inactive.map((a) => (a as Extract<Action, { on: 'inactive' }>).stage))) {
        for (const id of await deps.customersIn(stage)) {
          const journey = await deps.journeyOf(id);
          if (!journey) continue;
          const found = inactiveFirings(inactive, journey, now(), deps.since);
          added += await deps.store.deliveries.enqueue(found.map((f) => ({ actionId: f.actionId, key: f.key, customerId: f.customerId, payload: JSON.stringify(f.payload) })), now());
        }
      }
      if (added) void deliverDue();
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
      if (quiet) clearInterval(quiet);
      await Promise.allSettled([looking, ...attempts]);
    },
  };
  return engine;
}
