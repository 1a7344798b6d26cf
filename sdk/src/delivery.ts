// Moves events from the outbox to the collector: batches by count, one tab at a time (Web
// Locks), backoff on failures, splitting on 413, and each event's fate reported.
import type { DeliveryStatus, WireEvent } from '../../wire';
import { backoffDelay, retryable } from './backoff';
import type { Outbox } from './outbox/outbox';
import type { SendResult } from './transport';

export type StatusReport = (ids: string[], status: DeliveryStatus, errors?: Record<string, string[]>, detail?: string) => void;

export interface DeliveryOptions {
  outbox: Pick<Outbox, 'take' | 'ack'>;
  /** Sends a batch of events to the collector. */
  send: (events: WireEvent[]) => Promise<SendResult>;
  batchSize: number;
  /** Runs `fn` while holding the outbox lock shared by every tab; `fn` alone where there are no locks. */
  lock: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Ids some page has already seen answered; such events leave the outbox unsent. */
  answered: () => { has(id: string): boolean };
  /** The backoff's first delay and cap (as init() takes them), and its source of jitter (see backoffDelay). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
}

export interface Delivery {
  /** Sends everything in the outbox; resolves true when it is empty, false when a retry is scheduled. */
  flush(): Promise<boolean>;
}

export function delivery(o: DeliveryOptions, report: StatusReport): Delivery {
  let attempt = 0;
  let retryAfter: number | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<boolean> | null = null;
  let again = false;

  /** Delivers one batch; false when it must be retried later. */
  async function deliver(events: WireEvent[]): Promise<boolean> {
    const ids = events.map((e) => e.id);
    report(ids, 'sent');
    const r = await o.send(events);
    const ok = r.status >= 200 && r.status < 300;
    if (r.status === 413 && events.length > 1) {
      const half = Math.ceil(events.length / 2);
      return (await deliver(events.slice(0, half))) && deliver(events.slice(half));
    }
    const detail = r.body?.error ?? (r.status ? `HTTP ${r.status}` : 'network error');
    if (retryable(r.status)) {
      retryAfter = r.retryAfter;
      report(ids, 'failed', undefined, `${detail}; will retry`);
      return false;
    }
    // Answered: the batch leaves the outbox. A 2xx names the duplicates and the rejected events;
    // any other answer (400/401/403, or 413 of one event) rejects them all: sending them again
    // cannot succeed, so they are dropped and the reason said.
    await o.outbox.ack(ids);
    const dup = new Set(ok ? r.body?.duplicateIds : []);
    const errors: Record<string, string[]> = {};
    if (ok) for (const x of r.body?.rejected ?? []) errors[ids[x.index] ?? x.id ?? ''] = x.errors;
    else for (const id of ids) errors[id] = [detail];
    const tell: StatusReport = (some, ...status) => some.length && report(some, ...status);
    tell(ids.filter((id) => !dup.has(id) && !errors[id]), 'accepted');
    tell(ids.filter((id) => dup.has(id)), 'duplicate');
    tell(Object.keys(errors), 'rejected', errors, ok ? undefined : detail);
    return true;
  }

  async function drain(): Promise<boolean> {
    for (;;) {
      const batch = await o.outbox.take(o.batchSize);
      if (!batch.length) return true;
      // A copy that came back (from a dead page's spill or an unconfirmed beacon) after another
      // tab had the original answered: sending it would be a duplicate.
      const done = o.answered();
      const fresh = batch.filter((e) => !done.has(e.id));
      if (fresh.length < batch.length) await o.outbox.ack(batch.filter((e) => !fresh.includes(e)).map((e) => e.id));
      if (fresh.length && !(await deliver(fresh))) return false;
    }
  }

  async function flush(): Promise<boolean> {
    // The running drain may have read the outbox before the events this call is about were
    // written: note the call, and drain once more when the running one succeeds.
    if (running) return (again = true), running;
    clearTimeout(timer);
    again = false;
    running = o.lock(drain).catch(() => false);
    const ok = await running;
    running = null;
    if (ok) {
      attempt = 0;
      if (again) return flush();
    } else {
      timer = setTimeout(flush, backoffDelay(attempt++, retryAfter, o.random, o.retryBaseMs, o.retryMaxMs));
      retryAfter = null;
    }
    return ok;
  }

  return { flush };
}
