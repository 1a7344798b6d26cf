// Events on their way into the outbox, and when to send them: events made in one task are written
// in the next, at most CHUNK per IndexedDB transaction (a burst of thousands is split so no task
// runs long); a send follows a batch's worth of writes, or the flush interval.
import type { WireEvent } from '../../wire';
import type { Outbox } from './outbox/outbox';

const CHUNK = 100;

export interface QueueOptions {
  outbox: Pick<Outbox, 'add'>;
  batchSize: number;
  flushInterval: number;
  /** Sends what the outbox holds; resolves true when it is empty. */
  flush(): Promise<boolean>;
  /** `events` are in the outbox; `evicted`, the ids it dropped to stay within its limits. */
  saved(events: WireEvent[], evicted: string[]): void;
  /**
   * The page is hidden, with `unsaved` events not yet written and `saving` ones whose write has not
   * committed: true when `unsaved` left another way (by beacon); otherwise they are written at once.
   */
  hidden(unsaved: WireEvent[], saving: WireEvent[]): boolean;
}

export interface Queue {
  /** Queues events for the outbox. */
  add(events: WireEvent[]): void;
  /** Writes everything queued, then sends; resolves as flush() does. */
  flush(): Promise<boolean>;
  /** The page is hidden (see QueueOptions.hidden). */
  hide(): void;
  /** Forgets what is queued and held (consent withdrawn). */
  clear(): void;
}

export function queue(o: QueueOptions): Queue {
  let unsaved: WireEvent[] = [];
  let saving: WireEvent[] = [];
  let sinceFlush = 0;
  let writeTimer: ReturnType<typeof setTimeout> | 0 = 0;
  let flushTimer: ReturnType<typeof setTimeout> | 0 = 0;

  async function save(list: WireEvent[]) {
    if (!list.length) return;
    // At risk from here until the write commits: a page hidden meanwhile spills these too.
    saving = saving.concat(list);
    const evicted = await o.outbox.add(list);
    saving = saving.filter((e) => !list.includes(e));
    o.saved(list, evicted);
    sinceFlush += list.length;
    if (sinceFlush >= o.batchSize) send();
    else flushTimer ||= setTimeout(send, o.flushInterval);
  }

  function write() {
    writeTimer = 0;
    const chunk = unsaved.splice(0, CHUNK);
    if (unsaved.length) writeSoon();
    return save(chunk);
  }
  const writeSoon = () => (writeTimer ||= setTimeout(write, 0));
  function cancelWrite() {
    clearTimeout(writeTimer);
    writeTimer = 0;
  }

  async function flush() {
    cancelWrite();
    while (unsaved.length) await write();
    return send();
  }

  function send() {
    clearTimeout(flushTimer);
    flushTimer = 0;
    sinceFlush = 0;
    return o.flush();
  }

  return {
    add(events) {
      unsaved.push(...events);
      writeSoon();
    },
    flush,
    hide() {
      cancelWrite();
      const list = unsaved.splice(0);
      // No flush here: a request the page does not live to see answered cannot be acknowledged,
      // and would be sent again by the next page. The next page (or visit) sends it.
      if (!o.hidden(list, saving)) void save(list);
    },
    clear() {
      unsaved = [];
    },
  };
}
