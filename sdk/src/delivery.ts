// Moves events from the outbox to the collector: batches by count, one tab at a time (Web
// Locks), backoff on failures, splitting on 413, and each event's fate reported.
import type { DeliveryStatus, WireEvent } from '../../collector/src/wire';
import { backoffDelay, retryable } from './backoff';
import type { Outbox } from './outbox/outbox';
import type { Send, SendResult } from './transport';

export type StatusReport = (ids: string[], status: DeliveryStatus, errors?: Record<string, string[]>, detail?: string) => void;

export interface DeliveryOptions {
  /** The outbox, once it is open. */
  outbox: () => Promise<Outbox>;
  send: Send;
  /** Serialises a batch of events into a request body. */
  envelope: (events: WireEvent[]) => string;
  report: StatusReport;
  batchSize: number;
  /** Runs `fn` while holding the outbox lock shared by every tab; `fn` alone where there are no locks. */
  lock: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Called after each request with whether the collector answered it (a beacon's fate is judged by it). */
  health?: (up: boolean) => void;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface Delivery {
  /** Sends everything in the outbox; resolves true when it is empty, false when a retry is scheduled. */
  flush(): Promise<boolean>;
}

export function delivery(o: DeliveryOptions): Delivery {
  let attempt = 0;
  let retryAfter: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<boolean> | null = null;
  let again = false;

  /** Delivers one batch; false when it must be retried later. */
  async function deliver(events: WireEvent[]): Promise<boolean> {
    const ids = events.map((e) => e.id);
    o.report(ids, 'sent');
    const r: SendResult = await o.send(o.envelope(events));
    o.health?.(!retryable(r.status));
    if (r.status >= 200 && r.status < 300) {
      const dup = new Set(r.body?.duplicateIds ?? []);
      const errors: Record<string, string[]> = {};
      for (const x of r.body?.rejected ?? []) errors[ids[x.index] ?? x.id ?? ''] = x.errors;
      await (await o.outbox()).ack(ids);
      const rejected = Object.keys(errors);
      const accepted = ids.filter((id) => !dup.has(id) && !errors[id]);
      if (accepted.length) o.report(accepted, 'accepted');
      if (dup.size) o.report(ids.filter((id) => dup.has(id)), 'duplicate');
      if (rejected.length) o.report(rejected, 'rejected', errors);
      return true;
    }
    if (r.status === 413 && events.length > 1) {
      const half = Math.ceil(events.length / 2);
      return (await deliver(events.slice(0, half))) && deliver(events.slice(half));
    }
    const detail = r.body?.error ?? (r.status ? `HTTP ${r.status}` : 'network error');
    if (retryable(r.status)) {
      retryAfter = r.retryAfter ?? null;
      o.report(ids, 'failed', undefined, `${detail}; will retry`);
      return false;
    }
    // 400/401/403/413 of one event: sending it again cannot succeed; drop it, say why.
    await (await o.outbox()).ack(ids);
    o.report(ids, 'rejected', Object.fromEntries(ids.map((id) => [id, [detail]])), detail);
    return true;
  }

  async function drain(): Promise<boolean> {
    for (;;) {
      const batch = await (await o.outbox()).take(o.batchSize);
      if (!batch.length) return true;
      if (!(await deliver(batch))) return false;
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
      timer = setTimeout(flush, backoffDelay(attempt++, retryAfter, o.random, o.baseDelayMs, o.maxDelayMs));
      retryAfter = null;
    }
    return ok;
  }

  return { flush };
}
