// A receiver that stays down for 24 hours: the delivery becomes a dead letter, the UI lists it and
// resends it, and the receiver then gets it under the same webhook-id. In this process with a
// clock the test moves, on a real SQLite file, over real HTTP to the receiver.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startActions, type ActionsEngine } from '../../collector/src/actions/index.js';
import { createApp } from '../../collector/src/app.js';
import { parseConfig } from '../../collector/src/config.js';
import { withDefaults } from '../../collector/src/defaults.js';
import { createReadService } from '../../collector/src/read/service.js';
import { rebuildDirty } from '../../collector/src/state/worker.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { startReceiver } from './receiver.js';

const SECRET = `whsec_${Buffer.from('waymark actions test signing key!').toString('base64')}`;
const SERVER_KEY = 'sk_shop_backend_0123456789abcdef';
const READ = { authorization: 'Bearer rt_test_read_token_1' };
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let store: SqliteStore;
let engine: ActionsEngine;
let app: ReturnType<typeof createApp>;
let rebuild: () => Promise<unknown>;

// Only Date is faked: the engine, the store and the receiver's standardwebhooks check all read
// the same moved clock, while timers and sockets run in real time.
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  receiver = await startReceiver(SECRET);
  const dir = mkdtempSync(join(tmpdir(), 'waymark-actions-'));
  const config = withDefaults(parseConfig({
    sites: [{ id: 'shop', writeKey: 'wk_shop_test_key', serverKeys: [SERVER_KEY] }],
    readToken: 'rt_test_read_token_1',
    actions: [{ id: 'welcome', on: 'stage.entered', stage: 'purchase', url: `${receiver.url}/hook`, secret: SECRET, timeoutMs: 1000 }],
  }), dir, {});
  store = new SqliteStore(join(dir, 'waymark.db'));
  const read = createReadService({ config, store });
  engine = startActions({ actions: config.actions, store, since: new Date(Date.now() - 86_400_000).toISOString(), pollMs: 60_000 });
  app = createApp({ config, store, read, actions: engine });
  // What the state worker does as events arrive: rebuild the customers they touch, with their moments.
  rebuild = () => rebuildDirty(store, { stageRules: config.stages, lifecycle: config.lifecycle, timeoutMinutes: config.session.timeoutMinutes }, { moments: engine.momentsOf });
});
afterAll(async () => {
  await engine?.stop();
  await store?.close();
  await receiver?.close();
  vi.useRealTimers();
});

it('makes a dead letter of a delivery refused for 24 hours, and the UI resends it under the same webhook-id', async () => {
  let up = false;
  receiver.answer('/hook', () => (up ? 204 : 500));
  const res = await app.request('/v1/batch', {
    method: 'POST', headers: { authorization: `Bearer ${SERVER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, events: [{ id: randomUUID(), type: 'track', name: 'order_completed', userId: 'cust-1', timestamp: new Date().toISOString() }] }),
  });
  expect(res.status).toBe(200);
  await rebuild();
  await engine.settle();
  const [first] = await store.deliveries.list({ limit: 5 });
  expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });

  // Every retry refused, until a day has passed since the first attempt.
  for (let hours = 0; hours <= 25 && (await store.deliveries.get(first.id))!.status === 'pending'; hours += 1) {
    advance(3_600_000);
    await engine.settle();
  }
  expect(await store.deliveries.get(first.id)).toMatchObject({ status: 'dead', lastStatus: 500 });
  const attempts = receiver.on('/hook').length;
  expect(attempts).toBeGreaterThan(5);

  const page = await (await app.request('/actions?status=dead', { headers: READ })).text();
  expect(page).toContain(first.id);
  expect(page).toContain('Resend');

  // A form from another site may not resend.
  const forged = await app.request(`http://collector.test/actions/deliveries/${first.id}/resend`, { method: 'POST', headers: { ...READ, origin: 'https://evil.example' } });
  expect(forged.status).toBe(403);

  up = true;
  const resent = await app.request(`http://collector.test/actions/deliveries/${first.id}/resend`, { method: 'POST', headers: { ...READ, origin: 'http://collector.test' } });
  expect(resent.status).toBe(200);
  expect(await resent.text()).toContain(`Delivery ${first.id} will be sent again now.`);
  await engine.settle();
  expect(await store.deliveries.get(first.id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 });
  const hits = receiver.on('/hook');
  expect(hits).toHaveLength(attempts + 1);
  expect(new Set(hits.map((h) => h.id))).toEqual(new Set([first.id]));
  expect(hits.every((h) => h.verifyError === null && h.payload.customerId === 'cust-1')).toBe(true);
});

it('sends a signed sample from the test button, outside the outbox', async () => {
  const before = (await store.deliveries.list({ limit: 100 })).length;
  const res = await app.request('http://collector.test/actions/welcome/test', { method: 'POST', headers: { ...READ, origin: 'http://collector.test' } });
  const text = await res.text();
  expect(text, text).toMatch(/Test delivery of (&quot;|")welcome(&quot;|") answered HTTP 204 in \d+ ms\./);
  const last = receiver.received.at(-1)!;
  expect(last.verifyError).toBeNull();
  expect(last.payload).toMatchObject({ action: 'welcome', customerId: 'test-customer', detail: { test: true } });
  expect((await store.deliveries.list({ limit: 100 })).length).toBe(before);
});
