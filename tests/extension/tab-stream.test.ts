// How the debug channel and the network join into one status per touchpoint.
import { describe, expect, it } from 'vitest';
import type { DebugMessage, DeliveryStatus, WireEvent } from '../../wire/index.js';
import {
  addEntry, applyDebugMessage, clearStream, emptyStream, idsInBatchBody, requestFinished, requestStarted, statusFromHttp, STREAM_LIMITS,
} from '../../extension/src/lib/tab-stream.js';
import { statusText } from '../../extension/src/views/status-text.js';

const T = '2026-11-25T10:00:00.000Z';
let n = 0;
function event(name = 'signed_up'): WireEvent {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'track', name, anonymousId: 'a1', sessionId: 's1', timestamp: T,
    context: { url: 'https://shop.example/' },
  };
}
const touch = (e: WireEvent): DebugMessage => ({ source: 'waymark-sdk', kind: 'touchpoint', event: e });
const status = (ids: string[], s: DeliveryStatus, errors?: Record<string, string[]>, detail?: string): DebugMessage =>
  ({ source: 'waymark-sdk', kind: 'status', ids, status: s, errors, detail });

describe('debug channel statuses', () => {
  it.each<[string, DeliveryStatus[], string]>([
    ['a new touchpoint is queued', [], 'queued'],
    ['queued, sent, accepted', ['queued', 'sent', 'accepted'], 'accepted'],
    ['the collector already had it', ['sent', 'duplicate'], 'duplicate'],
    ['a network error, then a retry that lands', ['sent', 'failed', 'sent', 'accepted'], 'accepted'],
    ['a late "sent" does not hide the answer', ['sent', 'accepted', 'sent'], 'accepted'],
    ['failed and not yet retried', ['sent', 'failed'], 'failed'],
  ])('%s', (_, statuses, expected) => {
    const s = emptyStream(1);
    const e = event();
    applyDebugMessage(s, touch(e), 'https://shop.example/', T);
    for (const st of statuses) applyDebugMessage(s, status([e.id], st), 'https://shop.example/', T);
    expect(s.entries[0].status).toBe(expected);
  });

  it('keeps the collector\'s reasons for each rejected event', () => {
    const s = emptyStream(1);
    const [a, b] = [event(), event()];
    applyDebugMessage(s, touch(a), '', T);
    applyDebugMessage(s, touch(b), '', T);
    applyDebugMessage(s, status([a.id, b.id], 'rejected', { [a.id]: ['name: too long'] }, 'HTTP 400'), '', T);
    expect(s.entries.map((x) => [x.status, x.errors])).toEqual([['rejected', ['name: too long']], ['rejected', ['HTTP 400']]]);
  });

  it('applies a status that arrived before its touchpoint once the touchpoint comes', () => {
    const s = emptyStream(1);
    const e = event();
    applyDebugMessage(s, status([e.id], 'sent'), '', T);
    applyDebugMessage(s, touch(e), '', T);
    expect(s.entries[0].status).toBe('sent');
    expect(s.pending).toEqual({});
  });

  it('does not add the same touchpoint twice', () => {
    const s = emptyStream(1);
    const e = event();
    applyDebugMessage(s, touch(e), '', T);
    applyDebugMessage(s, touch(e), '', T);
    expect(s.entries).toHaveLength(1);
  });

  it('stays bounded and counts what it dropped', () => {
    const s = emptyStream(1);
    for (let i = 0; i < STREAM_LIMITS.entries + 5; i++) addEntry(s, event(`e${i}`), 'sdk', '', T);
    expect(s.entries).toHaveLength(STREAM_LIMITS.entries);
    expect(s.entries[0].event.name).toBe('e5');
    expect(s.dropped).toBe(5);
  });

  it('clear empties the stream but keeps the pages seen', () => {
    const s = emptyStream(1);
    s.pages.push({ url: 'https://shop.example/', at: T });
    addEntry(s, event(), 'sdk', '', T);
    const v = s.version;
    clearStream(s);
    expect(s.entries).toEqual([]);
    expect(s.pages).toHaveLength(1);
    expect(s.version).toBeGreaterThan(v);
  });
});

