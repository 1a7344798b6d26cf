// Journey states on both stores: dirty marks made in the ingest's own commit, leased claims,
// state commits followed by readers, erasure, and the property that answers folded from states
// equal a full pass over the same events. sqlite-store.test.ts and postgres-store.test.ts run it.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../seed/random.js';
import { storeSink, type SeedEvent } from '../seed/sinks.js';
import { simulate } from '../simulate/index.js';
import { createReadService, type ReadService } from '../read/service.js';
import { rebuildByScan } from '../state/full-rebuild.js';
import { rebuildDirty, startStateWorker } from '../state/worker.js';
import { inRange } from './id-ranges.js';
import type { StateCommit } from './store.js';
import type { JourneyFilters } from '../journey/filters.js';
import { storedEvent, type StoreFactory } from './store.contract.js';
import type { Store } from './store.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const OPTS = { timeoutMinutes: 30 };
const config = { session: { timeoutMinutes: 30 } };

const strip = <T extends { meta?: unknown }>(x: T) => { const { meta: _, ...rest } = x; return rest; };

/** Every stage-level answer a state-reading service gives, beside the full pass's. */
async function answers(service: ReadService, now: number) {
  const filters: JourneyFilters[] = [{}, { siteId: 'blog' }, { stageReached: 'purchase' }, { firstChannel: 'organic_search' }, { from: now - 20 * DAY, to: now - 5 * DAY }];
  const out: unknown[] = [
    await service.customers({ limit: 500 }),
    await service.customers({ limit: 500, sort: 'painPoints' }),
    await service.customers({ limit: 20, stageReached: 'consideration', from: now - 20 * DAY }),
  ];
  for (const f of filters) {
    out.push(strip(await service.journeyMap(f)));
    out.push(strip(await service.flows({ level: 'stage', steps: 4, ...f })));
    out.push(strip(await service.funnel({ steps: [{ kind: 'stage', value: 'awareness' }, { kind: 'stage', value: 'consideration' }, { kind: 'stage', value: 'purchase' }], windowMs: 7 * DAY, ...f })));
  }
  return out;
}

