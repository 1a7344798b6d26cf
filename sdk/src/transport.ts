// How a batch body reaches the collector. A string body goes as text/plain and a compressed one
// with no type; neither has a Content-Encoding header (the URL says `?enc=gzip` instead), so every
// request stays "simple" for CORS and no preflight doubles the request count.
import type { BatchResponse } from '../../wire';

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

/**
 * `body` gzip-compressed by the browser, or null where it cannot be. Written in one chunk: piping
 * a Blob's or a Response's stream through the compressor cost 5–10× the main-thread time in
 * Chromium (many small chunks, each a round of promises).
 */
async function gzip(body: string): Promise<ArrayBuffer | null> {
  try {
    const c = new CompressionStream('gzip');
    const w = c.writable.getWriter();
    w.write(new TextEncoder().encode(body));
    w.close();
    return await new Response(c.readable).arrayBuffer();
  } catch {
    return null; // no CompressionStream (older browsers), or it failed: plain JSON
  }
}

export function fetchTransport(url: string): Send {
  return async (text) => {
    try {
      // A batch of similar events shrinks about tenfold; plain JSON where CompressionStream is missing or fails.
      const packed = await gzip(text);
      const body = packed ?? text;
      // keepalive lets a request outlive the page; the limit counts bytes, a string's length UTF-16 units.
      const size = packed ? packed.byteLength : text.length * 3;
      const res = await fetch(packed ? url + '?enc=gzip' : url, { method: 'POST', body, keepalive: size < KEEPALIVE_LIMIT, credentials: 'omit' });
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

/**
 * Fire-and-forget for a page that is going away; true when the browser took the body. Plain JSON
 * (as text/plain, like fetch): compressing is asynchronous, and the page may be gone before it ends.
 */
export function beacon(url: string, body: string): boolean {
  try {
    return !!navigator.sendBeacon?.(url, body);
  } catch {
    return false;
  }
}
