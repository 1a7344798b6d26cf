// The PostgreSQL journey rows (body fields picked out in SQL) must equal what the generic path
// makes of whole stored events, on a seeded population plus the awkward cases: ids past the
// Basic Multilingual Plane (byte order differs from JavaScript's), empty referrers and UTM
// tags, aliases, identify traits, events without a URL, unverified flags and time ties.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericJourneyRows, inRange, type AnonRange, type JourneyRow, type JourneyRowSource } from '../../collector/src/api/journey-rows.js';
import { postgresJourneyRows } from '../../collector/src/api/postgres-journey-rows.js';
import { seedVolume } from '../../collector/src/seed/volume.js';
import { storeSink } from '../../collector/src/seed/sinks.js';
import type { PostgresStore } from '../../collector/src/store/postgres.js';
import type { StoredEvent } from '../../collector/src/store/store.js';
import { postgresStores } from '../store/postgres-db.js';

const T0 = Date.UTC(2026, 9, 1, 9);

function stored(anonymousId: string, minutes: number, over: Record<string, any> = {}): StoredEvent {
  const id = randomUUID();
  const { context, ...rest } = over;
  const event: any = {
    id, type: 'page', anonymousId, sessionId: `${anonymousId}-s`, timestamp: new Date(T0 + minutes * 60_000).toISOString(),
    context: context ?? { url: 'https://shop.example/', referrer: 'https://www.google.com/', userAgent: 'Mozilla/5.0', sdk: { name: 'test', version: '0' } },
    ...rest,
  };
  return {
    id, siteId: 'shop', type: event.type, name: event.name ?? null, anonymousId, userId: event.userId ?? null, sessionId: event.sessionId,
    at: T0 + minutes * 60_000, receivedAt: T0 + minutes * 60_000 + 5, ip: null, flags: over.flags ?? [], event,
  };
}

const nasty: StoredEvent[] = [
  stored('zoë-ünïcode', 0, { context: { url: 'https://shop.example/ü?q=中', referrer: '', sdk: { name: 't', version: '0' } } }),
  stored('zoë-ünïcode', 1, { type: 'identify', userId: 'zoë', traits: { email: 'zoë@example.com', plan: 'plus', nested: { a: [1, null] } } }),
  stored('😀-astral', 0, { context: { url: 'https://shop.example/', utm: {}, sdk: { name: 't', version: '0' } } }),
  stored('😀-astral', 2, { context: { url: 'https://shop.example/', utm: { utm_source: '', utm_medium: '' }, sdk: { name: 't', version: '0' } } }),
  stored('😀-astral', 3, { context: { url: 'https://shop.example/', utm: { utm_source: 'news', utm_campaign: 'spring' }, sdk: { name: 't', version: '0' } } }),
  stored('\uFFFF-last-of-the-bmp', 0, { type: 'alias', userId: 'zoë', previousId: '😀-astral' }),
  stored('\uFFFF-last-of-the-bmp', 0, { type: 'track', name: 'support_call', channel: 'support', context: { sdk: { name: 't', version: '0' } } }),
  stored('\uFFFF-last-of-the-bmp', 0, { type: 'identify', userId: 'zoë' }), // no traits; three events at one time
  stored('𝔘-unverified', 5, { type: 'identify', userId: 'mallory', traits: { admin: true }, flags: ['identity_unverified'] }),
  stored('𝔘-unverified', 6, { type: 'track', name: 'order_completed', properties: { total: 12.5, items: ['a', 'b'], note: 'é "q" \\' } }),
  stored('A-upper', 7, { type: 'survey', properties: { surveyId: 's', instrument: 'nps', score: 9 } }),
];

async function collect(rows: AsyncIterable<JourneyRow>): Promise<JourneyRow[]> {
  const out: JourneyRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const factory = await postgresStores();

describe.skipIf('skip' in factory)('PostgreSQL journey rows', () => {
  let store: PostgresStore;
  let generic: JourneyRowSource;
  let direct: JourneyRowSource;
  let seeded = 0;
  beforeAll(async () => {
    if ('skip' in factory) return;
    store = (await factory.fresh()).store as PostgresStore;
    // 12,000 events: several pages of the keyset scan.
    seeded = (await seedVolume({ customers: 400, events: 12_000, seed: 3 }, storeSink(store, 'shop', { trusted: true }))).events;
    await store.ingest(nasty, []);
    generic = genericJourneyRows(store);
    direct = postgresJourneyRows(store.pool);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    if (!('skip' in factory)) await factory.done?.();
  });

  it('are the generic rows, in the same order', async () => {
    const [want, got] = [await collect(generic.rows()), await collect(direct.rows())];
    expect(want.length).toBe(seeded + nasty.length);
    expect(got).toEqual(want);
    // toEqual ignores undefined-versus-missing; the journey code must see the very same shape.
    expect(got.map((r) => Object.keys(r).join())).toEqual(want.map((r) => Object.keys(r).join()));
  });

  it('hold the awkward cases as the generic path does', async () => {
    const rows = await collect(direct.rows());
    const of = (a: string) => rows.filter((r) => r.anonymousId === a);
    expect(of('zoë-ünïcode').map((r) => [r.referrer, r.url, r.traits])).toEqual([
      [null, 'https://shop.example/ü?q=中', null],
      ['https://www.google.com/', 'https://shop.example/', { email: 'zoë@example.com', plan: 'plus', nested: { a: [1, null] } }],
    ]);
    expect(of('😀-astral').map((r) => r.utm)).toEqual([null, null, { utm_source: 'news', utm_campaign: 'spring' }]);
    expect(of('\uFFFF-last-of-the-bmp').map((r) => [r.type, r.previousId, r.channel, r.url, r.traits])).toEqual([
      ['alias', '😀-astral', null, 'https://shop.example/', null],
      ['track', null, 'support', null, null],
      ['identify', null, null, 'https://shop.example/', null],
    ]);
    expect(of('𝔘-unverified')[0].flags).toEqual(['identity_unverified']);
    // Byte order: U+FFFF sorts before the astral ids, which JavaScript's `<` would put first.
    const order = [...new Set(rows.map((r) => r.anonymousId))].filter((a) => /^[\uFFFF\uD800-\uDBFF]/.test(a));
    expect(order).toEqual(['\uFFFF-last-of-the-bmp', '𝔘-unverified', '😀-astral']);
  });

  it('split into ranges, together are every row once', async () => {
    const all = await collect(generic.rows());
    const [a, b] = [all[Math.floor(all.length / 3)].anonymousId, all[Math.floor((2 * all.length) / 3)].anonymousId];
    const ranges: AnonRange[] = [
      { from: null, to: a }, { from: a, to: b }, { from: b, to: null },
      // Cut at an astral id too, where byte and UTF-16 order part.
      { from: null, to: '😀-astral' }, { from: '😀-astral', to: null },
    ];
    for (const parts of [ranges.slice(0, -2), ranges.slice(-2)]) {
      const got: JourneyRow[] = [];
      for (const r of parts) {
        const rows = await collect(direct.rows(r));
        expect(rows.every((e) => inRange(e.anonymousId, r))).toBe(true);
        got.push(...rows);
      }
      expect(got).toEqual(all);
    }
  });

  it('of one anonymous id, and the identity links, are the generic ones', async () => {
    for (const a of ['zoë-ünïcode', '😀-astral', '\uFFFF-last-of-the-bmp', '𝔘-unverified', 'never-seen']) {
      expect(await direct.rowsOf(a)).toEqual(await generic.rowsOf(a));
    }
    expect(await direct.identityLinks()).toEqual(await generic.identityLinks());
  });
});
