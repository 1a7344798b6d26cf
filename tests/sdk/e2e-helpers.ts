// Shared pieces of the SDK's browser tests: what reached the collector (its SQLite file, read
// only), what the browser sent (every /v1/batch request body, beacons included), and what the
// SDK made (its debug channel, forwarded out of every page of a browser context).
import Database from 'better-sqlite3';
import { gunzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import type { DebugMessage, WireEvent } from '../../wire/index.js';

export interface StoredRow { id: string; event: WireEvent }

export function storedEvents(dbFile: string): WireEvent[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT body FROM events ORDER BY seq').all() as { body: string }[]).map((r) => JSON.parse(r.body));
  } finally {
    db.close();
  }
}

export function quarantined(dbFile: string): { event_id: string | null; errors: string }[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT event_id, errors FROM quarantine').all() as { event_id: string | null; errors: string }[];
  } finally {
    db.close();
  }
}

export async function until<T>(what: string, fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value:\n${JSON.stringify(last, null, 1).slice(0, 4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Records every event id in every /v1/batch request the context sends (fetch and beacon). */
export function recordSends(context: BrowserContext) {
  const sends: { ids: string[]; type: string; at: number; gzip: boolean }[] = [];
  context.on('request', (r) => {
    if (!r.url().includes('/v1/batch') || r.method() !== 'POST') return;
    const raw = r.postDataBuffer() ?? Buffer.from('{}');
    const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
    try {
      const body = JSON.parse((gzip ? gunzipSync(raw) : raw).toString()) as { events?: WireEvent[] };
      sends.push({ ids: (body.events ?? []).map((e) => e.id), type: r.resourceType(), at: Date.now(), gzip });
    } catch {
      sends.push({ ids: [], type: 'unreadable', at: Date.now(), gzip });
    }
  });
  const sentTwice = () => {
    const seen = new Map<string, number>();
    for (const s of sends) for (const id of s.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  };
  return {
    sends,
    /** Ids that left the browser in more than one request. */
    sentTwice,
    /**
     * Ids sent again after a page of the site had seen the collector's answer for them. The SDK
     * delivers at least once: a page that navigates while its request is open never reads the
     * answer, so the next page sends those events again and the collector drops the copies. That
     * resend is the protocol working; a resend after an answer is a fault (a lost acknowledgement).
     * Any recorded send after the answer counts, not only ids seen in two recorded requests: the
     * request a navigating page leaves open is not always reported by the browser, so its copy
     * may be the only one on record.
     */
    resentAfterAnswer(debug: { answeredAt(id: string): number | undefined }) {
      const ids = new Set(sends.flatMap((s) => s.ids));
      return [...ids].filter((id) => {
        const answered = debug.answeredAt(id);
        return answered !== undefined && sends.some((s) => s.at > answered && s.ids.includes(id));
      });
    },
  };
}

/** Switches the debug channel on in every page (as the extension does) and collects its messages. */
export async function recordDebug(context: BrowserContext) {
  const messages: DebugMessage[] = [];
  const answers = new Map<string, number>(); // event id → when a page first saw the collector's answer
  await context.exposeBinding('__waymarkDebug', (_src, msg: DebugMessage) => {
    messages.push(msg);
    if (msg.kind === 'status' && ['accepted', 'duplicate', 'rejected'].includes(msg.status)) for (const id of msg.ids) if (!answers.has(id)) answers.set(id, Date.now());
  });
  await context.addInitScript(() => {
    addEventListener('message', (e) => {
      if (e.source === window && e.data?.source === 'waymark-sdk') (window as any).__waymarkDebug(e.data);
    });
    // Init scripts can run before <html> exists; mark it as soon as the parser has made it.
    const mark = () => document.documentElement?.setAttribute('data-waymark-debug', '');
    if (document.documentElement) mark();
    else new MutationObserver((_, mo) => document.documentElement && (mark(), mo.disconnect())).observe(document, { childList: true });
  });
  return {
    messages,
    touchpoints: () => messages.flatMap((m) => (m.kind === 'touchpoint' ? [m.event] : [])),
    answeredAt: (id: string) => answers.get(id),
    statusOf(id: string) {
      return messages.filter((m) => m.kind === 'status' && m.ids.includes(id)).map((m) => (m.kind === 'status' ? m.status : ''));
    },
  };
}

/**
 * The SDK's two ways of sending: gzip through CompressionStream, and plain JSON where the browser
 * has none (the same as when compressing fails). Every delivery test runs both.
 */
export const SEND_MODES = [
  { mode: 'gzip-compressed', compress: true },
  { mode: 'plain JSON (no CompressionStream)', compress: false },
] as const;
export const withoutCompression = (context: BrowserContext) => context.addInitScript(() => { delete (window as any).CompressionStream; });

export const grantConsent = (context: BrowserContext) => context.addInitScript(() => localStorage.setItem('demo-consent', 'granted'));

export const counts = (xs: (string | undefined)[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x ?? '-'] = (m[x ?? '-'] ?? 0) + 1), m), {});
