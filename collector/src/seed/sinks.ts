// Where seeded events go: the real ingest route over HTTP (the default), or, for datasets too
// big to push through HTTP in a reasonable time, the same normalisation straight into a store.
// The simulator's off-site touchpoints (an email opened, a support ticket) are what the site's
// servers send: they go as server requests, with the server key.
import { normaliseBatch, storageIds } from '../ingest/normalise.js';
import { SERVER_FLAG } from '../journey/event.js';
import type { Store, StoredEvent } from '../store/store.js';
import { LIMITS, WIRE_VERSION, type BatchResponse, type ServerEvent, type WireEvent } from '../../../wire/schema.js';

/** A browser's event, or a server's. */
export type SeedEvent = WireEvent | ServerEvent;

/** Events a server sent carry no page context, as the simulator makes them (simulate/emit.ts). */
export const sentByServer = (e: SeedEvent): e is ServerEvent => e.context === undefined;

export interface Sink {
  /** At most LIMITS.eventsPerBatch events; resolves when the collector has stored them. */
  send(events: SeedEvent[]): Promise<void>;
  readonly name: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST /v1/batch, retrying 429 (after Retry-After), 5xx and network errors a few times. */
export function httpSink(baseUrl: string, writeKey: string, serverKey?: string | null): Sink {
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/v1/batch`;
  const post = async (body: object, headers: Record<string, string>) => {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
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
      const answer = (await res.json()) as BatchResponse;
      if (answer.rejected.length) {
        throw new Error(`the collector rejected ${answer.rejected.length} seeded events, e.g. ${JSON.stringify(answer.rejected[0])}`);
      }
      return;
    }
  };
  return {
    name: endpoint,
    async send(events) {
      if (events.length > LIMITS.eventsPerBatch) throw new Error(`a batch holds at most ${LIMITS.eventsPerBatch} events, got ${events.length}`);
      const fromServers = events.filter(sentByServer);
      const fromBrowsers = events.filter((e) => !sentByServer(e));
      if (fromBrowsers.length) await post({ v: WIRE_VERSION, writeKey, sentAt: new Date().toISOString(), events: fromBrowsers }, {});
      if (fromServers.length) {
        if (!serverKey) throw new Error('the seeded people include off-site touchpoints, which only a server key may send: pass the site\'s server key (--server-key)');
        await post({ v: WIRE_VERSION, events: fromServers }, { authorization: `Bearer ${serverKey}` });
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
        await store.ingest(events.map((e): StoredEvent => {
          const server = sentByServer(e);
          return {
            id: e.id, siteId, type: e.type, name: e.name ?? null, ...storageIds(e, server), userId: e.userId ?? null,
            at: Date.parse(e.timestamp), receivedAt: now, ip: null, flags: server ? [SERVER_FLAG] : [], event: e,
          };
        }), []);
        return;
      }
      const sentAt = new Date(now).toISOString();
      const browser = await normaliseBatch(siteId, sentAt, events.filter((e) => !sentByServer(e)), now);
      const server = await normaliseBatch(siteId, undefined, events.filter(sentByServer), now, { server: true });
      const rejected = [...browser.rejected, ...server.rejected];
      if (rejected.length) throw new Error(`seeded events failed validation: ${JSON.stringify(rejected[0])}`);
      await store.ingest([...browser.events, ...server.events], []);
    },
  };
}
