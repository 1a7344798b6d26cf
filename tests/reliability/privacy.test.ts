// Scenario 7: IP addresses are never stored raw. A real collector process (server.ts, so the
// address comes from the socket as in production) stores events from 127.0.0.1; the database
// and its WAL must not hold that address in any form the privacy mode forbids.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';

const site = { id: 'shop', writeKey: 'wk_privacy_test', origins: [] };
let c: RunningCollector | undefined;
afterEach(async () => { await c?.stop(); c = undefined; });

function storedIps(dbFile: string): (string | null)[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare('SELECT ip FROM events').all() as { ip: string | null }[]).map((r) => r.ip);
  } finally {
    db.close();
  }
}

function fileText(dbFile: string): string {
  return [dbFile, `${dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

describe('IP privacy', () => {
  it.each([
    ['default (truncate)', undefined, (ip: string | null) => expect(ip).toBe('127.0.0.0')],
    ['none', 'none', (ip: string | null) => expect(ip).toBeNull()],
    ['hash', 'hash', (ip: string | null) => expect(ip).toMatch(/^[A-Za-z0-9_-]{22}$/)],
  ])('%s', async (_name, mode, check) => {
    c = await startCollector({ config: { sites: [site], ...(mode ? { privacy: { ip: mode } } : {}) } });
    // No field of the event itself mentions the address, so any "127.0.0.1" in the file is the IP.
    const e = event({ context: { url: 'http://shop.localhost/', path: '/' } });
    expect((await post(c.url, batch(site.writeKey, [e]))).json.accepted).toBe(1);
    const [ip] = storedIps(c.dbFile);
    check(ip);
    expect(fileText(c.dbFile)).not.toContain('127.0.0.1');
    if (mode === 'hash') {
      // The salt is kept beside the database, so the same visitor hashes alike after a restart.
      expect(existsSync(`${c.dataDir}/waymark.salt`)).toBe(true);
      await c.stop();
      await c.restart();
      await post(c.url, batch(site.writeKey, [event()]));
      const ips = storedIps(c.dbFile);
      expect(ips).toHaveLength(2);
      expect(ips[1]).toBe(ips[0]);
    }
  });
});
