// The outbox the core writes to, over fake-indexeddb: memory before consent, IndexedDB after, and
// memory again when IndexedDB fails, without losing what was handed to it.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WireEvent } from '../../../wire';
import { uuidv7 } from '../uuid';
import { fallbackOutbox } from './fallback';
import { DEFAULT_LIMITS } from './outbox';

const ev = (): WireEvent => ({ id: uuidv7(), type: 'track', name: 'x', anonymousId: 'a', sessionId: 's', timestamp: new Date().toISOString(), context: {} });
const ids = async (box: { take(n: number): Promise<WireEvent[]> }) => (await box.take(100)).map((e) => e.id);
const name = () => `waymark-test-${Math.random()}`;

describe('fallback outbox', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps events in IndexedDB once opened, where the next page finds them', async () => {
    const db = name();
    const box = fallbackOutbox(db, DEFAULT_LIMITS);
    box.open();
    const e = ev();
    await box.add([e]);
    const next = fallbackOutbox(db, DEFAULT_LIMITS);
    next.open();
    expect(await ids(next)).toEqual([e.id]);
  });

  it('keeps events in memory when IndexedDB cannot open', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    const box = fallbackOutbox(name(), DEFAULT_LIMITS);
    box.open();
    const e = ev();
    await box.add([e]);
    expect(await ids(box)).toEqual([e.id]);
  });

  it('carries on in memory from a write IndexedDB refuses, with the event that failed', async () => {
    const box = fallbackOutbox(name(), DEFAULT_LIMITS);
    box.open();
    const [a, b] = [ev(), ev()];
    await box.add([a]);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await box.add([b]);
    expect(await ids(box)).toEqual([b.id]); // a stays in IndexedDB for the next page
    await box.ack([b.id]);
    expect(await ids(box)).toEqual([]);
  });

  it('clears an outbox it never opened by deleting the database (events of earlier visits)', async () => {
    const db = name();
    const earlier = fallbackOutbox(db, DEFAULT_LIMITS);
    earlier.open();
    await earlier.add([ev()]);
    await earlier.clear(); // the same page's own connection: cleared through it
    expect(await ids(earlier)).toEqual([]);

    const visit = fallbackOutbox(db, DEFAULT_LIMITS);
    visit.open();
    await visit.add([ev()]);
    const spy = vi.spyOn(indexedDB, 'deleteDatabase');
    await fallbackOutbox(db, DEFAULT_LIMITS).clear(); // consent withdrawn on a page that never opened it
    expect(spy).toHaveBeenCalledWith(db);
  });
});
