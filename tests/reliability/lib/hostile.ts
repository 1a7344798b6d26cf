// Hostile requests for the ingest and read APIs (scenario 3), generated with fast-check from a
// seed so any failure can be replayed. Each case says what it is and, when it carries valid
// events beside the hostile ones, which ids must end up stored.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** 8 MiB of spaces in 8 KB of gzip, made once. */
let bomb: Uint8Array | undefined;
const gzipBomb = () => (bomb ??= new Uint8Array(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20))));

export interface HostileCase {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** Ids of valid events in this request that must be stored (when the batch is accepted at all). */
  validIds: string[];
  /** Events in the body, when it is a parseable batch: every one is accepted, a duplicate or rejected. */
  eventCount?: number;
}

const enc = new TextEncoder();

export function validEvent(over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(), type: 'track', name: 'hostile_neighbour', anonymousId: 'anon-hostile', sessionId: 'sess-hostile',
    timestamp: new Date().toISOString(), context: { url: 'http://localhost/', path: '/' }, ...over,
  };
}

function envelope(writeKey: string, eventsJson: string[]): string {
  return `{"v":1,"writeKey":${JSON.stringify(writeKey)},"sentAt":${JSON.stringify(new Date().toISOString())},"events":[${eventsJson.join(',')}]}`;
}

const CONTENT_TYPES = ['application/json', 'text/plain', 'text/plain;charset=UTF-8', ''];
const WRONG_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png', 'text/html',
  'application/json\u0000', 'application/jsonx', ';;;', 'application/xml', '*/*'];
const INVALID_UTF8 = [[0xc3, 0x28], [0xff], [0xfe, 0xff], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28], [0xc0, 0xaf], [0x80]];
const NASTY_STRINGS = ['\ud800', '\udfff', 'a\ud800b', '\u0000', '\u001b[31m', '\r\n\r\nHTTP/1.1 200 OK', '\u2028\u2029', '<script>alert(1)</script>',
  "'; DROP TABLE events; --", '../../../../etc/passwd', '%00', '${7*7}', '{{7*7}}', '\ufeff', 'constructor', '__proto__', 'prototype', 'toString'];
const PROTO_KEYS = ['"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"prototype":{"polluted":"yes"}',
  '"__proto__":[1,2,3]', '"__proto__":null', '"hasOwnProperty":1', '"toString":"x"', '"valueOf":{}'];

/** Every field of an event, so `wrongTypes` can break one at a time. */
const EVENT_FIELDS = ['id', 'type', 'name', 'anonymousId', 'userId', 'previousId', 'sessionId', 'timestamp', 'channel', 'properties', 'traits', 'context'];
const ENVELOPE_FIELDS = ['v', 'writeKey', 'sentAt', 'events'];

