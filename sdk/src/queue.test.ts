// The queue over the in-memory outbox, with a fake clock: when events are written, in how many
// transactions, when a send follows, and what a hidden page hands over.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireEvent } from '../../wire';
import { memoryOutbox, type Outbox } from './outbox/outbox';
import { queue, type QueueOptions } from './queue';
import { uuidv7 } from './uuid';

const events = (n: number) => Array.from({ length: n }, (_, i): WireEvent => ({ id: uuidv7(Date.now() + i), type: 'track', name: `e${i}`, anonymousId: 'a', sessionId: 's', timestamp: new Date().toISOString(), context: {} }));

function setup(over: Partial<QueueOptions> = {}) {
  const box = memoryOutbox();
  const writes: number[] = []; // events per outbox transaction
  let gate: Promise<void> | undefined;
  const outbox: Pick<Outbox, 'add'> = { add: async (list) => (writes.push(list.length), await gate, box.add(list)) };
  const sends: number[] = []; // when each send happened
  const saved: string[] = [];
  const hidden: [string[], string[]][] = [];
  const q = queue({
    outbox, batchSize: 500, flushInterval: 1000,
    flush: async () => (sends.push(Date.now()), true),
    saved: (list) => saved.push(...list.map((e) => e.id)),
    hidden: (unsaved, saving) => (hidden.push([unsaved.map((e) => e.id), saving.map((e) => e.id)]), false),
    ...over,
  });
  const stored = async () => (await box.take(1e6)).map((e) => e.id);
  return { q, writes, sends, saved, hidden, stored, hold: () => { let open!: () => void; gate = new Promise((r) => (open = r)); return () => { gate = undefined; open(); }; } };
}

describe('queue', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('writes nothing during the task that made the events, then all of them, 100 per transaction', async () => {
    const { q, writes, stored, saved } = setup();
    const list = events(250);
    q.add(list);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(10); // one task per transaction
    expect(writes).toEqual([100, 100, 50]);
    expect(await stored()).toEqual(list.map((e) => e.id));
    expect(saved).toEqual(list.map((e) => e.id));
  });

  it('sends once a batch has been written, or after the flush interval', async () => {
    const { q, sends } = setup({ batchSize: 200 });
    q.add(events(250));
    await vi.advanceTimersByTimeAsync(10);
    expect(sends.length).toBe(1); // once the 200th event was written
    await vi.advanceTimersByTimeAsync(980);
    expect(sends.length).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(sends.length).toBe(2); // the other 50 waited the interval
  });

  it('flush() writes everything queued at once, then sends', async () => {
    const { q, writes, sends, stored } = setup();
    const list = events(150);
    q.add(list);
    await q.flush();
    expect([writes, sends.length]).toEqual([[100, 50], 1]);
    expect((await stored()).length).toBe(150);
  });

  it('on hide hands over what is unwritten and what is being written, and writes the unwritten at once when they did not leave by beacon', async () => {
    const { q, hidden, hold, stored } = setup();
    const [a, b] = [events(1), events(1)];
    q.add(a);
    const release = hold();
    await vi.advanceTimersByTimeAsync(0); // a's transaction has begun, not committed
    q.add(b);
    q.hide();
    expect(hidden).toEqual([[[b[0].id], [a[0].id]]]);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect((await stored()).sort()).toEqual([a[0].id, b[0].id].sort());
  });

  it('writes nothing more on hide when the events left by beacon', async () => {
    const { q, writes, stored } = setup({ hidden: () => true });
    q.add(events(3));
    q.hide();
    await vi.advanceTimersByTimeAsync(2000);
    expect([writes, await stored()]).toEqual([[], []]);
  });

  it('forgets what is queued on clear()', async () => {
    const { q, writes } = setup();
    q.add(events(3));
    q.clear();
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([]);
  });
});
