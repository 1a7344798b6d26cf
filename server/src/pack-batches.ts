// Which events travel together: at most LIMITS.eventsPerBatch per batch and a body of at most
// LIMITS.bodyBytes, so the collector never answers 413 to a batch this client made.
import { LIMITS, WIRE_VERSION } from '../../wire/index.js';

/** `{"v":1,"events":[` and `]}`, with room to spare. */
const ENVELOPE_BYTES = 64;

/** One queued event as it will be sent: its JSON, measured once. */
export interface Packed {
  id: string;
  json: string;
  bytes: number;
}

/** How many of `queue`'s first events fit in one batch (at least one, when there is one). */
export function nextBatchSize(queue: readonly Packed[], maxEvents: number = LIMITS.eventsPerBatch, maxBytes: number = LIMITS.bodyBytes): number {
  let bytes = ENVELOPE_BYTES;
  let n = 0;
  while (n < queue.length && n < maxEvents) {
    const more = queue[n].bytes + (n ? 1 : 0);
    if (n > 0 && bytes + more > maxBytes) break;
    bytes += more;
    n++;
  }
  return n;
}

/**
 * The body of a server batch: no writeKey (the key names the site) and no sentAt (timestamps stand
 * as given), the events' JSON joined as measured.
 */
export const packedBody = (events: readonly Packed[]): string => `{"v":${WIRE_VERSION},"events":[${events.map((e) => e.json).join(',')}]}`;
