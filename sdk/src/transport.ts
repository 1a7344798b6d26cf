// How a batch body reaches the collector. A string body goes as text/plain, which keeps every
// request "simple" for CORS, so no preflight doubles the request count; the collector accepts it
// as JSON (DESIGN §2).
import type { BatchResponse } from '../../collector/src/wire';

export interface SendResult {
  /** HTTP status; 0 when the request never got an answer (offline, refused, blocked). */
  status: number;
  body?: Partial<BatchResponse> & { error?: string };
  /** Seconds from a Retry-After header. */
  retryAfter?: number | null;
}

export type Send = (body: string) => Promise<SendResult>;

// Chromium and Firefox refuse keepalive bodies over 64 KiB (all in-flight keepalive requests together).
const KEEPALIVE_LIMIT = 60_000;

// Bodies are not gzipped: CompressionStream would cost ~150 B of the size budget, and batches of
// similar events are small (see the benchmark's bytes per 100 events).
export function fetchTransport(url: string): Send {
  return async (body) => {
    try {
      // keepalive lets a request outlive the page; the limit counts bytes, a string's length UTF-16 units.
      const res = await fetch(url, { method: 'POST', body, keepalive: body.length * 3 < KEEPALIVE_LIMIT, credentials: 'omit' });
      return {
        status: res.status,
        body: await res.json().catch(() => {}), // a proxy's HTML error page: the status says enough
        retryAfter: Number(res.headers.get('Retry-After')) || null,
      };
    } catch (e) {
      return { status: 0, body: { error: String(e) } };
    }
  };
}

/** Fire-and-forget for a page that is going away; true when the browser took the body (as text/plain, like fetch). */
export function beacon(url: string, body: string): boolean {
  try {
    return !!navigator.sendBeacon?.(url, body);
  } catch {
    return false;
  }
}
