// Delivery over the in-memory outbox and a scripted send: batches, statuses, retries, splits.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WireEvent } from '../../wire';
import { delivery } from './delivery';
import { memoryOutbox, type Outbox } from './outbox/outbox';
import type { SendResult } from './transport';
import { uuidv7 } from './uuid';

/** How many events an outbox holds (the SDK itself never needs to know). */
const countOf = async (box: Outbox) => (await box.take(1e6)).length;

const ev = (at: number, name = 'x'): WireEvent => ({
  id: uuidv7(at), type: 'track', name, anonymousId: 'a', sessionId: 's', timestamp: new Date(at).toISOString(), context: {},
});

describe('delivery', () => {
  const now = Date.now();
  afterEach(() => vi.useRealTimers());

  function setup(answers: SendResult[], batchSize = 2, answered?: () => Set<string>) {
    const box = memoryOutbox();
    const bodies: string[][] = [];
    const statuses: [string, string[]][] = [];
    const d = delivery(
      {
        outbox: box,
        send: async (events) => {
          bodies.push(events.map((e) => e.id));
          return answers.shift() ?? { status: 200, body: { duplicateIds: [], rejected: [] } };
        },
        batchSize,
        lock: (fn) => fn(),
        random: () => 0,
        answered: answered ?? (() => new Set()),
      },
      (ids, status) => statuses.push([status, ids]),
    );
    return { box, d, bodies, statuses };
  }

  it('drops, unsent, an event another page has already seen answered (a copy back from a spill)', async () => {
    const events = [ev(now + 1), ev(now + 2), ev(now + 3)];
    const { box, d, bodies } = setup([], 3, () => new Set([events[1].id]));
    await box.add(events);
    expect(await d.flush()).toBe(true);
    expect(bodies).toEqual([[events[0].id, events[2].id]]);
    expect(await countOf(box)).toBe(0);
    // A batch of nothing but such copies sends nothing at all.
    await box.add([events[1]]);
    expect(await d.flush()).toBe(true);
    expect(bodies.length).toBe(1);
  });

  it('sends in batches and empties the outbox on success', async () => {
    const { box, d, bodies } = setup([]);
    const events = [ev(now + 1), ev(now + 2), ev(now + 3)];
    await box.add(events);
    expect(await d.flush()).toBe(true);
    expect(bodies).toEqual([[events[0].id, events[1].id], [events[2].id]]);
    expect(await countOf(box)).toBe(0);
  });

  it('reports accepted, duplicate and rejected per event, and drops only what was answered', async () => {
    const events = [ev(now + 1), ev(now + 2), ev(now + 3)];
    const { box, d, statuses } = setup([{ status: 200, body: { duplicateIds: [events[1].id], rejected: [{ index: 2, id: events[2].id, errors: ['bad'] }] } }], 3);
    await box.add(events);
    await d.flush();
    expect(statuses).toEqual([['sent', events.map((e) => e.id)], ['accepted', [events[0].id]], ['duplicate', [events[1].id]], ['rejected', [events[2].id]]]);
    expect(await countOf(box)).toBe(0);
  });

  it('keeps the batch and retries with backoff on a network error, honouring Retry-After', async () => {
    vi.useFakeTimers();
    const { box, d, bodies } = setup([{ status: 0 }, { status: 429, retryAfter: 30 }]);
    await box.add([ev(now + 1)]);
    expect(await d.flush()).toBe(false);
    expect(await countOf(box)).toBe(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(bodies.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1); // attempt 0: 500 ms with no jitter
    expect(bodies.length).toBe(2);
    await vi.advanceTimersByTimeAsync(29_999); // 429 with Retry-After: 30 s
    expect(bodies.length).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(bodies.length).toBe(3);
    expect(await countOf(box)).toBe(0);
  });

  it('splits a batch the collector finds too large, down to one event', async () => {
    const events = [ev(now + 1), ev(now + 2), ev(now + 3), ev(now + 4)];
    const { box, d, bodies, statuses } = setup([{ status: 413 }, { status: 200, body: {} }, { status: 413 }, { status: 200, body: {} }, { status: 413, body: { error: 'too big' } }], 4);
    await box.add(events);
    expect(await d.flush()).toBe(true);
    expect(bodies.map((b) => b.length)).toEqual([4, 2, 2, 1, 1]);
    expect(statuses.find(([s]) => s === 'rejected')).toEqual(['rejected', [events[3].id]]);
    expect(await countOf(box)).toBe(0);
  });

  it('drains again when asked while a drain runs that read the outbox too early', async () => {
    const box = memoryOutbox();
    const bodies: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let takes = 0;
    // The first read of the outbox happens before the events below are written.
    const slow: Outbox = { ...box, take: async (n) => (takes++ === 0 ? (await gate, []) : box.take(n)) };
    const d = delivery(
      {
        outbox: slow, batchSize: 5, lock: (fn) => fn(), answered: () => new Set(),
        send: async (events) => (bodies.push(events.map((e) => e.id)), { status: 200, body: { duplicateIds: [], rejected: [] } }),
      },
      () => {},
    );
    const first = d.flush();
    const e = ev(now + 1);
    await box.add([e]);
    const joined = d.flush(); // joins the running drain
    release();
    expect(await first).toBe(true);
    expect(await joined).toBe(true);
    expect(bodies).toEqual([[e.id]]);
    expect(await countOf(box)).toBe(0);
  });

  it('drops a batch the collector refuses (401) instead of retrying it forever', async () => {
    const { box, d, statuses } = setup([{ status: 401, body: { error: 'unknown write key' } }]);
    await box.add([ev(now + 1)]);
    expect(await d.flush()).toBe(true);
    expect(statuses.at(-1)?.[0]).toBe('rejected');
  });
});
