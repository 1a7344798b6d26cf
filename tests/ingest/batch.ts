// Small builders for ingest tests: a valid event from a few fields, and a batch around events.
import { randomUUID } from 'node:crypto';

export function event(over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: 'track',
    name: 'clicked',
    anonymousId: 'anon-1',
    sessionId: 'sess-1',
    timestamp: new Date().toISOString(),
    context: { url: 'http://localhost/', path: '/', sdk: { name: 'test', version: '0' } },
    ...over,
  };
}

/** One visitor's page view (`page`, a path) or track event at `at` (ms), on a shop page, in session `<anon>-s`. */
export function visitEvent(anon: string, at: number, what: { page?: string; track?: string }) {
  const url = `https://shop.example${what.page ?? '/products/shoe-1'}`;
  const name = what.track ? { name: what.track } : {};
  const { name: _default, ...rest } = event({
    type: what.track ? 'track' : 'page', anonymousId: anon, sessionId: `${anon}-s`, timestamp: new Date(at).toISOString(),
    context: { url, path: new URL(url).pathname, referrer: '', sdk: { name: 'test', version: '0' } },
  });
  return { ...rest, ...name };
}

export function batch(writeKey: string, events: unknown[], over: Record<string, unknown> = {}) {
  return { v: 1, writeKey, sentAt: new Date().toISOString(), events, ...over };
}

/** A collector's base URL (sent to with fetch), or a test collector (sent to with its own fetch). */
type Target = string | { url: string; fetch(input: string, init?: RequestInit): Promise<Response> };

export async function post(to: Target, body: unknown, init: { headers?: Record<string, string>; raw?: BodyInit } = {}) {
  const [url, send] = typeof to === 'string' ? [to, fetch] : [to.url, to.fetch];
  const res = await send(`${url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}
