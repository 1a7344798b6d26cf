// Scenario 8: taking over another customer with an alias. On a site with an identity secret,
// Mallory signs in as herself (a valid signature for "mallory"), then sends aliases naming the
// victim's user id and the victim's device as previousId, signed only for her own id. An alias
// may link only ids whose ownership is proven: the victim keeps her customer, her devices and
// her later page views; erasing Mallory erases nothing of hers; the customer list and each
// journey agree. Without a secret, an alias never merges two users either. A backend that signs
// both ids does merge them: that is what alias is for.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCollector, type InProcessCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { apiOf, scenarioStores, type OpenedStore } from './lib/stores.js';

const secret = 'alias-takeover-secret-0123';
const sign = (userId: string) => createHmac('sha256', secret).update(userId).digest('hex');
const sites = [
  { id: 'signed', writeKey: 'wk_alias_signed', origins: [], identitySecret: secret },
  { id: 'open', writeKey: 'wk_alias_open', origins: [] },
];
const T = Date.now() - 3 * 3_600_000;
const at = (min: number) => new Date(T + min * 60_000).toISOString();
const ev = (min: number, over: Record<string, unknown>) => event({ type: 'page', timestamp: at(min), ...over });

// Signed site. The victim: a page view, a signed identify, a purchase (stamped with her user id).
const victim = [
  ev(0, { anonymousId: 'victim-laptop' }),
  ev(1, { type: 'identify', anonymousId: 'victim-laptop', userId: 'victim', traits: { $signature: sign('victim') } }),
  ev(2, { type: 'track', name: 'order_completed', anonymousId: 'victim-laptop', userId: 'victim' }),
];
// Mallory: signed in as herself, then the two aliases, each signed for "mallory" only.
const mallory = [
  ev(10, { type: 'identify', anonymousId: 'mallory-pc', userId: 'mallory', traits: { $signature: sign('mallory') } }),
  ev(11, { type: 'alias', anonymousId: 'mallory-pc', userId: 'mallory', previousId: 'victim', traits: { $signature: sign('mallory') } }),
  ev(12, { type: 'alias', anonymousId: 'mallory-pc', userId: 'mallory', previousId: 'victim-laptop', traits: { $signature: sign('mallory') } }),
];
// The victim's device after the attack: still hers.
const later = [ev(30, { anonymousId: 'victim-laptop', context: { url: 'http://shop.localhost/after', path: '/after' } })];
// A tablet the victim never signed in on, which she and Mallory both alias: claimed by two users,
// it joins neither, and Mallory's journey must not show it (the journey route finds that second
// alias too, as the customer list does).
const tablet = [
  ev(20, { anonymousId: 'victim-tablet' }),
  ev(21, { type: 'alias', anonymousId: 'victim-laptop', userId: 'victim', previousId: 'victim-tablet', traits: { $signature: sign('victim') } }),
  ev(22, { type: 'alias', anonymousId: 'mallory-pc', userId: 'mallory', previousId: 'victim-tablet', traits: { $signature: sign('mallory') } }),
];
// A real account change, signed for both ids by the backend: jo@example.com becomes user-42.
const proven = [
  ev(40, { type: 'identify', anonymousId: 'jo-phone', userId: 'jo@example.com', traits: { $signature: sign('jo@example.com') } }),
  ev(41, { type: 'identify', anonymousId: 'jo-laptop', userId: 'user-42', traits: { $signature: sign('user-42') } }),
  ev(42, { type: 'alias', anonymousId: 'jo-laptop', userId: 'user-42', previousId: 'jo@example.com',
    traits: { $signature: sign('user-42'), $previousSignature: sign('jo@example.com') } }),
];
// Open site: dave aliases carol's user id without anything to prove it.
const openSite = [
  ev(0, { type: 'identify', anonymousId: 'carol-pc', userId: 'carol' }),
  ev(5, { type: 'identify', anonymousId: 'dave-pc', userId: 'dave' }),
  ev(6, { type: 'alias', anonymousId: 'dave-pc', userId: 'dave', previousId: 'carol' }),
];

