// The outbox: where events wait until the collector has acknowledged them. One small interface
// with an IndexedDB implementation (idb-outbox.ts) and this in-memory twin, used when IndexedDB
// is unavailable (private modes, blocked storage) and by the unit tests.
import type { WireEvent } from '../../../collector/src/wire';
import { uuidv7Floor } from '../uuid';

export interface Outbox {
  /** Stores events (one transaction); resolves with the ids evicted to stay within the limits. */
  add(events: WireEvent[]): Promise<string[]>;
  /** The oldest `n` events, without removing them. */
  take(n: number): Promise<WireEvent[]>;
  /** Removes acknowledged (or dropped) events. */
  ack(ids: string[]): Promise<void>;
  count(): Promise<number>;
  clear(): Promise<void>;
  readonly kind: 'indexeddb' | 'memory';
}

export interface OutboxLimits {
  maxEvents: number;
  maxAgeMs: number;
}

export const DEFAULT_LIMITS: OutboxLimits = { maxEvents: 10_000, maxAgeMs: 7 * 24 * 3600 * 1000 };

export function memoryOutbox(limits: OutboxLimits = DEFAULT_LIMITS, now = Date.now): Outbox {
  const events = new Map<string, WireEvent>();
  const sorted = () => [...events.keys()].sort();
  return {
    kind: 'memory',
    async add(list) {
      list.forEach((e) => events.set(e.id, e));
      const floor = uuidv7Floor(now() - limits.maxAgeMs);
      const ids = sorted();
      // Oldest first: everything under the age floor, then as many as the count is over.
      const evicted = ids.filter((id, i) => id < floor || i < ids.length - limits.maxEvents);
      evicted.forEach((id) => events.delete(id));
      return evicted;
    },
    async take(n) {
      return sorted().slice(0, n).map((id) => events.get(id)!);
    },
    async ack(ids) {
      ids.forEach((id) => events.delete(id));
    },
    async count() {
      return events.size;
    },
    async clear() {
      events.clear();
    },
  };
}