describe('joining with the network', () => {
  it.each<[string, number | null, string | null, string, string[]]>([
    ['2xx: sent (accepted or duplicate only the debug channel can tell)', 200, null, 'sent', []],
    ['429: failed, the SDK retries', 429, null, 'failed', ['HTTP 429: the SDK retries later']],
    ['503: failed, the SDK retries', 503, null, 'failed', ['HTTP 503: the SDK retries later']],
    ['401: the whole batch refused', 401, null, 'rejected', ['HTTP 401: the collector refused the whole batch']],
    ['network error', null, 'net::ERR_CONNECTION_REFUSED', 'failed', ['net::ERR_CONNECTION_REFUSED']],
  ])('%s', (_, code, error, expected, errors) => {
    expect(statusFromHttp(code, error)).toEqual({ status: expected, errors });
  });

  it('marks the events a fetch carried, by the ids in its body', () => {
    const s = emptyStream(1);
    const [a, b, c] = [event(), event(), event()];
    for (const e of [a, b, c]) addEntry(s, e, 'sdk', '', T);
    const body = JSON.stringify({ v: 1, writeKey: 'wk_x', sentAt: T, events: [a, b] });
    requestStarted(s, { requestId: 'r1', url: 'https://c.example/v1/batch', via: 'fetch', startedAt: T, ids: idsInBatchBody(body) });
    requestFinished(s, 'r1', 200, null, T);
    expect(s.entries.map((e) => e.status)).toEqual(['sent', 'sent', 'queued']);
    expect(s.entries[0].network).toEqual([{ via: 'fetch', statusCode: 200, error: null, at: T }]);
  });

  it('never downgrades what the debug channel already said', () => {
    const s = emptyStream(1);
    const e = event();
    applyDebugMessage(s, touch(e), '', T);
    applyDebugMessage(s, status([e.id], 'accepted'), '', T);
    requestStarted(s, { requestId: 'r1', url: 'u', via: 'fetch', startedAt: T, ids: [e.id] });
    requestFinished(s, 'r1', 200, null, T);
    expect(s.entries[0].status).toBe('accepted');
  });

  it('a beacon has no readable body: the request is listed, statuses come from the debug channel', () => {
    const s = emptyStream(1);
    const e = event();
    applyDebugMessage(s, touch(e), '', T);
    requestStarted(s, { requestId: 'b1', url: 'u', via: 'beacon', startedAt: T, ids: idsInBatchBody(null) });
    requestFinished(s, 'b1', 200, null, T);
    applyDebugMessage(s, status([e.id], 'sent'), '', T);
    expect(s.requests[0]).toMatchObject({ via: 'beacon', ids: [], statusCode: 200 });
    expect(s.entries[0].status).toBe('sent');
  });

  it('a beaconed event says so in words until the next page confirms it, then reads accepted', () => {
    const s = emptyStream(1);
    const [beaconed, fetched] = [event(), event()];
    for (const e of [beaconed, fetched]) applyDebugMessage(s, touch(e), '', T);
    applyDebugMessage(s, status([beaconed.id], 'sent', undefined, 'beacon'), 'https://shop.example/a', T);
    applyDebugMessage(s, status([fetched.id], 'sent'), 'https://shop.example/a', T);
    expect(s.entries.map(statusText)).toEqual(['sent by beacon, answer not readable', 'sent']);
    // The next page's SDK saw the collector answer soon after the beacon: it confirms the events.
    applyDebugMessage(s, status([beaconed.id], 'accepted', undefined, 'beacon'), 'https://shop.example/b', T);
    expect(s.entries.map(statusText)).toEqual(['accepted', 'sent']);
  });

  it('a beacon\'s "sent" that arrives before its touchpoint is still told apart', () => {
    const s = emptyStream(1);
    const e = event();
    applyDebugMessage(s, status([e.id], 'sent', undefined, 'beacon'), '', T);
    applyDebugMessage(s, touch(e), '', T);
    expect(statusText(s.entries[0])).toBe('sent by beacon, answer not readable');
  });

  it.each([['not JSON', '{oops'], ['no events', '{"v":1}'], ['empty', '']])('reads no ids from a body that is %s', (_, body) => {
    expect(idsInBatchBody(body)).toEqual([]);
  });
});