const stores = await scenarioStores();

describe.each(stores)('alias takeover (%s)', (_name, open) => {
  let opened: OpenedStore;
  let c: InProcessCollector;
  const api = (path: string, method = 'GET') => apiOf(c)(path, method);
  const ids = (list: { id: string }[]) => list.map((e) => e.id).sort();
  const customers = async (site: string) =>
    Object.fromEntries((await api(`/v1/customers?site=${site}`)).json.customers.map((x: any) => [x.customerId, [...x.userIds].sort()]));

  /** Every customer the list shows has the journey the list describes. */
  const expectListAndJourneysAgree = async (site: string) => {
    for (const x of (await api(`/v1/customers?site=${site}&limit=500`)).json.customers) {
      const j = (await api(`/v1/customers/${encodeURIComponent(x.customerId)}/journey`)).json;
      expect({ id: j.customerId, anonymousIds: j.anonymousIds, userIds: j.userIds, touchpoints: j.touchpoints.length })
        .toEqual({ id: x.customerId, anonymousIds: x.anonymousIds, userIds: x.userIds, touchpoints: x.touchpoints });
    }
  };

  beforeAll(async () => {
    if (typeof open === 'string') return;
    opened = await open();
    c = await appCollector({ store: opened.store, config: { sites, readToken: 'rt_alias_takeover' } });
    expect((await post(c, batch('wk_alias_signed', [...victim, ...mallory, ...later, ...proven, ...tablet]))).json.accepted).toBe(13);
    expect((await post(c, batch('wk_alias_open', openSite))).json.accepted).toBe(3);
  });
  afterAll(async () => {
    await c?.close();
    await opened?.drop();
  });

  it.skipIf(typeof open === 'string')('a signed alias links only proven ids: the victim keeps her customer, devices and later page views; list and journeys agree', async () => {
    expect(await customers('signed')).toEqual({ mallory: ['mallory'], victim: ['victim'], 'user-42': ['jo@example.com', 'user-42'], 'victim-tablet': [] });
    const v = await api('/v1/customers/victim/journey');
    expect(v.json.anonymousIds).toEqual(['victim-laptop']);
    expect(ids(v.json.touchpoints)).toEqual(ids([...victim, ...later, tablet[1]]));
    const m = await api('/v1/customers/mallory/journey');
    expect(ids(m.json.touchpoints)).toEqual(ids([...mallory, tablet[2]]));

    // The aliases are kept, flagged, for the analyst to see.
    const stored = new Map<string, string[] | undefined>();
    for await (const e of opened.store.scanEvents({ siteId: 'signed' })) stored.set(e.id, e.flags);
    expect([stored.get(mallory[1].id), stored.get(mallory[2].id), stored.get(proven[2].id)])
      .toEqual([['previous_id_unverified'], ['previous_id_unverified'], []]);
    await expectListAndJourneysAgree('signed');
  });

  it.skipIf(typeof open === 'string')('without a secret an alias never merges two users', async () => {
    expect(await customers('open')).toEqual({ carol: ['carol'], dave: ['dave'] });
    expect((await api('/v1/customers/carol/journey')).json.userIds).toEqual(['carol']);
    await expectListAndJourneysAgree('open');
  });

  it.skipIf(typeof open === 'string')('erasing the attacker erases nothing of the victim\'s', async () => {
    const erased = await api('/v1/customers/mallory', 'DELETE');
    expect(erased.json.erased).toMatchObject({ customerId: 'mallory', userIds: ['mallory'], deleted: mallory.length + 1 });
    const left = new Set<string>();
    for await (const e of opened.store.scanEvents({ siteId: 'signed' })) left.add(e.id);
    expect([...victim, ...later, tablet[0], tablet[1]].every((e) => left.has(e.id))).toBe(true);
    // With Mallory's alias gone, the tablet is claimed by the victim alone and joins her.
    expect(ids((await api('/v1/customers/victim/journey')).json.touchpoints)).toEqual(ids([...victim, ...later, ...tablet.slice(0, 2)]));
    await expectListAndJourneysAgree('signed');
  });
});
