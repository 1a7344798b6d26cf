// Scenario 6: the write key is public, so anyone can claim any user id with `identify`. With an
// identity secret, only identifies signed by the site's backend count; the rest are stored with
// the flag `identity_unverified`, and journey stitching ignores them.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import type { StoredEvent } from '../../collector/src/store/store.js';

const secret = 'identity-secret-for-tests';
const sign = (userId: string) => createHmac('sha256', secret).update(userId).digest('hex');
const sites = [
  { id: 'signed', writeKey: 'wk_signed_site', origins: [], identitySecret: secret },
  { id: 'open', writeKey: 'wk_open_site', origins: [] },
];

let c: InProcessCollector;
beforeAll(async () => { c = await serveCollector({ config: { sites, readToken: 'rt_identity_spoof_test' } }); });
afterAll(async () => { await c?.close(); });

async function stored(): Promise<Map<string, StoredEvent>> {
  const m = new Map<string, StoredEvent>();
  for await (const e of c.store.scanEvents()) m.set(e.id, e);
  return m;
}

describe('identity signatures', () => {
  it('flags unsigned and wrongly signed identifies and keeps signed ones clean', async () => {
    const cases = {
      signed: event({ type: 'identify', userId: 'alice', anonymousId: 'anon-alice', traits: { plan: 'pro', $signature: sign('alice') } }),
      unsigned: event({ type: 'identify', userId: 'alice', anonymousId: 'anon-mallory' }),
      replayed: event({ type: 'identify', userId: 'alice', anonymousId: 'anon-mallory', traits: { $signature: sign('bob') } }),
      garbage: event({ type: 'identify', userId: 'alice', anonymousId: 'anon-mallory', traits: { $signature: 'x'.repeat(64) } }),
      alias: event({ type: 'alias', userId: 'alice', previousId: 'anon-mallory', anonymousId: 'anon-mallory' }),
      track: event({ anonymousId: 'anon-mallory' }),
    };
    const res = await post(c.url, batch('wk_signed_site', Object.values(cases)));
    // Flagged events are still accepted: losing them would hide the attempt from the analyst.
    expect(res.json).toMatchObject({ accepted: 6, rejected: [] });
    const byId = await stored();
    const flags = Object.fromEntries(Object.entries(cases).map(([k, e]) => [k, byId.get(e.id)?.flags]));
    expect(flags).toEqual({
      signed: [], unsigned: ['identity_unverified'], replayed: ['identity_unverified'],
      garbage: ['identity_unverified'], alias: ['identity_unverified'], track: [],
    });
  });

  it('checks nothing for a site without a secret', async () => {
    const e = event({ type: 'identify', userId: 'carol', anonymousId: 'anon-carol' });
    await post(c.url, batch('wk_open_site', [e]));
    expect((await stored()).get(e.id)?.flags).toEqual([]);
  });
});
