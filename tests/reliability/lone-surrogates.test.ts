// Attack: strings holding half an emoji (a lone UTF-16 surrogate, legal in JSON as "\ud83d").
// SQLite stored them as invalid UTF-8, so that customer's journey and erasure answered 404;
// PostgreSQL's jsonb refused them, so the whole batch answered 500 on every retry and its valid
// events were never stored. Both stores must store the batch, with U+FFFD in place of each lone
// half (keys included), and find and erase that customer by the id they now hold.
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../collector/src/store/store.js';
import { appCollector } from '../helpers/collector.js';
import { batch, event, post } from '../ingest/batch.js';
import { postgresStores } from '../../collector/src/store/postgres/test-databases.js';

const pgStores = await postgresStores();
if ('skip' in pgStores) console.warn(`\n${pgStores.skip}\n`);
afterAll(async () => { if (!('skip' in pgStores)) await pgStores.done?.(); });

const stores: [string, (() => Promise<Store>) | null][] = [
  ['sqlite', null], // appCollector's own fresh SQLite file
  ['postgres', 'skip' in pgStores ? null : async () => (await pgStores.fresh()).store],
];

const half = '😀'.slice(0, 1); // '\ud83d', as `'Buy 😀'.slice(0, 5)` leaves it
const low = '😀'.slice(1); // '\ude00'

describe.each(stores)('lone surrogates on %s', (name, open) => {
  it.skipIf(name === 'postgres' && !open)('an event holding them is stored with U+FFFD, beside the rest of its batch, and its customer can be read and erased', async () => {
    const c = await appCollector({ store: open ? await open() : undefined, config: { readToken: 'rt_lone_surrogate_token' } });
    try {
      const read = (path: string, init: RequestInit = {}) =>
        c.fetch(`${c.url}${path}`, { ...init, headers: { authorization: `Bearer ${c.readToken}` } });
      const res = await post(c, batch(c.writeKey, [
        event({ anonymousId: 'alice', name: 'plain' }),
        event({
          anonymousId: `bob${half}`, name: `clicked ${low}`,
          properties: { [`label${half}`]: `Buy ${half}`, whole: 'fine 😀', list: [half, `${low}x`] },
          context: { url: 'http://localhost/', path: '/', title: `Shop ${half}`, sdk: { name: 'test', version: '0' } },
        }),
      ]));
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ accepted: 2, rejected: [] });

      const bob = encodeURIComponent('bob\ufffd');
      const journey = await read(`/v1/customers/${bob}/journey`);
      expect(journey.status).toBe(200);
      expect((await journey.json()).touchpoints.map((t: { name: string }) => t.name)).toEqual(['clicked \ufffd']);

      const exported = (await (await read(`/v1/export?kind=events&customer=${bob}`)).text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(exported).toHaveLength(1);
      expect(exported[0].properties).toEqual({ 'label\ufffd': 'Buy \ufffd', whole: 'fine 😀', list: ['\ufffd', '\ufffdx'] });
      expect(exported[0].context.title).toBe('Shop \ufffd');

      expect((await read('/v1/customers/alice/journey')).status).toBe(200);
      const erased = await c.fetch(`${c.url}/v1/customers/${bob}?reason=test`, { method: 'DELETE', headers: { authorization: `Bearer ${c.adminToken}` } });
      expect(erased.status).toBe(200);
      expect((await read(`/v1/customers/${bob}/journey`)).status).toBe(404);
    } finally {
      await c.close();
    }
  });
});
