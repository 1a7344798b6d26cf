// Lifecycle actions end to end: a real collector process on a real SQLite file, events over real
// HTTP, and a local receiver that verifies every delivery with the `standardwebhooks` package.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { startReceiver, until } from './receiver.js';

const SECRET = `whsec_${Buffer.from('waymark actions test signing key!').toString('base64')}`;
const SERVER_KEY = 'sk_shop_backend_0123456789abcdef';
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let collector: RunningCollector;

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  const hook = (path: string) => `${receiver.url}${path}`;
  collector = await startCollector({
    config: {
      sites: [{ id: 'shop', writeKey: 'wk_shop_test_key', serverKeys: [SERVER_KEY] }],
      readToken: 'rt_test_read_token_1',
      actions: [
        { id: 'welcome', on: 'stage.entered', stage: 'onboarding', url: hook('/welcome'), secret: SECRET, timeoutMs: 1000 },
        { id: 'flaky', on: 'stage.entered', stage: 'purchase', url: hook('/flaky'), secret: SECRET, timeoutMs: 1000 },
        { id: 'slow', on: 'stage.entered', stage: 'advocacy', url: hook('/slow'), secret: SECRET, timeoutMs: 1000 },
        { id: 'hang', on: 'painpoint', kind: 'js_error', url: hook('/hang'), secret: SECRET, timeoutMs: 1000, concurrency: 2 },
      ],
    },
  });
}, 60_000);
afterAll(async () => {
  await collector?.stop();
  await receiver?.close();
});

/** What the shop's backend sends about a customer: events named by user id, one millisecond apart in the order given. */
async function send(userId: string, ...names: string[]) {
  const t = Date.now();
  const events = names.map((name, i) => ({ id: randomUUID(), type: 'track', name, userId, channel: 'store', timestamp: new Date(t + i).toISOString() }));
  const res = await fetch(`${collector.url}/v1/batch`, {
    method: 'POST', headers: { authorization: `Bearer ${SERVER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, events }),
  });
  expect(res.status).toBe(200);
  return res;
}

describe('lifecycle actions', () => {
  it('sends one signed webhook when a customer enters a stage, and none again for the same entry', async () => {
    // Onboarding follows a purchase in the lifecycle model.
    await send('cust-1', 'order_completed', 'signed_up');
    await until(() => receiver.on('/welcome').length > 0, 'the welcome webhook');
    await send('cust-1', 'onboarding_step');
    await send('cust-2', 'product_viewed');
    await new Promise((r) => setTimeout(r, 2500));
    const got = receiver.on('/welcome');
    expect(got).toHaveLength(1);
    expect(got[0].verifyError).toBeNull();
    expect(got[0].payload).toMatchObject({
      type: 'stage.entered', action: 'welcome', customerId: 'cust-1', stage: 'onboarding',
      touchpoint: { name: 'signed_up', channel: 'store' }, journey: { currentStage: 'onboarding' },
    });
    expect(got[0].id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it('retries a receiver that fails for a while under the same webhook-id, until it answers', async () => {
    let calls = 0;
    receiver.answer('/flaky', (r) => (r.payload?.customerId === 'cust-3' && ++calls <= 2 ? 503 : 200));
    await send('cust-3', 'order_completed');
    const mine = () => receiver.on('/flaky').filter((r) => r.payload?.customerId === 'cust-3');
    await until(() => mine().length >= 3, 'the third attempt', 45_000);
    expect(new Set(mine().map((r) => r.id)).size).toBe(1);
    expect(mine().every((r) => r.verifyError === null)).toBe(true);
  }, 60_000);

  it('keeps ingesting while a receiver hangs, with at most `concurrency` deliveries of it in flight', async () => {
    receiver.answer('/hang', () => 'hang');
    const started = Date.now();
    for (let i = 0; i < 10; i++) await send(`cust-err-${i}`, 'product_viewed', '$error');
    await until(() => receiver.on('/hang').length >= 2, 'deliveries to the hanging receiver');
    for (let i = 0; i < 10; i++) await send(`cust-err-${i}`, 'product_added');
    const ingestMs = Date.now() - started;
    expect(receiver.maxOpen('/hang')).toBeLessThanOrEqual(2);
    // 20 batches answered while every delivery hung: each waited for its commit, not for a receiver.
    expect(ingestMs).toBeLessThan(10 * 1000);
  }, 60_000);

  it('delivers again, under the same webhook-id, what a killed collector was delivering', async () => {
    let first = true;
    receiver.answer('/slow', () => (first ? ((first = false), 'hang') : 204));
    await send('cust-4', 'order_completed', 'review_submitted');
    await until(() => receiver.on('/slow').length === 1, 'the first attempt');
    await collector.kill();
    await collector.restart();
    await until(() => receiver.on('/slow').length >= 2, 'the attempt after the restart', 30_000);
    const ids = receiver.on('/slow').map((r) => r.id);
    expect(new Set(ids).size).toBe(1);
    const res = await fetch(`${collector.url}/actions?status=delivered`, { headers: { authorization: 'Bearer rt_test_read_token_1' } });
    expect(await res.text()).toContain(ids[0]);
  }, 60_000);
});

describe('the demo action (npm start with no configuration)', () => {
  it('sends the demo CRM a signed webhook at a first purchase, shown delivered on the Actions page', async () => {
    const free = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => resolve(port)); });
    });
    const demo = await startCollector({ port: free, quiet: false });
    try {
      expect(demo.output()).toMatch(/actions +demo-crm-purchase \(stage\.entered → http:\/\/127\.0\.0\.1:\d+\/demo\/webhooks\)/);
      const res = await fetch(`${demo.url}/v1/batch`, {
        method: 'POST', headers: { authorization: `Bearer ${demo.serverKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ v: 1, events: [{ id: randomUUID(), type: 'track', name: 'order_completed', userId: 'ana', timestamp: new Date().toISOString() }] }),
      });
      expect(res.status).toBe(200);
      let received: any[] = [];
      await until(async () => (received = (await (await fetch(`${demo.url}/demo/webhooks`)).json()).received).length > 0, 'the demo CRM webhook');
      expect(received[0].payload).toMatchObject({ action: 'demo-crm-purchase', customerId: 'ana', stage: 'purchase' });
      const page = await (await fetch(`${demo.url}/actions?status=delivered`, { headers: { authorization: `Bearer ${demo.readToken}` } })).text();
      expect(page).toContain(received[0].id);
    } finally {
      await demo.stop();
    }
  }, 60_000);
});
