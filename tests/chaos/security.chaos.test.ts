// Scenarios 4, 6 and 7 in the chaos table: the same checks as the short tests in
// tests/reliability (access, identity-spoofing, privacy), condensed to one row each.
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { failures, record } from './results.js';

const secret = 'identity-secret-for-chaos';
const readToken = 'rt_security_chaos_token_x';
const shop = { id: 'shop', writeKey: 'wk_security_chaos', origins: ['https://shop.example'], identitySecret: secret };
let c: RunningCollector;
beforeAll(async () => { c = await startCollector({ config: { sites: [shop], readToken } }); });
afterAll(async () => { await c?.stop(); });

it('4 access', async () => {
  const routes = ['/v1/customers', '/v1/customers/x/journey', '/v1/journey-map', '/v1/flows', '/v1/funnels', '/v1/export?kind=events', '/v1/stages', '/v1/quarantine'];
  const creds: Record<string, string>[] = [{}, { authorization: 'Bearer rt_wrong_wrong_wrong' }, { authorization: `Bearer ${shop.writeKey}` }];
  let tried = 0, refused = 0, leaked = 0;
  for (const r of routes) for (const h of creds) {
    const res = await fetch(c.url + r, { headers: h });
    tried++;
    if (res.status === 401) refused++;
    if ((await res.text()).includes(readToken)) leaked++;
  }
  const wrongKey = (await post(c.url, batch('wk_unknown_key_x', [event()]))).status;
  const wrongOrigin = (await post(c.url, batch(shop.writeKey, [event()]), { headers: { origin: 'https://evil.example' } })).status;
  tried += 2;
  const row = record({
    scenario: '4 access', requestsPerSecond: null, eventsPerSecond: null,
    faults: 'no/wrong token, write key as token on every read route; unknown key; foreign origin', inputs: tried, lost: null, duplicated: null,
    failed: failures({ 'read routes refuse': refused === routes.length * creds.length, 'token never leaked': leaked === 0 && !c.output().includes(readToken), 'unknown key 401': wrongKey === 401, 'foreign origin 403': wrongOrigin === 403 }),
  });
  expect(row.failed).toEqual([]);
});

it('6 identity spoofing and 7 privacy', async () => {
  const sign = (u: string) => createHmac('sha256', secret).update(u).digest('hex');
  const signed = event({ type: 'identify', userId: 'alice', anonymousId: 'dev-alice', traits: { $signature: sign('alice') } });
  const spoofs = [
    event({ type: 'identify', userId: 'alice', anonymousId: 'dev-mallory' }),
    event({ type: 'identify', userId: 'alice', anonymousId: 'dev-mallory', traits: { $signature: sign('bob') } }),
    event({ anonymousId: 'dev-mallory', userId: 'alice' }),
  ];
  await post(c.url, batch(shop.writeKey, [signed, ...spoofs]));
  const db = new Database(c.dbFile, { readonly: true });
  const rows = db.prepare('SELECT lower(hex(id)) AS id, flags, ip FROM events').all() as { id: string; flags: string | null; ip: string | null }[];
  db.close();
  const flagsOf = (id: string) => rows.find((r) => r.id === id.replace(/-/g, ''))?.flags ?? null;
  const spoofsFlagged = spoofs.filter((s) => flagsOf(s.id)?.includes('identity_unverified')).length;
  const auth = { authorization: `Bearer ${readToken}` };
  const journey = await (await fetch(`${c.url}/v1/customers/alice/journey`, { headers: auth })).json();
  record({
    scenario: '6 identity spoofing', requestsPerSecond: null, eventsPerSecond: null,
    faults: 'unsigned, wrongly signed and bare-userId claims of a signed user', inputs: spoofs.length + 1, lost: null, duplicated: null,
    failed: failures({ 'spoofs flagged': spoofsFlagged === spoofs.length, 'signed not flagged': flagsOf(signed.id) === null, 'spoofer not stitched': JSON.stringify(journey.anonymousIds) === '["dev-alice"]' }),
  });
  const files = [c.dbFile, `${c.dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
  const ipRow = record({
    scenario: '7 privacy (IP)', requestsPerSecond: null, eventsPerSecond: null,
    faults: 'default config; raw IP searched in the database and WAL', inputs: rows.length, lost: null, duplicated: null,
    failed: failures({ 'IP truncated': rows.every((r) => r.ip === '127.0.0.0'), 'raw IP nowhere': !files.includes('127.0.0.1') }),
  });
  expect(spoofsFlagged).toBe(spoofs.length);
  expect(ipRow.failed).toEqual([]);
});
