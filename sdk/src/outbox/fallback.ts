// The outbox the core writes to: in memory until open() (consent allows storage), then IndexedDB
// once it has opened. Back to memory when IndexedDB cannot open, or from a write that fails (quota,
// storage cleared mid-page), so the page keeps going; what IndexedDB already holds stays there for
// the next page.
import { idbOutbox } from './idb-outbox';
import { memoryOutbox, type Outbox, type OutboxLimits } from './outbox';

export interface FallbackOutbox extends Outbox {
  /** Opens the IndexedDB outbox; until it has, every call waits for it. */
  open(): void;
}

export function fallbackOutbox(name: string, limits: OutboxLimits): FallbackOutbox {
  let box = memoryOutbox(limits);
  let durable: Outbox | undefined;
  let ready: Promise<unknown> = Promise.resolve();
  const then = <T>(fn: () => Promise<T>) => ready.then(fn);
  return {
    open() {
      ready = idbOutbox(name, limits).then((b) => (box = durable = b), () => {});
    },
    add: (events) => then(() => box.add(events).catch(() => (box = memoryOutbox(limits)).add(events))),
    take: (n) => then(() => box.take(n)),
    ack: (ids) => then(() => box.ack(ids)),
    // Not open on this page (no consent, or IndexedDB failed): it may still hold earlier visits' events.
    clear: () => (box === durable ? box.clear() : (indexedDB?.deleteDatabase(name), box.clear())),
  };
}