export function statesContract(name: string, factory: StoreFactory | { skip: string }) {
  if ('skip' in factory) {
    describe.skip(`${name} journey states — ${factory.skip}`, () => { it('runs when the database is available', () => {}); });
    return;
  }
  describe(`${name} journey states`, () => {
    const open: Store[] = [];
    const fresh = async () => {
      const f = await factory.fresh();
      open.push(f.store);
      return { store: f.store, another: async () => { const s = await f.another(); open.push(s); return s; } };
    };
    afterEach(async () => { await Promise.all(open.splice(0).map((s) => s.close())); });
    afterAll(async () => { await factory.done?.(); });

    it('marks the anonymous ids an ingest touches in its commit, and releases a claim only if nothing changed meanwhile', async () => {
      const { store } = await fresh();
      await store.ingest([storedEvent({ anonymousId: 'a1' }), storedEvent({ anonymousId: 'a2' }), storedEvent({ anonymousId: 'a1', at: T0 + 1 })], []);
      expect(await store.states.backlog()).toBe(2);
      expect(await store.states.dirty(['a9', 'a2'])).toBe(true);
      expect(await store.states.dirty(['a9'])).toBe(false);
      const claims = await store.states.claim('w1', 10, 60_000);
      expect(claims.map((c) => c.anonymousId).sort()).toEqual(['a1', 'a2']);
      expect(await store.states.claim('w2', 10, 60_000)).toEqual([]); // held
      await store.ingest([storedEvent({ anonymousId: 'a2', at: T0 + 2 })], []); // a2 changes while claimed
      const dataVersion = await store.dataVersion();
      expect(await store.states.commit({ remove: [], write: [], done: claims, dataVersion })).toBe(true);
      expect((await store.states.claim('w2', 10, 60_000)).map((c) => c.anonymousId)).toEqual(['a2']);
      expect(await store.states.dirty(['a1'])).toBe(false); // built and released
      expect(await store.states.dirty(['a1', 'a2'])).toBe(true); // a2 changed while claimed: still dirty
      expect(await store.states.markAll()).toBe(2); // a full rebuild: each anonymous id once
    });

    it('claims the longest-waiting ids first, however often they or others change meanwhile', async () => {
      const { store } = await fresh();
      await store.ingest([storedEvent({ anonymousId: 'm1' })], []);
      await store.ingest([storedEvent({ anonymousId: 'z9' })], []);
      await store.ingest([storedEvent({ anonymousId: 'a0' })], []);
      await store.ingest([storedEvent({ anonymousId: 'm1', at: T0 + 1 }), storedEvent({ anonymousId: 'a0', at: T0 + 1 })], []);
      const order: string[] = [];
      for (let i = 0; i < 3; i++) order.push(...(await store.states.claim('w', 1, 60_000)).map((c) => c.anonymousId));
      expect(order).toEqual(['m1', 'z9', 'a0']);
    });

    it('pages through every unheld id in byte order when given the last id claimed (a full rebuild)', async () => {
      const { store } = await fresh();
      const ids = ['m1', 'z9', 'a0', 'b5', '\uFFFF-bmp', '😀-astral', 'c3'];
      await store.ingest(ids.map((anonymousId) => storedEvent({ anonymousId })), []);
      const held = await store.states.claim('other', 1, 60_000, 'b'); // b5, the first after 'b'
      expect(held.map((c) => c.anonymousId)).toEqual(['b5']);
      const pages: string[][] = [];
      for (let after = ''; ;) {
        const page = await store.states.claim('full', 2, 60_000, after);
        if (!page.length) break;
        pages.push(page.map((c) => c.anonymousId));
        after = page[page.length - 1].anonymousId;
      }
      // Byte order: U+FFFF before the astral ids, which JavaScript's `<` would put first.
      expect(pages).toEqual([['a0', 'c3'], ['m1', 'z9'], ['\uFFFF-bmp', '😀-astral']]);
    });

    it("lets another worker take a claim once its lease has run out (a killed collector's work)", async () => {
      const { store, another } = await fresh();
      const other = await another();
      await store.ingest([storedEvent({ anonymousId: 'a1' })], []);
      expect(await store.states.claim('dead', 10, 50)).toHaveLength(1);
      expect(await other.states.claim('alive', 10, 60_000)).toEqual([]);
      await new Promise((r) => setTimeout(r, 80));
      expect((await other.states.claim('alive', 10, 60_000)).map((c) => c.anonymousId)).toEqual(['a1']);
    });

    it('commits states that readers follow by seq, finds them by customer or anonymous id, and removes replaced ones', async () => {
      const { store, another } = await fresh();
      const reader = await another();
      await store.ingest([storedEvent({ anonymousId: 'a1' })], []);
      const v = await store.dataVersion();
      const before = await reader.states.seq();
      await store.states.commit({ remove: [], write: [{ customerId: 'a1', anonymousIds: ['a1'], state: '{"n":1}' }], done: [], dataVersion: v });
      const seq = await reader.states.seq();
      expect(seq).toBeGreaterThan(before);
      const changed = await reader.states.changed({ seq: before, id: Number.MAX_SAFE_INTEGER }, seq, 10);
      expect(changed.map((c) => c.state)).toEqual(['{"n":1}']);
      expect(await reader.states.stateOf('a1')).toMatchObject({ customerId: 'a1', state: '{"n":1}', dataVersion: v });
      // a1 identified as u1: the anonymous customer gives way to the user.
      await store.states.commit({ remove: ['a1'], write: [{ customerId: 'u1', anonymousIds: ['a1', 'a9'] , state: '{"n":2}' }], done: [], dataVersion: v });
      const next = await reader.states.seq();
      expect(await reader.states.removed(seq, next)).toEqual([changed[0].id]);
      expect(await reader.states.stateOf('a9')).toMatchObject({ customerId: 'u1' });
      expect(await reader.states.covering(['a1'])).toEqual([{ customerId: 'u1', anonymousIds: expect.arrayContaining(['a1', 'a9']) }]);
    });

    it("stores an action's deliveries with the states that show them: each moment once, and none when the commit is refused", async () => {
      const { store, another } = await fresh();
      const other = await another();
      const d = (key: string) => ({ actionId: 'welcome', key, customerId: 'a1', payload: `{"k":"${key}"}` });
      await store.ingest([storedEvent({ anonymousId: 'a1', type: 'page' })], []);
      const v = await store.dataVersion();
      const write = [{ customerId: 'a1', anonymousIds: ['a1'], state: '{}' }];
      expect(await store.states.commit({ remove: [], write, done: [], dataVersion: v, deliveries: { list: [d('m1'), d('m2')], now: 5000 } })).toBe(true);
      // Another collector rebuilding the same customer finds the same moments and one new one.
      expect(await other.states.commit({ remove: [], write, done: [], dataVersion: v, deliveries: { list: [d('m2'), d('m1'), d('m3')], now: 6000 } })).toBe(true);
      const stored = await store.deliveries.list({ limit: 10 });
      expect(stored.map((x) => x.key).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(stored.find((x) => x.key === 'm1')).toMatchObject({ status: 'pending', createdAt: 5000, nextAt: 5000, payload: '{"k":"m1"}' });
      // Built before an erasure: neither the state nor its moments go in.
      const service = createReadService({ config, store, now: () => T0 + DAY });
      await store.ingest([storedEvent({ anonymousId: 'b1', type: 'page' })], []);
      const stale = await store.dataVersion();
      await service.eraseCustomer('b1', 'test');
      const late = { ...d('m4'), customerId: 'b1' };
      expect(await store.states.commit({ remove: [], write: [{ customerId: 'b1', anonymousIds: ['b1'], state: '{}' }], done: [], dataVersion: stale, deliveries: { list: [late], now: 7000 } })).toBe(false);
      expect((await store.deliveries.list({ limit: 10 })).map((x) => x.key).sort()).toEqual(['m1', 'm2', 'm3']);
    });

    it('never lets a state built before an erasure in after it', async () => {
      const { store } = await fresh();
      const service = createReadService({ config, store, now: () => T0 + DAY });
      await store.ingest([storedEvent({ anonymousId: 'a1', type: 'page' })], []);
      const claims = await store.states.claim('w', 10, 60_000);
      const v = await store.dataVersion();
      await service.eraseCustomer('a1', 'test');
      expect(await store.states.commit({ remove: [], write: [{ customerId: 'a1', anonymousIds: ['a1'], state: '{}' }], done: claims, dataVersion: v })).toBe(false);
      expect(await store.states.stateOf('a1')).toBeNull();
    });

    it('an erasure removes the customer\'s state at once, and a late event older than the state changes the stage history', async () => {
      const { store } = await fresh();
      const page = (anon: string, min: number, path: string, extra = {}) => storedEvent({
        anonymousId: anon, type: 'page', name: null, at: T0 + min * 60_000,
        event: { ...storedEvent().event, type: 'page', anonymousId: anon, context: { url: `https://shop.example${path}` } } as never, ...extra,
      });
      await store.ingest([page('a1', 0, '/'), page('a1', 10, '/pricing'), page('b1', 0, '/')], []);
      await rebuildDirty(store, OPTS);
      const service = createReadService({ config, store, now: () => T0 + DAY, states: true, settleMs: 0 });
      expect(await service.customerStage('a1')).toMatchObject({ stage: 'consideration', since: new Date(T0 + 10 * 60_000).toISOString() });
      // Arrives late, but happened between the two: consideration began earlier.
      await store.ingest([page('a1', 5, '/pricing')], []);
      await rebuildDirty(store, OPTS);
      expect(await service.customerStage('a1')).toMatchObject({ stage: 'consideration', since: new Date(T0 + 5 * 60_000).toISOString(), stateVersion: await store.dataVersion() });
      await service.eraseCustomer('a1', 'test');
      expect(await store.states.stateOf('a1')).toBeNull();
      expect((await service.customers()).customers.map((c) => c.customerId)).toEqual(['b1']);
      await rebuildDirty(store, OPTS);
      expect(await store.states.stateOf('a1')).toBeNull();
      expect(await store.states.backlog()).toBe(0);
    });

    it('two collectors on one database share the rebuilding, and together leave every state current', async () => {
      const { store, another } = await fresh();
      const second = await another();
      const now = Date.UTC(2026, 2, 1);
      const batches = [0, 0];
      const workers = [store, second].map((s, i) => startStateWorker(s, OPTS, { batch: 5, idleMs: 10, onBatch: () => { batches[i]++; } }));
      const events = [...simulate({ people: 80, seed: 7, now, days: 30 })].flatMap((p) => p.events.map((e) => e.event));
      for (let k = 0; k < events.length; k += 50) await storeSink(k % 100 ? store : second, 'shop', { trusted: true }).send(events.slice(k, k + 50));
      const until = Date.now() + 60_000;
      while ((await store.states.backlog()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      await Promise.all(workers.map((w) => w.stop()));
      expect(await store.states.backlog()).toBe(0);
      expect(batches[0]).toBeGreaterThan(0);
      expect(batches[1]).toBeGreaterThan(0);
      const full = createReadService({ config, store, now: () => now });
      const states = createReadService({ config, store: second, now: () => now, states: true, settleMs: 0 });
      expect(await answers(states, now)).toEqual(await answers(full, now));
    }, 120_000);

    it('rebuilds every state in one pass when the configuration changes, equal to a full pass under the new configuration', async () => {
      const { store } = await fresh();
      const now = Date.UTC(2026, 2, 1);
      const events = [...simulate({ people: 60, seed: 4, now, days: 30 })].flatMap((p) => p.events.map((e) => e.event));
      await storeSink(store, 'shop', { trusted: true }).send(events);
      const settle = async (w: ReturnType<typeof startStateWorker>) => {
        await w.ready;
        const until = Date.now() + 60_000;
        while ((await store.states.backlog()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        await w.stop();
      };
      await settle(startStateWorker(store, OPTS, { idleMs: 10 }));
      const short = { session: { timeoutMinutes: 5 } };
      let rebuilt = 0;
      await settle(startStateWorker(store, { timeoutMinutes: 5 }, { idleMs: 10, onBatch: (b) => { rebuilt += b.customers; } }));
      const states = createReadService({ config: short, store, now: () => now, states: true, settleMs: 0 });
      const full = createReadService({ config: short, store, now: () => now });
      const after = await answers(states, now);
      expect(after).toEqual(await answers(full, now));
      expect(rebuilt).toBe((after[0] as { total: number }).total); // every customer, in the one pass
    }, 120_000);

    it('never removes nor half-builds a customer whose linked group straddles a batch or range boundary of a full rebuild', async () => {
      const { store } = await fresh();
      const ev = (anonymousId: string, userId: string | null, minute: number) => storedEvent({ anonymousId, userId, at: T0 + minute * 60_000 });
      // u1 and u2 share a computer (m-shared) and each has a device of their own at either end
      // of the id order: one linked group of two customers, its ids in different scan ranges.
      const group = [
        ...[1, 2, 3].map((m) => ev('a-u1', 'u1', m)),
        ...[10, 11, 12].map((m) => ev('m-shared', 'u1', m)),
        ...[20, 21, 22].map((m) => ev('m-shared', 'u2', m)),
        ...[30, 31].map((m) => ev('z-u2', 'u2', m)),
      ];
      // Anonymous customers all along the id order, so the ranges cut between the group's ids.
      const others = Array.from({ length: 60 }, (_, i) => `${'bcdefghijklnopqrstuvwxy'[i % 23]}-${String(i).padStart(2, '0')}`)
        .flatMap((a) => [1, 2, 3].map((m) => ev(a, null, m)));
      await store.ingest([...group, ...others], []);
      await rebuildDirty(store, OPTS);
      // Later events of both customers: the full rebuild below replaces their old states.
      await store.ingest([ev('a-u1', 'u1', 40), ev('z-u2', 'u2', 41)], []);
      const truth = { u1: 3 + 3 + 1, u2: 3 + 2 + 1 }; // their events, counted by hand

      const ranges = await store.splitRanges(3);
      const rangeOf = (a: string) => ranges.findIndex((r) => inRange(a, r));
      expect(ranges.length).toBe(3);
      expect(rangeOf('a-u1')).not.toBe(rangeOf('z-u2'));
      const commits: StateCommit[] = [];
      const commit = store.states.commit.bind(store.states);
      store.states.commit = (c) => { commits.push(c); return commit(c); };
      await store.states.markAll();
      const r = await rebuildByScan(store, OPTS, 'full', 60_000, { batch: 1, parallel: 3 });
      expect(r.committed).toBe(true);
      expect(commits.length).toBeGreaterThan(20); // many batches, from several workers

      for (const c of commits) {
        const written = new Set(c.write.map((w) => w.customerId));
        expect(c.remove.filter((id) => !written.has(id))).not.toContain('u1');
        expect(c.remove.filter((id) => !written.has(id))).not.toContain('u2');
        for (const w of c.write) {
          if (w.customerId in truth) expect(JSON.parse(w.state).touchpoints).toBe(truth[w.customerId as keyof typeof truth]);
        }
      }
      expect(commits.filter((c) => c.write.some((w) => w.customerId === 'u1'))).toHaveLength(1);
      for (const id of ['u1', 'u2'] as const) expect(JSON.parse((await store.states.stateOf(id))!.state).touchpoints).toBe(truth[id]);
      expect(await store.states.backlog()).toBe(0);
      const now = T0 + DAY;
      const full = createReadService({ config, store, now: () => now });
      const states = createReadService({ config, store, now: () => now, states: true, settleMs: 0 });
      expect(await answers(states, now)).toEqual(await answers(full, now));
    }, 60_000);

    it('builds a full rebuild with the identity links that arrive while it takes its claims', async () => {
      const { store } = await fresh();
      const ev = (anonymousId: string, userId: string | null, minute: number, type: 'page' | 'identify' = 'page') =>
        storedEvent({ anonymousId, userId, type, at: T0 + minute * 60_000 });
      // Two devices of one person, not linked yet, among anonymous customers.
      const others = Array.from({ length: 20 }, (_, i) => `${'bcdefghijk'[i % 10]}-${i}`).flatMap((a) => [1, 2].map((m) => ev(a, null, m)));
      await store.ingest([ev('p-phone', null, 1), ev('p-phone', null, 2), ev('q-laptop', null, 3), ...others], []);
      await store.states.markAll();
      // The scan threads start before the claims and read the links at once; these arrive after.
      const claim = store.states.claim.bind(store.states);
      let first = true;
      store.states.claim = async (...args) => {
        if (first) {
          first = false;
          await new Promise((r) => setTimeout(r, 4000));
          await store.ingest([ev('p-phone', 'u9', 4, 'identify'), ev('q-laptop', 'u9', 5, 'identify')], []);
        }
        return claim(...args);
      };
      expect((await rebuildByScan(store, OPTS, 'full', 60_000, { parallel: 2 })).committed).toBe(true);
      const u9 = JSON.parse((await store.states.stateOf('u9'))!.state);
      expect([u9.touchpoints, [...u9.anonymousIds].sort()]).toEqual([5, ['p-phone', 'q-laptop']]);
      expect(await store.states.backlog()).toBe(0);
    }, 60_000);

    for (const seed of [1, 2]) {
      it(`folds states into exactly what a full pass gives (seed ${seed}: random arrival order, late events, identity links, erasures)`, async () => {
        const { store } = await fresh();
        const now = Date.UTC(2026, 2, 1);
        const r = seededRandom(seed);
        const events: { site: string; e: SeedEvent }[] = [];
        let i = 0;
        for (const p of simulate({ people: 60, seed, now, days: 40 })) {
          const site = i++ % 3 === 0 ? 'blog' : 'shop';
          for (const { event } of p.events) events.push({ site, e: event });
        }
        for (let k = events.length - 1; k > 0; k--) { const j = Math.floor(r.next() * (k + 1)); [events[k], events[j]] = [events[j], events[k]]; }
        const full = createReadService({ config, store, now: () => now });
        const states = createReadService({ config, store, now: () => now, states: true, settleMs: 0 });
        const cut = [0, Math.floor(events.length / 3), Math.floor((2 * events.length) / 3), events.length];
        for (let c = 0; c < 3; c++) {
          const chunk = events.slice(cut[c], cut[c + 1]);
          for (const site of ['shop', 'blog']) await storeSink(store, site, { trusted: true }).send(chunk.filter((x) => x.site === site).map((x) => x.e));
          await rebuildDirty(store, OPTS, { batch: 7 + c * 20 });
          if (c === 1) {
            const { customers } = await full.customers({ limit: 500 });
            for (const victim of [customers[3], customers[customers.length - 2]]) await full.eraseCustomer(victim.customerId, 'test');
            await rebuildDirty(store, OPTS);
          }
          // The states service follows the changes chunk by chunk: what it keeps up to date (the
          // list, the unfiltered map) takes each replaced or erased state away again.
          expect(await answers(states, now), `after chunk ${c + 1}`).toEqual(await answers(full, now));
        }
        await rebuildDirty(store, OPTS);
        const expected = await answers(full, now);
        expect((expected[0] as { total: number }).total).toBeGreaterThan(30);
        expect(await answers(states, now)).toEqual(expected);
      }, 120_000);
    }
  });
}
