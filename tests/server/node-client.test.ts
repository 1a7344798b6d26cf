// The Node client (waymark/server) against a real collector process over real HTTP: a 503, a
// connection dropped after the collector stored the batch, and a collector killed and restarted
// mid-stream; every event arrives exactly once, with its customer, channel and timestamp, and
// shows on the customer's journey as an off-site touchpoint.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerClient } from '../../server/src/index.js';
import type { Dropped } from '../../server/src/types.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { faultProxy, type FaultProxy } from './fault-proxy.js';
import { exportedEvents, journey } from './read.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let c: RunningCollector;
let proxy: FaultProxy;

beforeAll(async () => {
  c = await startCollector();
  proxy = await faultProxy(() => c.url);
});
afterAll(async () => {
  await proxy.close();
  await c.stop();
});

const fast = { flushIntervalMs: 50, retryBaseMs: 20, closeOnSigterm: false } as const;

describe('the Node client', () => {
  it('retries a 503 and a dropped connection without doubling, keeping identity, channel and timestamp', async () => {
    const drops: Dropped[] = [];
    const client = createServerClient({ endpoint: proxy.url, serverKey: c.serverKey!, ...fast, flushAt: 1000, onDrop: (d) => drops.push(d) });
    proxy.faults.push('503', 'drop-after-forwarding');
    const ids = [
      client.identify({ userId: 'cust-a', traits: { plan: 'pro' } }),
      client.track({ userId: 'cust-a', name: 'ticket_opened', channel: 'support', timestamp: '2025-06-01T09:00:00Z', properties: { ticket: 'T-1' } }),
      client.track({ userId: 'cust-a', name: 'email_opened', channel: 'email', timestamp: new Date('2025-06-02T08:00:00Z') }),
      client.track({ anonymousId: 'visitor-7', name: 'call_logged', channel: 'phone', timestamp: '2025-06-03T10:00:00Z' }),
    ];
    const result = await client.close();
    expect(proxy.log.slice(0, 3)).toEqual(['503', 'drop-after-forwarding', 'pass']);
    // The third attempt found the batch already stored by the second.
    expect(result).toEqual({ accepted: 0, duplicates: 4, rejected: [], dropped: 0 });
    expect(drops).toEqual([]);
    const stored = (await exportedEvents(c)).filter((e) => ids.includes(e.id));
    expect(stored.map((e) => e.id).sort()).toEqual([...ids].sort());
    const ticket = stored.find((e) => e.name === 'ticket_opened')!;
    expect([ticket.userId, ticket.channel, ticket.at]).toEqual(['cust-a', 'support', '2025-06-01T09:00:00.000Z']);
    const j = await journey(c, 'cust-a');
    expect(j.touchpoints.filter((t: any) => t.offSite).map((t: any) => [t.name, t.channel])).toEqual([['ticket_opened', 'support'], ['email_opened', 'email']]);
  });

  it('survives a collector killed and restarted mid-stream: every event once', async () => {
    const client = createServerClient({ endpoint: c.url, serverKey: c.serverKey!, ...fast, flushAt: 25 });
    const ids: string[] = [];
    const send = (n: number) => {
      for (let i = 0; i < n; i++) ids.push(client.track({ userId: `cust-r${i % 7}`, name: 'order_completed', channel: 'store', properties: { n: ids.length } }));
    };
    send(200);
    await new Promise((r) => setTimeout(r, 30));
    await c.kill();
    send(300); // queued while nothing listens
    await new Promise((r) => setTimeout(r, 400));
    await c.restart();
    send(200);
    const result = await client.close();
    expect(result.dropped).toBe(0);
    const stored = (await exportedEvents(c)).filter((e) => e.name === 'order_completed');
    expect(stored.length).toBe(700);
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(ids));
  });

  it('reports what it drops: a full queue, a refused key, an event too large', async () => {
    const drops: Dropped[] = [];
    const down = createServerClient({ endpoint: 'http://127.0.0.1:9', serverKey: 'sk_x_0123456789abcdefghijkl', ...fast, maxQueueSize: 2, maxRetries: 1, flushAt: 1000, onDrop: (d) => drops.push(d) });
    down.track({ userId: 'u', name: 'a' });
    down.track({ userId: 'u', name: 'b' });
    const third = down.track({ userId: 'u', name: 'c' });
    const big = down.track({ userId: 'u', name: 'big', properties: { blob: 'x'.repeat(40_000) } });
    await down.close();
    expect(drops.map((d) => [d.reason, d.ids.length])).toEqual([['queue_full', 1], ['too_large', 1], ['unavailable', 2]]);
    expect(drops[0].ids).toEqual([third]);
    expect(drops[1].ids).toEqual([big]);
    expect(drops[2].detail).toMatch(/^gave up after 2 attempts: cannot reach/);

    const refused: Dropped[] = [];
    const wrongKey = createServerClient({ endpoint: c.url, serverKey: 'sk_unknown_0123456789abcdefghij', ...fast, onDrop: (d) => refused.push(d) });
    wrongKey.track({ userId: 'u', name: 'x' });
    await wrongKey.close();
    expect(refused).toEqual([{ ids: [expect.any(String)], reason: 'refused', detail: expect.stringMatching(/^the collector refused the batch: 401 unknown server key/) }]);
    expect(() => wrongKey.track({ userId: 'u', name: 'x' })).toThrow(/client is closed/);
    expect(() => createServerClient({ endpoint: c.url, serverKey: c.writeKey })).toThrow(/serverKey must be one of the site's sites\[\]\.serverKeys/);
  });

  it('as the package waymark/server, sends what is queued when its process gets SIGTERM, then exits', async () => {
    // An app that installed the package: node_modules/waymark is this repository (dist/server built).
    const app = mkdtempSync(join(tmpdir(), 'waymark-app-'));
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(root, join(app, 'node_modules/waymark'), 'dir');
    const script = join(app, 'sigterm.mjs');
    writeFileSync(script, `
      import { createServerClient } from 'waymark/server';
      const client = createServerClient({ endpoint: ${JSON.stringify(c.url)}, serverKey: ${JSON.stringify(c.serverKey)}, flushIntervalMs: 60000 });
      for (let i = 0; i < 30; i++) client.track({ userId: 'cust-term', name: 'newsletter_sent', channel: 'email' });
      setInterval(() => {}, 1000); // a server that would run for ever
      console.log('ready');
    `);
    const child = spawn(process.execPath, [script], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => out.includes('ready') && resolve());
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    child.kill('SIGTERM');
    const signal = await new Promise((r) => child.once('exit', (_code, sig) => r(sig)));
    expect(signal).toBe('SIGTERM');
    expect((await exportedEvents(c)).filter((e) => e.userId === 'cust-term').length).toBe(30);
  });
});
