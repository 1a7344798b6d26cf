// Where seeded events go: the real ingest route over HTTP (the default), or, for datasets too
// big to push through HTTP in a reasonable time, the same normalisation straight into a store.
import { normaliseBatch } from '../ingest/normalise.js';
import type { Store } from '../store/store.js';
import { LIMITS, WIRE_VERSION, type BatchResponse, type WireEvent } from '../../../wire/schema.js';

export interface Sink {
  /** At most LIMITS.eventsPerBatch events; resolves when the collector has stored them. */
  send(events: WireEvent[]): Promise<void>;
  readonly name: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST /v1/batch, retrying 429 (after Retry-After), 5xx and network errors a few times. */
export function httpSink(baseUrl: string, writeKey: string): Sink {
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/v1/batch`;
  return {
    name: endpoint,
    async send(events) {
      if (events.length > LIMITS.eventsPerBatch) throw new Error(`a batch holds at most ${LIMITS.eventsPerBatch} events, got ${events.length}`);
      for (let attempt = 1; ; attempt++) {
        let res: Response;
        try {
          res = await fetch(endpoint, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ v: WIRE_VERSION, writeKey, sentAt: new Date().toISOString(), events }),
          });
        } catch (e) {
          if (attempt >= 5) throw new Error(`cannot reach ${endpoint}: ${(e as Error).message}; is the collector running (npm start)?`);
          await sleep(250 * 2 ** attempt);
          continue;
        }
        if (res.status === 429 || res.status >= 500) {
          if (attempt >= 50) throw new Error(`${endpoint} kept answering ${res.status}: ${await res.text()}`);
          await sleep(res.status === 429 ? Number(res.headers.get('retry-after') ?? 1) * 1000 : 250 * 2 ** Math.min(attempt, 5));
          continue;
        }
        if (res.status !== 200) throw new Error(`${endpoint} answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as BatchResponse;
        if (body.rejected.length) {
          throw new Error(`the collector rejected ${body.rejected.length} seeded events, e.g. ${JSON.stringify(body.rejected[0])}`);
        }
        return;
      }
    },
  };
}

/**
 * The ingest route's own normalisation (validation, skew correction) without HTTP: for the
 * 1M-event benchmark dataset. Events still go through `normaliseBatch` and `store.ingest`.
 */
export function storeSink(store: Store, siteId: string, opts: { trusted?: boolean } = {}): Sink {
  return {
    name: `${store.kind} store (site ${siteId})${opts.trusted ? ', unvalidated' : ''}`,
    async send(events) {
      const now = Date.now();
      if (opts.trusted) {
        // Benchmark datasets only: the generator's events are valid by construction, and zod
        // validation would double the time to write a million of them. Sent "now", so at = timestamp.
        await store.ingest(events.map((e) => ({
          id: e.id, siteId, type: e.type, name: e.name ?? null, anonymousId: e.anonymousId, userId: e.userId ?? null,
          sessionId: e.sessionId, at: Date.parse(e.timestamp), receivedAt: now, ip: null, flags: [], event: e,
        })), []);
        return;
      }
      const n = normaliseBatch(siteId, new Date(now).toISOString(), events, now);
      if (n.rejected.length) throw new Error(`seeded events failed validation: ${JSON.stringify(n.rejected[0])}`);
      await store.ingest(n.events, []);
    },
  };
}
