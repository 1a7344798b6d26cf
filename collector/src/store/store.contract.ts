// The one behaviour both stores must share. sqlite.test.ts and postgres.test.ts each run it with
// a factory for fresh, empty stores; a case that differs between them would be a bug in one.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { QuarantinedEvent, Store, StoredEvent } from './store.js';

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