function deep(depth: number, open: string, close: string, leaf = '1') {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

function batchCase(kind: string, writeKey: string, hostile: string[], validCount: number, extra: Partial<HostileCase> = {}): HostileCase {
  const valid = Array.from({ length: validCount }, () => validEvent());
  const events = [...hostile];
  // Valid events sit between the hostile ones, so "the rest of the batch" is really tested.
  valid.forEach((v, i) => events.splice(Math.min(events.length, i * 2), 0, JSON.stringify(v)));
  return {
    kind, method: 'POST', path: '/v1/batch', headers: { 'content-type': 'application/json' },
    body: envelope(writeKey, events), validIds: valid.map((v) => v.id), eventCount: events.length, ...extra,
  };
}

function insertAt(text: string, at: number, what: string) {
  return text.slice(0, at) + what + text.slice(at);
}

/** Ingest cases of every kind, `n` in all (roughly equal shares). */
export function ingestCases(writeKey: string, n: number, seed: number): HostileCase[] {
  const kinds: ((rng: fc.Arbitrary<number>) => fc.Arbitrary<HostileCase>)[] = [
    // Random bytes under every accepted (and no) content type.
    () => fc.tuple(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(...CONTENT_TYPES)).map(([bytes, type]): HostileCase => ({
      kind: 'random bytes', method: 'POST', path: '/v1/batch', headers: type ? { 'content-type': type } : {}, body: bytes, validIds: [],
    })),
    // A valid batch cut anywhere.
    () => fc.tuple(fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([count, cut]) => {
      const c = batchCase('truncated JSON', writeKey, [], count);
      const text = c.body as string;
      return { ...c, body: text.slice(0, Math.max(1, Math.floor(text.length * cut) - 1)), validIds: [], eventCount: undefined };
    }),
    // Deep nesting inside an event, beside valid events; or around the whole envelope.
    () => fc.tuple(fc.integer({ min: 1, max: 120_000 }), fc.constantFrom('[', '{"a":'), fc.integer({ min: 0, max: 3 }), fc.boolean()).map(([depth, open, validCount, inEvent]) => {
      const close = open === '[' ? ']' : '}';
      const nested = deep(depth, open, close);
      if (!inEvent) return { kind: 'deeply nested JSON', method: 'POST', path: '/v1/batch', headers: { 'content-type': 'application/json' }, body: nested, validIds: [] };
      const hostile = JSON.stringify(validEvent()).replace('"path":"/"', `"path":"/","deep":${nested}`);
      return batchCase('deeply nested JSON', writeKey, [hostile], validCount);
    }),
    // One field of one event replaced by anything, beside valid events.
    () => fc.tuple(fc.constantFrom(...EVENT_FIELDS), fc.anything({ maxDepth: 3, withNullPrototype: false }), fc.integer({ min: 0, max: 3 })).map(([field, value, validCount]) => {
      const e: Record<string, unknown> = validEvent();
      e[field] = value;
      return batchCase('wrong types (event)', writeKey, [JSON.stringify(e) ?? 'null'], validCount);
    }),
    // One envelope field replaced by anything.
    () => fc.tuple(fc.constantFrom(...ENVELOPE_FIELDS), fc.jsonValue({ maxDepth: 3 })).map(([field, value]) => {
      const b: Record<string, unknown> = { v: 1, writeKey, sentAt: new Date().toISOString(), events: [validEvent()] };
      b[field] = value;
      return { kind: 'wrong types (envelope)', method: 'POST', path: '/v1/batch', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b), validIds: [] };
    }),
    // Whole events made of random JSON.
    () => fc.tuple(fc.array(fc.jsonValue({ maxDepth: 4 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 3 })).map(([values, validCount]) =>
      batchCase('random events', writeKey, values.map((v) => JSON.stringify(v)), validCount)),
    // Huge strings: over the event limit, over the body limit.
    () => fc.tuple(fc.oneof({ arbitrary: fc.integer({ min: 30_000, max: 40_000 }), weight: 4 }, { arbitrary: fc.integer({ min: 40_000, max: 700_000 }), weight: 1 }), fc.integer({ min: 0, max: 2 })).map(([len, validCount]) => {
      const e = validEvent({ properties: { blob: 'x'.repeat(len) } });
      return batchCase('huge string', writeKey, [JSON.stringify(e)], validCount);
    }),
    // Huge arrays: too many events, or a long array in one event.
    () => fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean()).map(([len, asEvents]) => {
      if (asEvents) {
        const small = JSON.stringify({ id: randomUUID(), type: 'page', anonymousId: 'a', sessionId: 's', timestamp: new Date().toISOString(), context: {} });
        const events = Array.from({ length: len }, () => small.replace(/"id":"[^"]+"/, `"id":"${randomUUID()}"`));
        return { kind: 'huge array', method: 'POST', path: '/v1/batch', headers: { 'content-type': 'application/json' }, body: envelope(writeKey, events), validIds: [] };
      }
      return batchCase('huge array', writeKey, [JSON.stringify(validEvent({ properties: { list: Array(len * 10).fill(0) } }))], 1);
    }),
    // __proto__ / constructor keys at every level.
    () => fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('envelope', 'event', 'properties', 'context', 'traits'), fc.integer({ min: 0, max: 2 })).map(([key, where, validCount]) => {
      if (where === 'envelope') {
        const c = batchCase('__proto__ keys', writeKey, [], Math.max(1, validCount));
        return { ...c, body: insertAt(c.body as string, 1, `${key},`) };
      }
      const e = JSON.stringify(validEvent({ properties: { a: 1 }, traits: { b: 2 } }));
      const anchor = { event: '{', properties: '"properties":{', context: '"context":{', traits: '"traits":{' }[where]!;
      const hostile = e.replace(anchor, `${anchor}${key},`);
      return batchCase('__proto__ keys', writeKey, [hostile], validCount);
    }),
    // Invalid UTF-8 bytes inside string values.
    () => fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.integer({ min: 0, max: 2 })).map(([bad, validCount]) => {
      const c = batchCase('invalid UTF-8', writeKey, [JSON.stringify(validEvent({ name: 'MARKER' }))], validCount);
      const [before, after] = (c.body as string).split('MARKER');
      const body = new Uint8Array([...enc.encode(before), ...bad, ...enc.encode(after)]);
      return { ...c, body };
    }),
    // Lone surrogates, control characters and injection-looking strings in every string field.
    () => fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom('name', 'anonymousId', 'userId', 'sessionId', 'channel', 'id'), fc.boolean(), fc.integer({ min: 0, max: 2 }))
      .map(([s, field, escaped, validCount]) => {
        const e: Record<string, unknown> = validEvent({ type: field === 'userId' ? 'identify' : 'track', properties: { s }, context: { url: s, title: s } });
        e[field] = s;
        let json = JSON.stringify(e);
        // JSON.stringify escapes lone surrogates; send them raw too, as a careless client would.
        if (!escaped) json = json.replace(/\\u(d[89a-f][0-9a-f]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16)));
        return batchCase('lone surrogates / control chars', writeKey, [json], validCount);
      }),
    // Content types and encodings the collector does not accept, and gzip that is not.
    () => fc.tuple(fc.constantFrom(...WRONG_CONTENT_TYPES, 'gzip-lie', 'gzip-bomb', 'br'), fc.integer({ min: 1, max: 2 })).map(([type, count]): HostileCase => {
      const c = batchCase('wrong content type', writeKey, [], count);
      if (type === 'gzip-lie') return { ...c, headers: { ...c.headers, 'content-encoding': 'gzip' }, validIds: [], eventCount: undefined };
      if (type === 'br') return { ...c, headers: { ...c.headers, 'content-encoding': 'br' }, validIds: [], eventCount: undefined };
      if (type === 'gzip-bomb') {
        return { ...c, headers: { ...c.headers, 'content-encoding': 'gzip' }, body: gzipBomb(), validIds: [], eventCount: undefined };
      }
      return { ...c, headers: { 'content-type': type.replace('\u0000', '') + (type.includes('\u0000') ? '-nul' : '') }, validIds: [], eventCount: undefined };
    }),
    // Oversized and odd headers (Node answers 431 to more than 16 KB of headers).
    () => fc.tuple(fc.integer({ min: 1, max: 40_000 }), fc.constantFrom('x-filler', 'origin', 'content-type', 'cookie', 'referer')).map(([len, name]) => {
      const c = batchCase('oversized headers', writeKey, [], 1);
      const value = name === 'origin' ? `http://${'a'.repeat(len)}.example` : 'v'.repeat(len);
      return { ...c, headers: { ...c.headers, [name]: value }, validIds: [], eventCount: undefined };
    }),
    // Odd methods, paths and query strings around the ingest route.
    () => fc.tuple(fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'POST'), fc.constantFrom('/v1/batch', '/v1/batch/', '/v1//batch', '/v1/batch?enc=gzip',
      '/v1/batch?enc=%ff', '/v1/%2e%2e/%2e%2e/etc/passwd', '/v1/batch%00', '/%c0%af', `/v1/batch?${'q='.repeat(2000)}`, '/healthz?x=\u00ff'))
      .map(([method, path]) => ({ kind: 'odd methods and paths', method, path, headers: { 'content-type': 'application/json' }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}', validIds: [] })),
  ];
  const per = Math.ceil(n / kinds.length);
  const out: HostileCase[] = [];
  kinds.forEach((k, i) => out.push(...fc.sample(k(fc.nat()), { numRuns: per, seed: seed + i })));
  return out.slice(0, Math.max(n, 0));
}

