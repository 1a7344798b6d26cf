// Moments of time passing: `inactive` from the journey states and `churn_risk.above` from the
// churn scores, looked for by the engine's sweep, delivered once per quiet spell to a real
// receiver that verifies each delivery. In this process, on a real SQLite file, events through
// the app's ingest route and the states rebuilt as the state worker rebuilds them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startActions, type ActionsEngine, type ChurnRisk } from '../../collector/src/actions/index.js';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { createReadService, type ReadService } from '../../collector/src/read/service.js';
import { rebuildDirty } from '../../collector/src/state/worker.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { startReceiver } from './receiver.js';

const SECRET = `whsec_${Buffer.from('waymark actions test signing key!').toString('base64')}`;
const SERVER_KEY = 'sk_shop_backend_0123456789abcdef';
const DAY = 86_400_000;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let store: SqliteStore;
let read: ReadService;
let engine: ActionsEngine;
let app: ReturnType<typeof createApp>;
let rebuild: () => Promise<unknown>;
/** What the churn model scores now: the test sets it, as a newly trained model would. */
let risks: ChurnRisk[] = [];

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  const dir = mkdtempSync(join(tmpdir(), 'waymark-time-moments-'));
  const config = withDefaults(parseConfig({
    sites: [{ id: 'shop', writeKey: 'wk_shop_test_key', serverKeys: [SERVER_KEY] }],
    readToken: 'rt_test_read_token_1',
    actions: [
      { id: 'nudge', on: 'inactive', stage: 'purchase', days: 7, url: `${receiver.url}/nudge`, secret: SECRET, timeoutMs: 1000 },
      { id: 'save', on: 'churn_risk.above', threshold: 0.6, url: `${receiver.url}/save`, secret: SECRET, timeoutMs: 1000 },
    ],
  }), dir, {});
  store = new SqliteStore(join(dir, 'waymark.db'));
  read = createReadService({ config, store, states: true, settleMs: 0 });
  engine = startActions({
    actions: config.actions, store, since: new Date(Date.now() - 60 * DAY).toISOString(), pollMs: 60_000,
    states: async () => (await read.journeyStates()) ?? [],
    churnRisks: async () => risks,
  });
  app = createApp({ config, store, read, actions: engine });
  rebuild = () => rebuildDirty(store, { stageRules: config.stages, lifecycle: config.lifecycle, timeoutMinutes: config.session.timeoutMinutes }, { moments: engine.momentsOf });
});
afterAll(async () => {
  await engine?.stop();
  await store?.close();
  await receiver?.close();
});

/** The shop's backend reports an event about a customer, `daysAgo` days ago. */
async function send(userId: string, name: string, daysAgo: number) {
  const res = await app.request('/v1/batch', {
    method: 'POST', headers: { authorization: `Bearer ${SERVER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, events: [{ id: randomUUID(), type: 'track', name, userId, channel: 'store', timestamp: new Date(Date.now() - daysAgo * DAY).toISOString() }] }),
  });
  expect(res.status).toBe(200);
}

it('sends `inactive` to customers quiet in the stage for the days, once per quiet spell', async () => {
  await send('quiet', 'order_completed', 10);
  await send('recent', 'order_completed', 2);
  await send('browsing', 'product_viewed', 10);
  await rebuild();
  expect(await engine.sweep()).toBe(1);
  await engine.settle();
  const got = receiver.on('/nudge');
  expect(got.map((r) => [r.verifyError, r.payload?.customerId, r.payload?.stage])).toEqual([[null, 'quiet', 'purchase']]);
  expect(got[0].payload.detail).toMatchObject({ days: 7 });

  // Looked at again: the same quiet spell, nothing new.
  expect(await engine.sweep()).toBe(0);
  // Back, then quiet again in the same stage: a new spell.
  await send('quiet', 'order_status_checked', 8);
  await rebuild();
  expect(await engine.sweep()).toBe(1);
  await engine.settle();
  expect(receiver.on('/nudge').map((r) => r.payload.customerId)).toEqual(['quiet', 'quiet']);
  expect(new Set(receiver.on('/nudge').map((r) => r.id)).size).toBe(2);
});

it('sends `churn_risk.above` to customers the churn model scores over the threshold, with the drivers', async () => {
  risks = [
    { customerId: 'quiet', probability: 0.82, drivers: [{ text: 'last seen 8 days, +0.9' }] },
    { customerId: 'recent', probability: 0.2, drivers: [] },
    { customerId: 'no-such-customer', probability: 0.99, drivers: [] },
  ];
  expect(await engine.sweep()).toBe(1);
  await engine.settle();
  const [got] = receiver.on('/save');
  expect(got.verifyError).toBeNull();
  expect(got.payload).toMatchObject({
    type: 'churn_risk.above', action: 'save', customerId: 'quiet', touchpoint: null,
    detail: { probability: 0.82, threshold: 0.6, drivers: ['last seen 8 days, +0.9'] },
    journey: { currentStage: 'purchase', touchpoints: 2 },
  });
  // Scored again, still at risk and still away: no second delivery.
  expect(await engine.sweep()).toBe(0);
  expect(receiver.on('/save')).toHaveLength(1);
});
