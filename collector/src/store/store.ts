// The storage interface. Two adapters implement it (sqlite.ts, postgres.ts) and both run the
// one contract suite in store.contract.ts. Keep it small: every method here is a query both
// databases must answer the same way.
import type { EventType, WireEvent } from '../wire.js';

/** One accepted event as the collector keeps it. */
export interface StoredEvent {
  id: string;
  siteId: string;
  type: EventType;
  name: string | null;
  anonymousId: string;
  userId: string | null;
  sessionId: string;
  /** Skew-corrected time of the event (ms since epoch). */
  at: number;
  receivedAt: number;
  /** The sender's IP as privacy settings allow (truncated or hashed), or null. */
  ip?: string | null;
  /** Server-side findings, e.g. `identity_unverified` (an identify without a valid signature). */
  flags?: string[];
  /** The event exactly as the client sent it (its own `timestamp` included). */
  event: WireEvent;
}

/** One rejected event, kept with its reasons so a site owner can fix the tracking. */
export interface QuarantinedEvent {
  siteId: string;
  receivedAt: number;
  index: number;
  eventId: string | null;
  errors: string[];
  /** The event's JSON as received (truncated to 64 KB). */
  raw: string;
}

export interface IngestResult {
  /** Ids that were already stored (or repeated earlier in the same call). */
  duplicateIds: string[];
}

export interface EventFilter {
  siteId?: string;
  /** Inclusive lower and exclusive upper bound on `at`, ms since epoch. */
  from?: number;
  to?: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Stores events (deduplicated by id) and quarantined events in one durable commit. The
   * promise resolves only after the commit is on disk, so a 200 can be sent.
   */
  ingest(events: StoredEvent[], quarantined: QuarantinedEvent[]): Promise<IngestResult>;
  /** Every stored event matching the filter, in (at, id) order, streamed in pages. */
  scanEvents(filter?: EventFilter): AsyncIterable<StoredEvent>;
  /** The newest quarantined events first. */
  listQuarantine(opts?: { siteId?: string; limit?: number }): Promise<(QuarantinedEvent & { seq: number })[]>;
  close(): Promise<void>;
}
