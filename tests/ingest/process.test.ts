// The collector as a process: durability across SIGKILL, graceful SIGTERM, bad configuration.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCollector } from '../helpers/collector.js';
import { batch, event } from './batch.js';

const send = (url: string, body: unknown) =>
  fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('a collector killed with SIGKILL', () => {
  it('has every event it acknowledged, exactly once, after a restart and a full resend', async () => {
    const c = await startCollector();
    const batches = Array.from({ length: 60 }, () => Array.from({ length: 50 }, () => event()));
    const acked = new Set<string>();
    let next = 0;
    // Four senders in parallel, like four browsers; the kill lands while requests are in flight.
    const sender = async () => {
      while (next < batches.length) {
        const b = batches[next++];
        try {
          const res = await send(c.url, batch(c.writeKey, b));
          if (res.status === 200) b.forEach((e) => acked.add(e.id));
        } catch { /* connection reset by the kill: not acknowledged */ }
      }
    };
    const senders = Promise.all([sender(), sender(), sender(), sender()]);
    while (next < 25) await new Promise((r) => setTimeout(r, 5));
    await c.kill();
    await senders;
    expect(acked.size).toBeGreaterThan(0);
    expect(acked.size).toBeLessThan(60 * 50); // the kill really cut the stream short

    const db = new Database(c.dbFile, { readonly: true });
    const ids = new Set((db.prepare('SELECT lower(hex(id)) h FROM events').all() as { h: string }[]).map((r) => r.h));
    db.close();
    const hex = (id: string) => id.replace(/-/g, '');
    const missing = [...acked].filter((id) => !ids.has(hex(id)));
    expect(missing).toEqual([]);

    await c.restart();
    for (const b of batches) expect((await send(c.url, batch(c.writeKey, b))).status).toBe(200);
    await c.stop();
    const after = new Database(c.dbFile, { readonly: true });
    const { n, uniq } = after.prepare('SELECT count(*) n, count(DISTINCT id) uniq FROM events').get() as any;
    after.close();
    expect(n).toBe(60 * 50);
    expect(uniq).toBe(n);
  });
});

describe('a collector asked to stop with SIGTERM', () => {
  it('finishes a request already in flight, then exits cleanly', async () => {
    const c = await startCollector();
    const body = JSON.stringify(batch(c.writeKey, [event()]));
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write(body.slice(0, 20)); // half a body: the request is in flight
      setTimeout(() => { void stopped; req.end(body.slice(20)); }, 500);
    });
    await new Promise((r) => setTimeout(r, 100));
    const stopped = c.stop();
    expect(await answer).toBe(200);
    expect(await stopped).toBe(0);
  });
});

describe('a bad configuration file', () => {
  it.each([
    ['names the field that is wrong', { sites: [{ id: 'shop', writeKey: 'shop-key' }] }, 'config.sites[0].writeKey: must start with "wk_"'],
    ['names a mistyped stage', { stages: [{ stage: 'checkout', when: { event: 'x' } }] }, 'config.stages[0].stage: must be one of awareness'],
    ['says a rule with no condition matches nothing', { stages: [{ stage: 'purchase', when: {} }] }, 'config.stages[0].when: needs at least one of event, url or properties'],
    ['points at broken JSON', '{ "sites": [ }', 'is not valid JSON'],
  ])('stops the start and %s', (_n, config, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-config-'));
    const file = join(dir, 'waymark.json');
    writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'collector/src/server.ts', '--config', file, '--db', join(dir, 'w.db'), '--port', '0'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
