// Both outboxes through one suite: in memory, and in IndexedDB (fake-indexeddb in Node; the real
// one is exercised by the browser tests).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../../wire';
import { uuidv7 } from '../uuid';
import { idbOutbox } from './idb-outbox';
import { memoryOutbox, type Outbox } from './outbox';

/** How many events an outbox holds (the SDK itself never needs to know). */
const countOf = async (box: Outbox) => (await box.take(1e6)).length;

const ev = (at: number, name = 'x'): WireEvent => ({
  id: uuidv7(at), type: 'track', name, anonymousId: 'a', sessionId: 's', timestamp: new Date(at).toISOString(), context: {},
});

describe.each([
  ['memory', () => memoryOutbox({ maxEvents: 5, maxAgeMs: 1000 }, () => 10_000)],
  ['indexeddb', () => idbOutbox(`test-${Math.random()}`, { maxEvents: 5, maxAgeMs: 1000 }, () => 10_000)],
])('%s outbox', (_kind, make: () => Outbox | Promise<Outbox>) => {
  it('takes the oldest first and forgets what was acknowledged', async () => {
    const box = await make();
    const [a, b, c] = [ev(9_500), ev(9_600), ev(9_700)];
    await box.add([c, a]);
    await box.add([b]);
    expect((await box.take(2)).map((e) => e.id)).toEqual([a.id, b.id]);
    await box.ack([a.id, b.id]);
    expect((await box.take(10)).map((e) => e.id)).toEqual([c.id]);
    expect(await countOf(box)).toBe(1);
  });

  it('acknowledging a batch keeps an event written inside its time range after it was taken (another tab, a spill)', async () => {
    const box = await make();
    const [a, b, c, late] = [ev(9_500), ev(9_700), ev(9_800), ev(9_600)];
    await box.add([a, b]);
    const batch = (await box.take(2)).map((e) => e.id);
    await box.add([late, c]);
    await box.ack(batch);
    expect((await box.take(10)).map((e) => e.id)).toEqual([late.id, c.id]);
    await box.ack([c.id, late.id]); // in any order
    expect(await countOf(box)).toBe(0);
  });

  it('adding an event twice keeps one copy', async () => {
    const box = await make();
    const a = ev(9_500);
    await box.add([a]);
    await box.add([a]);
    expect(await countOf(box)).toBe(1);
  });

  it('evicts the oldest beyond the count limit and anything older than the age limit, and says which', async () => {
    const box = await make();
    const old = ev(8_000); // 2 s old: over the 1 s limit
    const fresh = Array.from({ length: 6 }, (_, i) => ev(9_100 + i * 10));
    const evicted = await box.add([old, ...fresh]);
    expect(evicted.sort()).toEqual([old.id, fresh[0].id].sort());
    expect((await box.take(10)).map((e) => e.id)).toEqual(fresh.slice(1).map((e) => e.id));
  });
});

describe('indexeddb outbox that stops answering', () => {
  it('fails a transaction that neither commits nor aborts in time, so the SDK can carry on in memory', async () => {
    const box = await idbOutbox(`test-${Math.random()}`, undefined, Date.now, 50);
    const real = IDBDatabase.prototype.transaction;
    // The origin over its quota: the transaction's completion never arrives, however it is listened for.
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...a: Parameters<IDBDatabase['transaction']>) {
      const t = real.apply(this, a);
      Object.defineProperty(t, 'oncomplete', { get: () => null, set: () => {} });
      const listen = t.addEventListener.bind(t);
      t.addEventListener = ((type: string, ...rest: [EventListenerOrEventListenerObject, AddEventListenerOptions?]) => {
        if (type !== 'complete') listen(type, ...rest);
      }) as IDBTransaction['addEventListener'];
      return t;
    } as IDBDatabase['transaction'];
    try {
      await expect(box.add([ev(Date.now())])).rejects.toThrow(/timed out/);
      await expect(box.take(1)).rejects.toThrow(/timed out/);
    } finally {
      IDBDatabase.prototype.transaction = real;
    }
    expect(await countOf(box)).toBeGreaterThanOrEqual(0); // answers again once the store does
  });
});
