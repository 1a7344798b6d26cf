// The Node client's public types. The events are the wire format's server events, so what the
// client accepts is what the collector validates.
import type { BatchResponse, Json, ServerEvent } from '../../wire/index.js';

export type { BatchResponse, Json, ServerEvent };

export interface ServerClientOptions {
  /** The collector's base URL (`https://collector.example`); the client posts to `${endpoint}/v1/batch`. */
  endpoint: string;
  /** One of the site's `sites[].serverKeys` (`sk_…`): a secret, so only for servers. */
  serverKey: string;
  /** Send once this many events are queued (default 100; at most 500 go in one batch). */
  flushAt?: number;
  /** Send what is queued at least this often, in milliseconds (default 1000). */
  flushIntervalMs?: number;
  /** Events held in memory at most; past it new events are dropped and reported (default 10,000). */
  maxQueueSize?: number;
  /** Retries of one batch on network errors, 5xx and 429 before its events are dropped (default 10). */
  maxRetries?: number;
  /** First retry delay, doubling each time with jitter, up to 30 s (default 500 ms). */
  retryBaseMs?: number;
  /** Per attempt (default 15,000 ms). */
  timeoutMs?: number;
  /** `close()` when the process gets SIGTERM, then let SIGTERM end it as usual (default true). */
  closeOnSigterm?: boolean;
  /** Told of every event that will not reach the collector, and why. Default: a warning on stderr. */
  onDrop?: (drop: Dropped) => void;
  /** For tests and custom agents. */
  fetch?: typeof fetch;
}

export interface Dropped {
  /** The ids of the events dropped. */
  ids: string[];
  reason: 'queue_full' | 'rejected' | 'refused' | 'unavailable' | 'closed' | 'too_large';
  /** What the collector or the network said. */
  detail: string;
}

/** Who the touchpoint is about: a signed-in customer's `userId`, or a visitor's `anonymousId`. */
interface Who {
  userId?: string;
  anonymousId?: string;
}

interface Common extends Who {
  /** A stable id makes sending the same touchpoint twice (a re-run job) a no-op; a new UUID by default. */
  id?: string;
  /** When it happened; kept as given (an order from last year keeps its date). Default: now. */
  timestamp?: Date | string;
  /** Where it happened away from the website: `email`, `support`, `phone`, `store`, `social`, … */
  channel?: string;
  sessionId?: string;
}

export interface TrackInput extends Common {
  /** The touchpoint's name: `order_completed`, `email_opened`, `ticket_opened`, … */
  name: string;
  properties?: Record<string, Json>;
}

export interface IdentifyInput extends Common {
  userId: string;
  traits?: Record<string, Json>;
}

export interface AliasInput extends Common {
  userId: string;
  /** The id the customer had before: a browser's anonymous id, or an older user id. */
  previousId: string;
}

/** What the collector said about the events a flush sent. */
export interface FlushResult {
  accepted: number;
  /** Events the collector already had (a retried batch, a re-sent id). */
  duplicates: number;
  /** Events the collector refused, with its reasons (also reported to onDrop). */
  rejected: { id: string; errors: string[] }[];
  /** Events that could not be delivered (also reported to onDrop). */
  dropped: number;
}

export interface ServerClient {
  /** Queues a touchpoint; returns its event id. */
  track(input: TrackInput): string;
  /** Queues who a customer is (traits); returns its event id. */
  identify(input: IdentifyInput): string;
  /** Queues a link from an earlier id to `userId`; returns its event id. */
  alias(input: AliasInput): string;
  /** Sends everything queued so far; resolves when the collector has answered for all of it. */
  flush(): Promise<FlushResult>;
  /** Flushes, stops the timer and the SIGTERM hook; later calls throw. */
  close(): Promise<FlushResult>;
}
