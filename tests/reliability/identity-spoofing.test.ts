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
      trackClaim: event({ anonymousId: 'anon-mallory', userId: 'alice' }),
    };
    const res = await post(c.url, batch('wk_signed_site', Object.values(cases)));
    // Flagged events are still accepted: losing them would hide the attempt from the analyst.
    expect(res.json).toMatchObject({ accepted: 7, rejected: [] });
    const byId = await stored();
    const flags = Object.fromEntries(Object.entries(cases).map(([k, e]) => [k, byId.get(e.id)?.flags]));
    expect(flags).toEqual({
      signed: [], unsigned: ['identity_unverified'], replayed: ['identity_unverified'],
      // The alias's previousId is not signed either (`$previousSignature`), so it proves nothing.
      garbage: ['identity_unverified'], alias: ['identity_unverified', 'previous_id_unverified'], track: [], trackClaim: ['identity_unverified'],
    });
  });

  it('checks nothing for a site without a secret', async () => {
    const e = event({ type: 'identify', userId: 'carol', anonymousId: 'anon-carol' });
    await post(c.url, batch('wk_open_site', [e]));
    expect((await stored()).get(e.id)?.flags).toEqual([]);
  });
});

describe('stitching ignores unverified identities', () => {
  // erin identifies with a signature on her device; mallory claims erin from his without one,
  // once with identify and once with a bare track carrying her user id.
  const erinEvents = [
    event({ type: 'page', anonymousId: 'dev-erin' }),
    event({ type: 'identify', userId: 'erin', anonymousId: 'dev-erin', traits: { $signature: sign('erin') } }),
    event({ anonymousId: 'dev-erin', userId: 'erin', name: 'order_completed' }),
  ];
  const malloryEvents = [
    event({ type: 'page', anonymousId: 'dev-mallory', context: { url: 'http://localhost/spoof', path: '/spoof' } }),
    event({ type: 'identify', userId: 'erin', anonymousId: 'dev-mallory' }),
    event({ anonymousId: 'dev-mallory', userId: 'erin', name: 'spoofed_track' }),
    event({ anonymousId: 'dev-mallory2', userId: 'erin', name: 'bare_claim' }),
  ];

  it('keeps the spoofer out of the signed user\'s journey', async () => {
    const res = await post(c.url, batch('wk_signed_site', [...erinEvents, ...malloryEvents]));
    expect(res.json.accepted).toBe(7);
    const { stitchIdentities, toJourneyRow } = await import('../../collector/src/journey/index.js');
    const all: StoredEvent[] = [];
    for await (const e of c.store.scanEvents({ siteId: 'signed' })) all.push(e);
    const customers = stitchIdentities(all.map(toJourneyRow));
    const erin = customers.find((x) => x.customerId === 'erin')!;
    expect(erin.anonymousIds).toEqual(['dev-erin']);
    expect(erin.events.map((e) => e.id).sort()).toEqual(erinEvents.map((e) => e.id).sort());
    expect(customers.find((x) => x.anonymousIds.includes('dev-mallory'))?.customerId).toBe('dev-mallory');
  });

  it('through the read API: GET /v1/customers/erin/journey', async (ctx) => {
    const url = `${c.url}/v1/customers/erin/journey`;
    const res = await fetch(url, { headers: { authorization: 'Bearer rt_identity_spoof_test' } });
    if (res.status === 404 && !(await res.text()).includes('erin')) ctx.skip(); // read API not mounted yet
    expect(res.status).toBe(200);
    const j = await res.json();
    expect(j.anonymousIds).toEqual(['dev-erin']);
    expect(j.touchpoints.map((t: { id: string }) => t.id)).not.toContain(malloryEvents[0].id);
  });
});
