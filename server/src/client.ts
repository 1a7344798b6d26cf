// createServerClient: a site's own servers report off-site touchpoints (orders, emails, support
// tickets) to the collector with the server key. Events wait in a bounded in-memory queue and
// leave in batches, on a timer or once enough have gathered; one batch is in flight at a time, so
// events arrive in the order they were queued.
import { randomUUID } from 'node:crypto';
import { LIMITS, type ServerEvent } from '../../wire/index.js';
import { nextBatchSize, packedBody, type Packed } from './pack-batches.js';
import { BatchRefusedError, sendBatch } from './send-batch.js';
import type { AliasInput, Dropped, FlushResult, IdentifyInput, ServerClient, ServerClientOptions, TrackInput } from './types.js';

const DEFAULTS = { flushAt: 100, flushIntervalMs: 1000, maxQueueSize: 10_000, maxRetries: 10, retryBaseMs: 500, timeoutMs: 15_000 };

const empty = (): FlushResult => ({ accepted: 0, duplicates: 0, rejected: [], dropped: 0 });

export function createServerClient(options: ServerClientOptions): ServerClient {
  const o = { ...DEFAULTS, ...options };
  if (!/^https?:\/\//.test(o.endpoint ?? '')) throw new TypeError(`createServerClient: endpoint must be the collector's http(s) base URL, got ${JSON.stringify(o.endpoint)}`);
  if (!o.serverKey?.startsWith('sk_')) throw new TypeError('createServerClient: serverKey must be one of the site\'s sites[].serverKeys (it starts with "sk_")');
  const url = `${o.endpoint.replace(/\/+$/, '')}/v1/batch`;
  const onDrop = o.onDrop ?? ((d: Dropped) => console.warn(`waymark: dropped ${d.ids.length} event(s), ${d.reason}: ${d.detail}`));
  const queue: Packed[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  const drop = (result: FlushResult, ids: string[], reason: Dropped['reason'], detail: string) => {
    result.dropped += ids.length;
    onDrop({ ids, reason, detail });
  };

  async function sendOne(batch: Packed[], result: FlushResult) {
    try {
      const answer = await sendBatch(packedBody(batch), {
        url, serverKey: o.serverKey, maxRetries: o.maxRetries, baseDelayMs: o.retryBaseMs, maxDelayMs: 30_000, timeoutMs: o.timeoutMs, fetch: o.fetch,
      });
      result.accepted += answer.accepted;
      result.duplicates += answer.duplicates;
      for (const r of answer.rejected) {
        const id = r.id ?? batch[r.index]?.id;
        result.rejected.push({ id, errors: r.errors });
        drop(result, [id], 'rejected', r.errors.join('; '));
      }
    } catch (e) {
      drop(result, batch.map((p) => p.id), e instanceof BatchRefusedError ? 'refused' : 'unavailable', (e as Error).message);
    }
  }

  /** Sends what is queued when its turn comes, batch by batch. */
  function drain(): Promise<FlushResult> {
    const result = empty();
    const run = chain.then(async () => {
      while (queue.length) await sendOne(queue.splice(0, nextBatchSize(queue)), result);
      return result;
    });
    chain = run;
    return run;
  }

  /** A drain unless one is under way (it sends what is queued meanwhile too): an outage does not pile them up. */
  let running: Promise<unknown> | null = null;
  const kick = () => {
    if (running || !queue.length) return;
    running = drain().finally(() => (running = null));
  };

  const timer = setInterval(kick, o.flushIntervalMs);
  timer.unref();
  // The timer does not keep the process alive; what is still queued when the work is done goes out first.
  const beforeExit = kick;
  process.on('beforeExit', beforeExit);
  const sigterm = () => {
    void close().finally(() => {
      // Let SIGTERM end the process as it would have without this client, unless someone else handles it.
      if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
    });
  };
  if (o.closeOnSigterm !== false) process.once('SIGTERM', sigterm);

  function enqueue(caller: string, e: ServerEvent): string {
    if (closed) throw new Error(`waymark ${caller}(): the client is closed; create another one`);
    if (!e.userId && !e.anonymousId) throw new TypeError(`waymark ${caller}(): needs a userId (or the anonymousId of a visitor who never signed in)`);
    const json = JSON.stringify(e);
    const bytes = Buffer.byteLength(json);
    if (bytes > LIMITS.eventBytes) {
      drop(empty(), [e.id], 'too_large', `the event is ${bytes} bytes; the collector takes at most ${LIMITS.eventBytes} per event`);
    } else if (queue.length >= o.maxQueueSize) {
      drop(empty(), [e.id], 'queue_full', `${queue.length} events are waiting (maxQueueSize); is the collector reachable at ${url}?`);
    } else {
      queue.push({ id: e.id, json, bytes });
      if (queue.length >= o.flushAt) kick();
    }
    return e.id;
  }

  function base(caller: string, i: TrackInput | IdentifyInput | AliasInput): ServerEvent {
    const at = i.timestamp === undefined ? new Date() : new Date(i.timestamp);
    if (Number.isNaN(at.getTime())) throw new TypeError(`waymark ${caller}(): timestamp ${JSON.stringify(i.timestamp)} is not a date`);
    const e: ServerEvent = { id: i.id ?? randomUUID(), type: 'track', timestamp: at.toISOString() };
    if (i.userId !== undefined) e.userId = i.userId;
    if (i.anonymousId !== undefined) e.anonymousId = i.anonymousId;
    if (i.sessionId !== undefined) e.sessionId = i.sessionId;
    if (i.channel !== undefined) e.channel = i.channel;
    return e;
  }

  async function close(): Promise<FlushResult> {
    if (closed) return chain.then(empty);
    closed = true;
    clearInterval(timer);
    process.off('beforeExit', beforeExit);
    process.off('SIGTERM', sigterm);
    return drain();
  }

  return {
    track(i) {
      if (!i?.name) throw new TypeError('waymark track(): needs a name (order_completed, email_opened, …)');
      return enqueue('track', { ...base('track', i), name: i.name, ...(i.properties ? { properties: i.properties } : {}) });
    },
    identify(i) {
      if (!i?.userId) throw new TypeError('waymark identify(): needs a userId');
      return enqueue('identify', { ...base('identify', i), type: 'identify', ...(i.traits ? { traits: i.traits } : {}) });
    },
    alias(i) {
      if (!i?.userId || !i.previousId) throw new TypeError('waymark alias(): needs a userId and the previousId it replaces');
      return enqueue('alias', { ...base('alias', i), type: 'alias', previousId: i.previousId });
    },
    flush: () => drain(),
    close,
  };
}
