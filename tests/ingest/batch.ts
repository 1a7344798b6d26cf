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

export function batch(writeKey: string, events: unknown[], over: Record<string, unknown> = {}) {
  return { v: 1, writeKey, sentAt: new Date().toISOString(), events, ...over };
}

export async function post(url: string, body: unknown, init: { headers?: Record<string, string>; raw?: BodyInit } = {}) {
  const res = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}