/** Read routes as the read API names them, with hostile ids and query strings, with and without a token. */
export function readCases(readToken: string, n: number, seed: number): HostileCase[] {
  const routes = ['/v1/customers', '/v1/customers/:id/journey', '/v1/customers/:id', '/v1/journey-map', '/v1/flows', '/v1/funnels', '/v1/export',
    '/v1/stages', '/v1/quarantine', '/', '/customers/:id', '/map', '/map.csv', '/funnels', '/flows', '/quarantine', '/signin'];
  const arb = fc.tuple(
    fc.constantFrom(...routes),
    fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom(...NASTY_STRINGS), fc.constant('x'.repeat(5000))),
    fc.dictionary(fc.constantFrom('from', 'to', 'customer', 'kind', 'format', 'steps', 'window', 'stage', 'limit', 'cursor', 'site', 'level', 'start', 'strict', 'q', 'next', '__proto__'),
      fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('-1', 'NaN', '1e309', 'ndjson', 'csv', 'events', 'journeys', '99999999999999999999', '[]', '{}', 'page', 'stage:purchase,event:x', '//evil.example', 'javascript:alert(1)'))),
    fc.constantFrom('token', 'none', 'wrong', 'write-key'),
    fc.constantFrom('GET', 'GET', 'GET', 'POST', 'DELETE'),
  ).map(([route, id, query, auth, method]): HostileCase => {
    const qs = new URLSearchParams(query as Record<string, string>).toString();
    // A lone surrogate cannot be percent-encoded; send the bytes an encoder would have refused.
    const safeId = id.replace(/[\ud800-\udfff]/g, '\u0000');
    const path = route.replace(':id', encodeURIComponent(safeId).replace(/%00/g, '%ED%A0%80')) + (qs ? `?${qs}` : '');
    const headers: Record<string, string> = {};
    if (auth === 'token') headers.authorization = `Bearer ${readToken}`;
    if (auth === 'wrong') headers.authorization = 'Bearer rt_wrong_wrong_wrong';
    if (auth === 'write-key') headers.authorization = 'Bearer wk_not_a_read_token';
    return { kind: `read API (${auth})`, method, path, headers, body: method === 'POST' ? JSON.stringify({ customerId: id }) : undefined, validIds: [] };
  });
  return fc.sample(arb, { numRuns: n, seed });
}
