// The one behaviour both stores must share. sqlite.test.ts and postgres.test.ts each run it with
// a factory for fresh, empty stores; a case that differs between them would be a bug in one.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createReadService } from '../read/service.js';
import { normaliseBatch } from '../ingest/normalise.js';
import { toJourneyRow } from '../journey/event.js';
import { seed } from '../seed/seed.js';
import { storeSink } from '../seed/sinks.js';
import { ALL_IDS, compareIds, inRange } from './id-ranges.js';
import type { JourneyRow, QuarantinedEvent, Store, StoredEvent } from './store.js';

export interface StoreFactory {
  /** A new, empty store, and a way to open a second store on the same database (another collector). */
  fresh(): Promise<{ store: Store; another(): Promise<Store> }>;
  /** Removes whatever fresh() created (called once, after the suite). */
  done?(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);

/** A stored event from a few fields; everything else plausible. */
export function storedEvent(over: Partial<StoredEvent> = {}): StoredEvent {
  const id = over.id ?? randomUUID();
  const anonymousId = over.anonymousId ?? 'anon-1';
  const at = over.at ?? T0;
  return {
    id,
    siteId: 'shop',
    type: 'track',
    name: 'clicked',
    anonymousId,
    userId: null,
    sessionId: 'sess-1',
    at,
    receivedAt: at + 5,
    ip: '203.0.113.0',
    flags: [],
    event: {
      id, type: over.type ?? 'track', name: over.name ?? 'clicked', anonymousId, sessionId: 'sess-1',
      timestamp: new Date(at).toISOString(),
      properties: { price: 12.5, tags: ['a', 'b'], nested: { ok: true, none: null }, text: 'é ü 中 "quoted" \\ back' },
      context: { url: 'https://shop.example/p?q=1', path: '/p', sdk: { name: 'test', version: '0' } },
    } as any,
    ...over,
  };
}

function quarantined(over: Partial<QuarantinedEvent> = {}): QuarantinedEvent {
  return { siteId: 'shop', receivedAt: T0, index: 0, eventId: null, errors: ['type: required'], raw: '{"bad":true}', ...over };
}

async function all(store: Store, filter?: Parameters<Store['scanEvents']>[0]) {
  const out: StoredEvent[] = [];
  for await (const e of store.scanEvents(filter)) out.push(e);
  return out;
}

async function rows(source: AsyncIterable<JourneyRow>) {
  const out: JourneyRow[] = [];
  for await (const r of source) out.push(r);
  return out;
}

export function storeContract(name: string, factory: StoreFactory | { skip: string }) {
  if ('skip' in factory) {
    console.warn(`\n${factory.skip}\n`);
    describe.skip(`${name} store contract — ${factory.skip}`, () => {
      it('runs when the database is available', () => {});
    });
    return;
  }

  describe(`${name} store contract`, () => {
    const open: Store[] = [];
    const fresh = async () => {
      const f = await factory.fresh();
      open.push(f.store);
      return {
        store: f.store,
        another: async () => {
          const s = await f.another();
          open.push(s);
          return s;
        },
      };
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });
    afterAll(async () => {
      await factory.done?.();
    });

    it(`reports its kind as "${name}"`, async () => {
      const { store } = await fresh();
      expect(store.kind).toBe(name);
    });

    it('gives back every field of an event exactly as ingested', async () => {
      const { store } = await fresh();
      const e = storedEvent({ userId: 'user-7', name: null, type: 'page', ip: null, flags: ['identity_unverified', 'clock_skew'] });
      expect(await store.ingest([e], [])).toEqual({ duplicateIds: [] });
      expect(await all(store)).toEqual([e]);
    });

    it('treats a resent event as a duplicate and keeps one copy', async () => {
      const { store } = await fresh();
      const a = storedEvent();
      const b = storedEvent();
      await store.ingest([a], []);
      expect(await store.ingest([a, b], [])).toEqual({ duplicateIds: [a.id] });
      expect((await all(store)).map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
    });

    it('keeps the first copy when one batch repeats an event', async () => {
      const { store } = await fresh();
      const a = storedEvent();
      const again = { ...a, name: 'changed' };
      expect(await store.ingest([a, again], [])).toEqual({ duplicateIds: [a.id] });
      expect((await all(store)).map((e) => e.name)).toEqual(['clicked']);
    });

    it('accepts each event exactly once when the same batch arrives concurrently', async () => {
      const { store } = await fresh();
      const batch = Array.from({ length: 20 }, (_, i) => storedEvent({ at: T0 + i }));
      const results = await Promise.all(Array.from({ length: 5 }, () => store.ingest(batch, [])));
      expect(results.reduce((n, r) => n + r.duplicateIds.length, 0)).toBe(4 * batch.length);
      for (const e of batch) expect(results.filter((r) => !r.duplicateIds.includes(e.id))).toHaveLength(1);
      expect(await all(store)).toHaveLength(batch.length);
    });

    it('answers each concurrent request with its own duplicates, in its own order', async () => {
      const { store } = await fresh();
      const [a, b, c] = [storedEvent(), storedEvent(), storedEvent()];
      await store.ingest([a, b], []);
      const [r1, r2, r3] = await Promise.all([store.ingest([b, c], []), store.ingest([c], []), store.ingest([b, a], [])]);
      expect(r1.duplicateIds).toEqual([b.id]);
      expect(r2.duplicateIds).toEqual([c.id]);
      expect(r3.duplicateIds).toEqual([b.id, a.id]);
    });

    it('dedupes across two stores on one database (two collectors), and both see every event', async () => {
      const { store, another } = await fresh();
      const second = await another();
      const batch = Array.from({ length: 50 }, (_, i) => storedEvent({ anonymousId: `anon-${i % 7}`, at: T0 + i }));
      const [r1, r2] = await Promise.all([store.ingest(batch, []), second.ingest(batch, [])]);
      expect(r1.duplicateIds.length + r2.duplicateIds.length).toBe(batch.length);
      expect(new Set([...r1.duplicateIds, ...r2.duplicateIds]).size).toBe(batch.length);
      expect((await all(second)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      expect(await all(store)).toHaveLength(batch.length);
    });

    it('keeps what was ingested after the store is closed and opened again', async () => {
      const { store, another } = await fresh();
      const e = storedEvent();
      await store.ingest([e], [quarantined()]);
      await store.close();
      const reopened = await another();
      expect(await all(reopened)).toEqual([e]);
      expect(await reopened.listQuarantine()).toHaveLength(1);
    });

    it('scans in time order, ties in arrival order, across many pages', async () => {
      const { store } = await fresh();
      // 2,500 events: pages of 1,000 end in the middle of runs of equal timestamps.
      const events = Array.from({ length: 2500 }, (_, i) => storedEvent({ at: T0 + Math.floor(i / 7) * 1000, anonymousId: `anon-${i % 13}` }));
      const shuffled = [...events].reverse();
      for (let i = 0; i < shuffled.length; i += 500) await store.ingest(shuffled.slice(i, i + 500), []);
      const got = await all(store);
      expect(got).toHaveLength(2500);
      const expected = [...shuffled].sort((x, y) => x.at - y.at); // stable: arrival order within a tie
      expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    });

    it.each([
      ['site', { siteId: 'blog' }, ['b1']],
      ['from (inclusive)', { from: T0 + 2000 }, ['s3', 'b1']],
      ['to (exclusive)', { to: T0 + 2000 }, ['s1', 's2']],
      ['from and to', { from: T0 + 1000, to: T0 + 3000 }, ['s2', 's3']],
      ['site and range', { siteId: 'shop', from: T0 + 1000 }, ['s2', 's3']],
      ['nothing', {}, ['s1', 's2', 's3', 'b1']],
    ])('filters a scan by %s', async (_label, filter, names) => {
      const { store } = await fresh();
      await store.ingest([
        storedEvent({ name: 's1', at: T0 }),
        storedEvent({ name: 's2', at: T0 + 1000 }),
        storedEvent({ name: 's3', at: T0 + 2000 }),
        storedEvent({ name: 'b1', at: T0 + 3000, siteId: 'blog' }),
      ], []);
      expect((await all(store, filter)).map((e) => e.name)).toEqual(names);
    });

    it('stores quarantined events with their reasons, newest first, by site and limit', async () => {
      const { store } = await fresh();
      await store.ingest([storedEvent()], [
        quarantined({ index: 1, eventId: 'x-1', errors: ['type: required', 'id: invalid uuid'], raw: '{"id":"x-1"}' }),
        quarantined({ index: 2, siteId: 'blog' }),
      ]);
      await store.ingest([], [quarantined({ index: 3, raw: '{"n":"中"}' })]);
      const list = await store.listQuarantine();
      expect(list.map((q) => q.index)).toEqual([3, 2, 1]);
      expect(list[2]).toMatchObject({ siteId: 'shop', receivedAt: T0, eventId: 'x-1', errors: ['type: required', 'id: invalid uuid'], raw: '{"id":"x-1"}' });
      expect(list[0].seq).toBeGreaterThan(list[1].seq);
      expect((await store.listQuarantine({ siteId: 'blog' })).map((q) => q.index)).toEqual([2]);
      expect((await store.listQuarantine({ limit: 1 })).map((q) => q.index)).toEqual([3]);
    });

    it('reads journey rows grouped by anonymous id (byte order), then time, then arrival, across pages', async () => {
      const { store } = await fresh();
      const anons = ['b-device', 'B-device', 'a-device', 'é-device', 'a-device-2'];
      const events = Array.from({ length: 2300 }, (_, i) => storedEvent({ anonymousId: anons[i % 5], at: T0 + Math.floor(i / 11) * 1000 }));
      await store.ingest(events.slice(1000), []);
      await store.ingest(events.slice(0, 1000), []);
      const arrival = [...events.slice(1000), ...events.slice(0, 1000)];
      const expected = [...arrival].sort((x, y) => compareIds(x.anonymousId, y.anonymousId) || x.at - y.at);
      const got = await rows(store.journeys.rows());
      expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect([...new Set(got.map((e) => e.anonymousId))]).toEqual(['B-device', 'a-device', 'a-device-2', 'b-device', 'é-device']);
      expect(got).toEqual(expected.map(toJourneyRow));
      // Skipped ids are left out, the first page ending inside one of them (rows 920-1379).
      const skipped = await rows(store.journeys.rows(undefined, new Set(['a-device-2'])));
      expect(skipped.map((e) => e.id)).toEqual(expected.filter((e) => e.anonymousId !== 'a-device-2').map((e) => e.id));
    });

    it('reads journey rows as the one normalisation makes them of whole events, awkward cases included', async () => {
      const { store } = await fresh();
      const ctx = (over: object) => ({ url: 'https://shop.example/', referrer: 'https://www.google.com/', sdk: { name: 't', version: '0' }, ...over });
      const at = (min: number) => T0 + min * 60_000;
      const of = (anonymousId: string, min: number, body: Record<string, unknown>, over: Partial<StoredEvent> = {}) => {
        const e = storedEvent({ anonymousId, at: at(min), type: (body.type as StoredEvent['type']) ?? 'page', name: (body.name as string) ?? null, userId: (body.userId as string) ?? null, ...over });
        e.event = { id: e.id, type: e.type, anonymousId, sessionId: 'sess-1', timestamp: new Date(e.at).toISOString(), context: ctx({}), ...body } as any;
        return e;
      };
      const awkward = [
        of('zoë-ünïcode', 0, { context: ctx({ url: 'https://shop.example/ü?q=中', referrer: '' }) }),
        of('zoë-ünïcode', 1, { type: 'identify', userId: 'zoë', traits: { email: 'zoë@example.com', nested: { a: [1, null] } } }),
        of('😀-astral', 0, { context: ctx({ utm: {} }) }),
        of('😀-astral', 2, { context: ctx({ utm: { source: '', medium: '' } }) }),
        of('😀-astral', 3, { context: ctx({ utm: { source: 'news', campaign: 'spring' } }) }),
        of('\uFFFF-last-of-the-bmp', 0, { type: 'alias', userId: 'zoë', previousId: '😀-astral' }),
        of('\uFFFF-last-of-the-bmp', 0, { type: 'track', name: 'support_call', channel: 'support', context: { sdk: { name: 't', version: '0' } } }),
        of('\uFFFF-last-of-the-bmp', 0, { type: 'identify', userId: 'zoë' }), // no traits; three events at one time
        of('𝔘-unverified', 5, { type: 'identify', userId: 'mallory', traits: { admin: true } }, { flags: ['identity_unverified'] }),
        of('𝔘-unverified', 6, { type: 'track', name: 'order_completed', properties: { total: 12.5, items: ['a', 'b'], note: 'é "q" \\' } }),
        of('A-upper', 7, { type: 'survey', properties: { surveyId: 's', instrument: 'nps', score: 9 } }),
      ];
      await store.ingest(awkward, []);
      const whole = (await all(store)).sort((x, y) => compareIds(x.anonymousId, y.anonymousId) || x.at - y.at);
      const got = await rows(store.journeys.rows());
      expect(got).toEqual(whole.map(toJourneyRow));
      // toEqual ignores undefined-versus-missing; the journey code must see the very same shape.
      expect(got.map((r) => Object.keys(r).join())).toEqual(whole.map((e) => Object.keys(toJourneyRow(e)).join()));
      expect(got.filter((r) => r.anonymousId === '😀-astral').map((r) => r.utm)).toEqual([null, null, { source: 'news', campaign: 'spring' }]);
      // Byte order: U+FFFF sorts before the astral ids, which JavaScript's `<` would put first.
      expect([...new Set(got.map((r) => r.anonymousId))]).toEqual(['A-upper', 'zoë-ünïcode', '\uFFFF-last-of-the-bmp', '𝔘-unverified', '😀-astral']);
      // Ranges cut anywhere, astral ids included, together hold every row once.
      for (const cuts of [['zoë'], ['\uFFFF', '😀-astral'], ['😀-astral']]) {
        const parts: JourneyRow[] = [];
        for (const [i, from] of [null, ...cuts].entries()) {
          const range = { from, to: cuts[i] ?? null };
          const part = await rows(store.journeys.rows(range));
          expect(part.every((r) => inRange(r.anonymousId, range))).toBe(true);
          parts.push(...part);
        }
        expect(parts).toEqual(got);
      }
      // One device's rows, or one customer's, as the identity query of whole events finds them.
      for (const ids of [{ anonymousIds: ['😀-astral'], userIds: [] }, { anonymousIds: ['nobody'], userIds: ['zoë'] }, { anonymousIds: [], userIds: [], aliasesNaming: ['😀-astral'] }]) {
        const whole = await store.eventsForIdentities(ids);
        expect(await store.journeys.rowsOf(ids)).toEqual(whole.map(toJourneyRow));
        // The ids on those events, each (anonymous id, user id, previous id) once.
        const named = new Map(whole.map((e) => {
          const previousId = e.type === 'alias' && typeof e.event.previousId === 'string' ? e.event.previousId : null;
          return [`${e.anonymousId} ${e.userId} ${previousId}`, { anonymousId: e.anonymousId, userId: e.userId, previousId }];
        }));
        const key = (x: { anonymousId: string; userId: string | null; previousId: string | null }) => `${x.anonymousId} ${x.userId} ${x.previousId}`;
        expect((await store.journeys.identitiesOf(ids)).map(key).sort()).toEqual([...named.values()].map(key).sort());
      }
    });

    it('splits its anonymous ids into ranges of about as many events each, and counts its events', async () => {
      const { store } = await fresh();
      expect(await store.splitRanges(3)).toEqual([ALL_IDS]);
      const events = Array.from({ length: 3000 }, (_, i) => storedEvent({ anonymousId: `device-${(i * 7919) % 300}`, at: T0 + i }));
      await store.ingest(events, []);
      expect(await store.eventCount()).toBe(3000);
      const ranges = await store.splitRanges(3);
      expect(ranges).toHaveLength(3);
      expect([ranges[0].from, ranges[2].to]).toEqual([null, null]);
      expect([ranges[1].from, ranges[2].from]).toEqual([ranges[0].to, ranges[1].to]);
      // Balanced within a sample's error.
      for (const range of ranges) expect(events.filter((e) => inRange(e.anonymousId, range)).length).toBeGreaterThan(3000 / 3 / 2);
      // A worker can open the same data.
      expect(store.readerSource()?.kind).toBe(store.kind);
    });

    it('finds one customer\'s events by anonymous id or user id, in time order', async () => {
      const { store } = await fresh();
      const mine = [
        storedEvent({ name: 'm1', anonymousId: 'laptop', at: T0 + 3 }),
        storedEvent({ name: 'm2', anonymousId: 'phone', userId: 'u-1', at: T0 + 1 }),
        storedEvent({ name: 'm3', anonymousId: 'tablet', userId: 'u-1', at: T0 + 2 }),
      ];
      const others = [storedEvent({ anonymousId: 'other', userId: 'u-2', at: T0 }), storedEvent({ anonymousId: 'x', at: T0 + 4 })];
      await store.ingest([...others, ...mine], []);
      expect((await store.eventsForIdentities({ anonymousIds: ['laptop'], userIds: ['u-1'] })).map((e) => e.name)).toEqual(['m2', 'm3', 'm1']);
      expect((await store.eventsForIdentities({ anonymousIds: ['laptop'], userIds: ['u-1'] }, { from: T0 + 2 })).map((e) => e.name)).toEqual(['m3', 'm1']);
      expect(await store.eventsForIdentities({ anonymousIds: [], userIds: [] })).toEqual([]);
      expect(await store.eventsForIdentities({ anonymousIds: ['nobody'], userIds: ['no-user'] })).toEqual([]);
    });

    it('finds the aliases naming an anonymous id from any device, once each, in time order', async () => {
      const { store } = await fresh();
      const alias = (anonymousId: string, userId: string, previousId: string, at: number) => {
        const e = storedEvent({ type: 'alias', anonymousId, userId, at, name: `${userId}>${previousId}` });
        e.event = { ...e.event, type: 'alias', userId, previousId } as any;
        return e;
      };
      await store.ingest([
        storedEvent({ anonymousId: 'tablet', name: 'own', at: T0 }),
        alias('laptop', 'ann', 'tablet', T0 + 2), alias('pc', 'ben', 'tablet', T0 + 1),
        alias('pc', 'ben', 'elsewhere', T0 + 3), alias('tablet', 'cy', 'tablet', T0 + 4),
      ], []);
      const names = async (q: Parameters<Store['eventsForIdentities']>[0]) => (await store.eventsForIdentities(q)).map((e) => e.name);
      expect(await names({ anonymousIds: ['tablet'], userIds: [], aliasesNaming: ['tablet'] })).toEqual(['own', 'ben>tablet', 'ann>tablet', 'cy>tablet']);
      expect(await names({ anonymousIds: ['tablet'], userIds: [] })).toEqual(['own', 'cy>tablet']);
      expect(await names({ anonymousIds: [], userIds: [], aliasesNaming: ['tablet'] })).toEqual(['ben>tablet', 'ann>tablet', 'cy>tablet']);
    });

    it('lists each distinct identity link once, alias previous ids included', async () => {
      const { store } = await fresh();
      const alias = storedEvent({ type: 'alias', anonymousId: 'phone', userId: 'u-1' });
      alias.event = { ...alias.event, type: 'alias', previousId: 'old-user' } as any;
      await store.ingest([
        storedEvent({ anonymousId: 'phone' }),
        storedEvent({ type: 'identify', anonymousId: 'phone', userId: 'u-1' }),
        storedEvent({ anonymousId: 'phone', userId: 'u-1' }),
        storedEvent({ anonymousId: 'laptop', userId: 'u-1', flags: ['identity_unverified'] }),
        alias,
      ], []);
      await store.ingest([storedEvent({ anonymousId: 'phone', userId: 'u-1' })], []);
      const links = (await store.journeys.identityLinks()).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      expect(links).toEqual([
        { anonymousId: 'laptop', userId: 'u-1', previousId: null },
        { anonymousId: 'phone', userId: 'u-1', previousId: 'old-user' },
        { anonymousId: 'phone', userId: 'u-1', previousId: null },
      ]);
    });

    it('erases every event and link of the given identities and nothing else', async () => {
      const { store } = await fresh();
      const gone = [
        storedEvent({ anonymousId: 'phone' }),
        storedEvent({ anonymousId: 'laptop', userId: 'u-1' }),
        storedEvent({ anonymousId: 'shared-pc', userId: 'u-1' }),
      ];
      const kept = [storedEvent({ anonymousId: 'shared-pc', userId: 'u-2' }), storedEvent({ anonymousId: 'other' })];
      await store.ingest([...gone, ...kept], []);
      const erasure = { customerId: 'u-1', identities: { anonymousIds: ['phone', 'laptop'], userIds: ['u-1'] }, requestedBy: 'contract-test' };
      expect(await store.eraseIdentities(erasure)).toEqual({ deleted: 3 });
      expect((await all(store)).map((e) => e.id).sort()).toEqual(kept.map((e) => e.id).sort());
      expect(await store.journeys.identityLinks()).toEqual([{ anonymousId: 'shared-pc', userId: 'u-2', previousId: null }]);
      expect(await store.eraseIdentities(erasure)).toEqual({ deleted: 0 });
      // Erased means gone: the same event sent again is new data, not a duplicate.
      expect(await store.ingest([gone[0]], [])).toEqual({ duplicateIds: [] });
    });

    it('erases the listed events of a shared device, quarantined events naming the customer, and links no event carries any more', async () => {
      const { store } = await fresh();
      const hers = [
        storedEvent({ anonymousId: 'shared-pc', at: T0 }), // before she signed in: no user id, hers by stitching
        storedEvent({ anonymousId: 'shared-pc', userId: 'alice', at: T0 + 1 }),
        storedEvent({ anonymousId: 'phone', userId: 'alice', at: T0 + 2 }),
      ];
      const his = [storedEvent({ anonymousId: 'shared-pc', userId: 'bob', at: T0 + 9 }), storedEvent({ anonymousId: 'shared-pc', at: T0 + 10 })];
      const raw = (o: unknown) => JSON.stringify(o);
      const q = {
        phone: quarantined({ raw: raw({ anonymousId: 'phone', name: 'x' }) }),
        user: quarantined({ raw: raw({ anonymousId: 'elsewhere', userId: 'alice' }) }),
        shared: quarantined({ raw: raw({ anonymousId: 'shared-pc' }) }),
        cut: quarantined({ raw: '{"userId":"alice","properties":{"note":"cut at 64 KB' }),
        bobs: quarantined({ raw: raw({ anonymousId: 'bob-phone', userId: 'bob' }) }),
        mention: quarantined({ raw: raw({ anonymousId: 'other', properties: { friend: 'alice' } }) }),
      };
      await store.ingest([...hers, ...his], Object.values(q));
      const erased = await store.eraseIdentities({
        customerId: 'alice', identities: { anonymousIds: ['phone'], userIds: ['alice'] }, sharedAnonymousIds: ['shared-pc'],
        events: hers.map((e) => ({ anonymousId: e.anonymousId, id: e.id })), requestedBy: 'contract-test',
      });
      expect(erased).toEqual({ deleted: 3 });
      expect((await all(store)).map((e) => e.id)).toEqual(his.map((e) => e.id));
      expect(await store.journeys.identityLinks()).toEqual([{ anonymousId: 'shared-pc', userId: 'bob', previousId: null }]);
      expect((await store.listQuarantine()).map((r) => r.raw).sort()).toEqual([q.bobs.raw, q.mention.raw].sort());
    });

    it('erases events accepted a moment before, even while their write is pending', async () => {
      const { store } = await fresh();
      const writing = store.ingest([storedEvent({ anonymousId: 'phone' })], []);
      const erased = await store.eraseIdentities({ customerId: 'phone', identities: { anonymousIds: ['phone'], userIds: [] }, requestedBy: 'contract-test' });
      await writing;
      expect(erased).toEqual({ deleted: 1 });
      expect(await all(store)).toEqual([]);
    });

    it('changes the data version on every ingest and erasure, as every store on the database sees it', async () => {
      const { store, another } = await fresh();
      const second = await another();
      const v0 = await store.dataVersion();
      expect(await store.dataVersion()).toBe(v0);
      await second.ingest([storedEvent({ anonymousId: 'phone' })], []);
      const v1 = await store.dataVersion();
      expect(v1).not.toBe(v0);
      expect(await second.dataVersion()).toBe(v1);
      await store.ingest([storedEvent()], []);
      const v2 = await second.dataVersion();
      expect(v2).not.toBe(v1);
      await second.eraseIdentities({ customerId: 'phone', identities: { anonymousIds: ['phone'], userIds: [] }, requestedBy: 'contract-test' });
      const v3 = await store.dataVersion();
      expect([v0, v1, v2]).not.toContain(v3);
      expect(await store.dataVersion()).toBe(v3);
      // `<writes>.<erasures>`: caches may serve an older result across writes, never across an erasure.
      const erasures = (v: string) => v.split('.')[1];
      expect([v0, v1, v2, v3].every((v) => /^\d+\.\d+$/.test(v))).toBe(true);
      expect(new Set([v0, v1, v2].map(erasures)).size).toBe(1);
      expect(erasures(v3)).not.toBe(erasures(v2));
    });

    it('keeps journey map notes: added, listed oldest first, deleted by id, shared by every store on the database', async () => {
      const { store, another } = await fresh();
      const a = await store.addMapNote({ stage: 'purchase', row: 'touchpoints', text: 'Checkout asks for the address twice', owner: 'ana' });
      const b = await store.addMapNote({ stage: 'awareness', row: 'emotion', text: 'Ads land on "/" — not the product' });
      expect(a).toMatchObject({ stage: 'purchase', row: 'touchpoints', text: 'Checkout asks for the address twice', owner: 'ana' });
      expect(b.owner).toBeNull();
      expect(b.id).toBeGreaterThan(a.id);
      expect(typeof a.createdAt).toBe('number');
      const second = await another();
      expect(await second.listMapNotes()).toEqual([a, b]);
      expect(await second.deleteMapNote(a.id)).toBe(true);
      expect(await store.deleteMapNote(a.id)).toBe(false);
      expect(await store.deleteMapNote(987654)).toBe(false);
      expect(await store.listMapNotes()).toEqual([b]);
    });

    it('keeps segments: created with an id, listed oldest first, found by id, deleted by id, shared by every store on the database', async () => {
      const { store, another } = await fresh();
      const definition = { reached: 'purchase', traits: { plan: 'pro', 'é 中': '"quoted"' }, score: { min: -0.5, max: 0.25 }, did: ['order_completed'] };
      const a = await store.segments.create({ name: 'Pro buyers', definition });
      const b = await store.segments.create({ name: 'Rage "clickers" <b>', definition: { painPoint: 'rage_click' } });
      expect(a.id).toMatch(/^seg_[0-9a-f]{16}$/);
      expect(b.id).not.toBe(a.id);
      expect(a).toMatchObject({ name: 'Pro buyers', definition });
      expect(typeof a.createdAt).toBe('number');
      const second = await another();
      expect(await second.segments.list()).toEqual([a, b]);
      expect(await second.segments.get(b.id)).toEqual(b);
      expect(await second.segments.get('seg_0000000000000000')).toBeNull();
      expect(await second.segments.delete(a.id)).toBe(true);
      expect(await store.segments.delete(a.id)).toBe(false);
      expect(await store.segments.get(a.id)).toBeNull();
      expect(await store.segments.list()).toEqual([b]);
    });

    it('keeps annotations: added, listed by date then as added, deleted by id, shared by every store on the database', async () => {
      const { store, another } = await fresh();
      const fix = await store.annotations.add({ date: '2026-11-12', text: 'Checkout fixed: one address form' });
      const launch = await store.annotations.add({ date: '2026-10-01', text: 'Autumn campaign <b>"launch"</b> — 🚀' });
      const same = await store.annotations.add({ date: '2026-11-12', text: 'Price change' });
      expect(fix).toMatchObject({ date: '2026-11-12', text: 'Checkout fixed: one address form' });
      expect(launch.text).toBe('Autumn campaign <b>"launch"</b> — 🚀');
      expect(launch.id).toBeGreaterThan(fix.id);
      expect(typeof fix.createdAt).toBe('number');
      const second = await another();
      expect(await second.annotations.list()).toEqual([launch, fix, same]);
      expect(await second.annotations.delete(fix.id)).toBe(true);
      expect(await store.annotations.delete(fix.id)).toBe(false);
      expect(await store.annotations.delete(987654)).toBe(false);
      expect(await store.annotations.list()).toEqual([launch, same]);
      await expect(store.annotations.add({ date: '2026-11-12', text: '' })).rejects.toThrow();
    });

    it('keeps the actions outbox: one delivery per (action, moment), claimed by one store at a time, leases that expire', async () => {
      const { store, another } = await fresh();
      const second = await another();
      const d = (key: string, actionId = 'welcome', customerId = 'u1') => ({ actionId, key, customerId, payload: JSON.stringify({ key }) });
      expect(await store.deliveries.enqueue([d('m1'), d('m2'), d('m1', 'rescue')], 1000)).toBe(3);
      // The same moments again, from the other collector: nothing new.
      expect(await second.deliveries.enqueue([d('m1'), d('m2'), d('m3')], 1001)).toBe(1);
      const mine = (await store.deliveries.claim('welcome', 2, 2000, 30_000)).sort((a, b) => (a.key < b.key ? -1 : 1));
      const theirs = await second.deliveries.claim('welcome', 10, 2000, 30_000);
      expect(mine.map((x) => x.key)).toEqual(['m1', 'm2']);
      expect(theirs.map((x) => x.key)).toEqual(['m3']);
      expect(mine[0].id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(await second.deliveries.claim('welcome', 10, 2000, 30_000)).toEqual([]);
      // A collector killed mid-delivery: its claim comes back once the lease is over, same id.
      const again = await second.deliveries.claim('welcome', 10, 2000 + 30_000, 30_000);
      expect(again.map((x) => x.id).sort()).toEqual([...mine, ...theirs].map((x) => x.id).sort());
      await store.deliveries.finish(mine[0].id, { status: 'delivered', lastStatus: 204, lastError: null, latencyMs: 120, at: 33_000 });
      await store.deliveries.finish(mine[1].id, { status: 'pending', nextAt: 40_000, lastStatus: 503, lastError: 'HTTP 503', at: 33_000 });
      await store.deliveries.finish(theirs[0].id, { status: 'dead', lastStatus: null, lastError: 'connection refused', at: 33_000 });
      expect(await store.deliveries.get(mine[0].id)).toMatchObject({ status: 'delivered', attempts: 1, latencyMs: 120, deliveredAt: 33_000, firstAttemptAt: 33_000, customerId: 'u1' });
      // Due again only at nextAt.
      expect(await store.deliveries.claim('welcome', 10, 39_999, 1000)).toEqual([]);
      expect((await store.deliveries.claim('welcome', 10, 40_000, 1000)).map((x) => x.key)).toEqual(['m2']);
      expect((await second.deliveries.list({ status: 'dead', limit: 10 })).map((x) => x.key)).toEqual(['m3']);
      expect(await second.deliveries.resend(theirs[0].id, 50_000)).toBe(true);
      expect(await second.deliveries.resend('msg_unknown', 50_000)).toBe(false);
      expect(await store.deliveries.get(theirs[0].id)).toMatchObject({ status: 'pending', attempts: 0, nextAt: 50_000, firstAttemptAt: null });
      expect(await store.deliveries.counts()).toEqual([
        { actionId: 'rescue', status: 'pending', count: 1 },
        { actionId: 'welcome', status: 'delivered', count: 1 },
        { actionId: 'welcome', status: 'pending', count: 2 },
      ]);
      expect(await store.deliveries.forget(['u1', 'nobody'])).toBe(4);
      expect(await store.deliveries.list({ limit: 10 })).toEqual([]);
    });

    it('keeps opportunities: a status (open by default) and the pain point they answer, moved by id', async () => {
      const { store, another } = await fresh();
      const plain = await store.addMapNote({ stage: 'purchase', row: 'thoughts', text: 'Why twice?' });
      const opp = await store.addMapNote({ stage: 'purchase', row: 'opportunities', text: 'One address form', owner: 'ana', status: 'doing', painPoint: 'form_abandonment' });
      expect(plain).toMatchObject({ status: 'open', painPoint: null });
      expect(opp).toMatchObject({ status: 'doing', painPoint: 'form_abandonment', owner: 'ana' });
      const second = await another();
      expect(await second.setMapNoteStatus(opp.id, 'done')).toBe(true);
      expect(await store.setMapNoteStatus(987654, 'done')).toBe(false);
      expect(await store.listMapNotes()).toEqual([plain, { ...opp, status: 'done' }]);
    });

    it('versions prediction models: each save a new version, newest first per kind, shared by every store on the database', async () => {
      const { store, another } = await fresh();
      expect(await store.predictionModels('churn')).toEqual([]);
      const model = { weights: [0.5, -1.25], features: ['rage_click', 'sessions'], note: 'ünïcode ✓' };
      const evaluation = { model: { auc: 0.83, calibration: [{ from: 0, to: 0.1, count: 3 }] } };
      const a = await store.savePredictionModel({ kind: 'churn', trainedAt: T0, model, evaluation });
      const b = await store.savePredictionModel({ kind: 'next_stage', trainedAt: T0 + 1, model: { weights: [1] }, evaluation: null });
      const c = await store.savePredictionModel({ kind: 'churn', trainedAt: T0 + 2, model: { weights: [0.4, -1] }, evaluation });
      expect(b.version).toBeGreaterThan(a.version);
      expect(c.version).toBeGreaterThan(b.version);
      const second = await another();
      expect(await second.predictionModels('churn')).toEqual([c]);
      expect(await second.predictionModels('churn', 10)).toEqual([c, a]);
      expect((await second.predictionModels('churn', 10))[1]).toEqual({ version: a.version, kind: 'churn', trainedAt: T0, model, evaluation });
      expect(await store.predictionModels('next_stage', 5)).toEqual([{ version: b.version, kind: 'next_stage', trainedAt: T0 + 1, model: { weights: [1] }, evaluation: null }]);
    });

    it('counts events per UTC day, oldest first, within the filter', async () => {
      const { store } = await fresh();
      const day = 86_400_000;
      await store.ingest([
        storedEvent({ at: T0 + 10 }), storedEvent({ at: T0 + day - 1 }),
        storedEvent({ at: T0 + 2 * day }), storedEvent({ at: T0 + 2 * day + 5, siteId: 'blog' }),
      ], []);
      expect(await store.eventsPerDay()).toEqual([{ day: '2026-01-01', count: 2 }, { day: '2026-01-03', count: 2 }]);
      expect(await store.eventsPerDay({ siteId: 'blog' })).toEqual([{ day: '2026-01-03', count: 1 }]);
      expect(await store.eventsPerDay({ from: T0 + 100, to: T0 + 2 * day + 1 })).toEqual([{ day: '2026-01-01', count: 1 }, { day: '2026-01-03', count: 1 }]);
    });

    it('an id resent under another anonymous id: one row on SQLite (id is unique), two on PostgreSQL (unique per device, see README "Scaling")', async () => {
      const { store } = await fresh();
      const e = storedEvent({ anonymousId: 'phone' });
      await store.ingest([e], []);
      const forged = await store.ingest([{ ...e, anonymousId: 'laptop' }], []);
      expect(forged.duplicateIds).toEqual(store.kind === 'sqlite' ? [e.id] : []);
      // The genuine retry, same id and same device, is a duplicate on both.
      expect(await store.ingest([e], [])).toEqual({ duplicateIds: [e.id] });
    });

    it('feeds the journey service: every seeded customer comes back whole, by list and by id', async () => {
      const { store } = await fresh();
      const end = Date.UTC(2026, 0, 10);
      const seeded = await seed({ people: 40, seed: 3, now: end, days: 14 }, storeSink(store, 'shop'));
      const service = createReadService({ config: { session: { timeoutMinutes: 30 } }, store, now: () => end + 3_600_000 });
      const page = await service.customers({ limit: 500 });
      // People none of whose events arrived (a blocked SDK, consent declined) are nobody's customer.
      const people = seeded.people.filter((p) => !p.bot && !p.sharedDevice && p.events.length > 0);
      expect(people.length).toBeGreaterThan(20);
      for (const truth of people) {
        const listed = page.customers.find((c) => c.customerId === truth.customerId);
        expect(listed, truth.customerId).toBeDefined();
        const j = await service.customerJourney(truth.customerId);
        expect(j && { anonymousIds: [...j.anonymousIds].sort(), userIds: [...j.userIds].sort(), touchpoints: j.touchpoints.map((t) => t.id).sort() }).toEqual({
          anonymousIds: [...truth.anonymousIds].sort(), userIds: [...truth.userIds].sort(), touchpoints: truth.events.map((e) => e.id).sort(),
        });
      }
      const map = await service.journeyMap();
      const again = await service.journeyMap();
      expect(again.meta).toMatchObject({ cached: true, dataVersion: map.meta.dataVersion });
    });

    it("keeps a server's touchpoints under their customer: deduplicated on resend, in the journey with no device of their own, erased with the customer", async () => {
      const { store } = await fresh();
      const at = Date.UTC(2026, 0, 5, 9);
      const browser = await normaliseBatch('shop', new Date(at).toISOString(), [
        { id: randomUUID(), type: 'identify', anonymousId: 'laptop', userId: 'u1', sessionId: 's', timestamp: new Date(at).toISOString(), context: { url: 'https://shop.example/' } },
      ], at);
      const fromServer = (minutes: number, userId: string) => ({
        id: randomUUID(), type: 'track', name: 'ticket_opened', channel: 'support', userId, timestamp: new Date(at + minutes * 60_000).toISOString(),
      });
      const tickets = [fromServer(5, 'u1'), fromServer(6, 'u2')];
      const server = await normaliseBatch('shop', undefined, tickets, at + 3_600_000, { server: true });
      expect(server.rejected).toEqual([]);
      await store.ingest([...browser.events, ...server.events], []);
      expect((await store.ingest((await normaliseBatch('shop', undefined, tickets, at + 7_200_000, { server: true })).events, [])).duplicateIds.sort()).toEqual(tickets.map((t) => t.id).sort());
      const service = createReadService({ config: { session: { timeoutMinutes: 30 } }, store, now: () => at + 86_400_000 });
      const j = await service.customerJourney('u1');
      expect(j && { anonymousIds: j.anonymousIds, touchpoints: j.touchpoints.map((t) => `${t.name ?? t.type}:${t.channel}${t.offSite ? ':off-site' : ''}`) })
        .toEqual({ anonymousIds: ['laptop'], touchpoints: ['identify:direct', 'ticket_opened:support:off-site'] });
      expect((await service.customers({ limit: 10 })).customers.map((c) => [c.customerId, c.anonymousIds])).toEqual([['u1', ['laptop']], ['u2', []]]);
      await service.eraseCustomer('u1', 'test');
      const left: StoredEvent[] = [];
      for await (const e of store.scanEvents()) left.push(e);
      expect(left.map((e) => e.id)).toEqual([tickets[1].id]);
    });

    it('stores strings holding U+0000 (SQLite keeps it; PostgreSQL text cannot, so it becomes U+FFFD)', async () => {
      const { store } = await fresh();
      const e = storedEvent({ anonymousId: 'dev\u0000ice', name: 'na\u0000me' });
      e.event = { ...e.event, properties: { 'k\u0000': 'v\u0000' } } as any;
      const q = quarantined({ eventId: 'x\u0000', errors: ['bad\u0000'], raw: '"\u0000"' });
      expect(await store.ingest([e], [q])).toEqual({ duplicateIds: [] });
      expect(await store.ingest([e], [])).toEqual({ duplicateIds: [e.id] });
      const nul = store.kind === 'postgres' ? '\uFFFD' : '\u0000';
      const [got] = await all(store);
      expect([got.anonymousId, got.name]).toEqual([`dev${nul}ice`, `na${nul}me`]);
      expect(Object.values(got.event.properties!)).toEqual([`v${nul}`]);
      expect((await store.listQuarantine())[0]).toMatchObject({ eventId: `x${nul}`, errors: [`bad${nul}`] });
    });

    it('scans only the requested event types when asked', async () => {
      const { store } = await fresh();
      await store.ingest([storedEvent({ name: 't1' }), storedEvent({ type: 'page', name: 'p1', at: T0 + 1 }), storedEvent({ name: 't2', at: T0 + 2 })], []);
      expect((await all(store, { types: ['page'] })).map((e) => e.name)).toEqual(['p1']);
      expect((await all(store, { types: ['track', 'page'] })).map((e) => e.name)).toEqual(['t1', 'p1', 't2']);
    });

    it('finishes pending writes before close() resolves', async () => {
      const { store, another } = await fresh();
      const events = Array.from({ length: 10 }, (_, i) => storedEvent({ at: T0 + i }));
      const writes = events.map((e) => store.ingest([e], []));
      await store.close();
      await Promise.all(writes);
      expect(await all(await another())).toHaveLength(10);
    });
  });
}
