// The outbox: where events wait until the collector has acknowledged them. One small interface
// with an IndexedDB implementation (idb-outbox.ts) and this in-memory twin, used when IndexedDB
// is unavailable (private modes, blocked storage) and by the unit tests.
import type { WireEvent } from '../../../wire';
import { uuidv7Floor } from '../uuid';

export interface Outbox {
  /** Stores events (one transaction); resolves with the ids evicted to stay within the limits. */
  add(events: WireEvent[]): Promise<string[]>;
  /** The oldest `n` events, without removing them. */
  take(n: number): Promise<WireEvent[]>;
  /** Removes acknowledged (or dropped) events: at least one id. */
  ack(ids: string[]): Promise<void>;
  clear(): Promise<void>;
}

export interface OutboxLimits {
  maxEvents: number;
  maxAgeMs: number;
}

export const DEFAULT_LIMITS: OutboxLimits = { maxEvents: 10_000, maxAgeMs: 7 * 24 * 3600 * 1000 };

/** The ids (in key order, oldest first) to evict: everything under the age floor, then as many as the count is over. */
export function overLimits(sortedIds: string[], limits: OutboxLimits, now: number): string[] {
  const floor = uuidv7Floor(now - limits.maxAgeMs);
  return sortedIds.filter((id, i) => id < floor || i < sortedIds.length - limits.maxEvents);
}

export function memoryOutbox(limits: OutboxLimits = DEFAULT_LIMITS, now = Date.now): Outbox {
  const events = new Map<string, WireEvent>();
  const sorted = () => [...events.keys()].sort();
  const ack = async (ids: string[]) => ids.forEach((id) => events.delete(id));
  return {
    async add(list) {
      list.forEach((e) => events.set(e.id, e));
      const evicted = overLimits(sorted(), limits, now());
      await ack(evicted);
      return evicted;
    },
    take: async (n) => sorted().slice(0, n).map((id) => events.get(id)!),
    ack,
    clear: async () => events.clear(),
  };
}
