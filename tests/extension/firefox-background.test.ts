// The built Firefox background (dist/extension/firefox/background.js) run against a Promise-based
// `browser` object, the way Firefox provides it: webextension-polyfill then steps aside and our
// code talks to the native API. Checks the Firefox bundle's wiring without a Firefox to drive:
// relay → stream, network join (gzip body), record mode, notes and the IndexedDB recordings.
import * as fakeIdb from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../wire/index.js';
import type { StreamAnswer } from '../../extension/src/lib/messages.js';
import { firefoxDir, requireBuiltExtension } from './fixtures.js';

type Listener = (...args: any[]) => any;
const event = () => { const fns: Listener[] = []; return { fns, addListener: (f: Listener) => fns.push(f), removeListener() {}, hasListener: () => true }; };

function area() {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(keys?: string | string[] | null) {
      if (keys === null || keys === undefined) return Object.fromEntries(data);
      const list = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items: Record<string, unknown>) { for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v)); },
    async remove(key: string) { data.delete(key); },
  };
}

function firefoxBrowser() {
  const sentToTabs: { tabId: number; msg: any }[] = [];
  return {
    sentToTabs,
    runtime: { id: 'waymark-inspector@waymark.dev', onMessage: event(), sendMessage: async () => undefined, getURL: (p: string) => `moz-extension://uuid/${p}` },
    storage: { local: area(), session: area(), onChanged: event() },
    tabs: { sendMessage: async (tabId: number, msg: unknown) => { sentToTabs.push({ tabId, msg }); return undefined; }, onRemoved: event() },
    webRequest: { onBeforeRequest: event(), onCompleted: event(), onErrorOccurred: event() },
  };
}

let ff: ReturnType<typeof firefoxBrowser>;
let send: (msg: unknown, tabId?: number) => Promise<any>;

beforeAll(() => {
  requireBuiltExtension();
  ff = firefoxBrowser();
  const { default: _d, forceCloseDatabase: _f, ...idb } = fakeIdb as Record<string, unknown>;
  const context = vm.createContext({
    browser: ff, chrome: ff, ...idb, indexedDB: new (fakeIdb.IDBFactory)(),
    crypto: globalThis.crypto, TextDecoder, Blob, Response, DecompressionStream, setTimeout, clearTimeout, console, structuredClone, URL,
  });
  vm.runInContext(readFileSync(join(firefoxDir, 'background.js'), 'utf8'), context);
  send = (msg, tabId) => Promise.resolve(ff.runtime.onMessage.fns[0](msg, tabId === undefined ? {} : { tab: { id: tabId } }));
});

const TAB = 7;
const URL_ = 'https://shop.example/';
function wire(name: string): WireEvent {
  return { id: crypto.randomUUID(), type: 'track', name, anonymousId: 'a1', sessionId: 's1', timestamp: new Date().toISOString(), context: { url: URL_ } };
}
const stream = async (tabId = TAB) => (await send({ type: 'stream', tabId })) as StreamAnswer;

describe('Firefox background bundle', () => {
  it('registers its listeners on the native API', () => {
    expect(ff.runtime.onMessage.fns).toHaveLength(1);
    expect(ff.webRequest.onBeforeRequest.fns).toHaveLength(1);
    expect(ff.tabs.onRemoved.fns).toHaveLength(1);
  });

  it('keeps the touchpoints the content script relays, with their statuses', async () => {
    expect(await send({ type: 'hello', url: URL_, title: 'Shop' }, TAB)).toMatchObject({ recording: null, capture: { clicks: true } });
    const [a, b] = [wire('product_viewed'), wire('x'.repeat(201))];
    for (const e of [a, b]) await send({ type: 'debug', url: URL_, message: { source: 'waymark-sdk', kind: 'touchpoint', event: e } }, TAB);
    await send({ type: 'debug', url: URL_, message: { source: 'waymark-sdk', kind: 'status', ids: [a.id], status: 'accepted' } }, TAB);
    await send({ type: 'debug', url: URL_, message: { source: 'waymark-sdk', kind: 'status', ids: [b.id], status: 'rejected', errors: { [b.id]: ['name: too long'] } } }, TAB);
    const s = (await stream()).stream;
    expect(s.entries.map((e) => [e.event.name!.slice(0, 8), e.status, e.errors])).toEqual([
      ['product_', 'accepted', []], ['xxxxxxxx', 'rejected', ['name: too long']],
    ]);
    // Mirrored to storage.session so a restarted background still has it.
    await new Promise((r) => setTimeout(r, 300));
    expect((ff.storage.session.data.get(`stream:${TAB}`) as { entries: unknown[] }).entries).toHaveLength(2);
  });

  it('joins a gzip-compressed /v1/batch request with the events it carried', async () => {
    const e = wire('checkout_started');
    await send({ type: 'debug', url: URL_, message: { source: 'waymark-sdk', kind: 'touchpoint', event: e } }, TAB);
    const body = gzipSync(JSON.stringify({ v: 1, writeKey: 'wk_x', sentAt: new Date().toISOString(), events: [e] }));
    ff.webRequest.onBeforeRequest.fns[0]({
      tabId: TAB, method: 'POST', type: 'xmlhttprequest', requestId: 'r1', url: 'https://c.example/v1/batch', timeStamp: Date.now(),
      requestBody: { raw: [{ bytes: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) }] },
    });
    await expect.poll(async () => (await stream()).stream.requests.find((r) => r.requestId === 'r1')?.ids).toEqual([e.id]);
    ff.webRequest.onCompleted.fns[0]({ tabId: TAB, requestId: 'r1', statusCode: 503 });
    await expect.poll(async () => (await stream()).stream.entries.find((x) => x.event.id === e.id)?.status).toBe('failed');
  });

  it('records a tab, takes a note into the recording and keeps both in IndexedDB', async () => {
    const recording = await send({ type: 'record', tabId: 9, on: true });
    expect(recording.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ff.sentToTabs.at(-1)).toMatchObject({ tabId: 9, msg: { type: 'record', recording: { sessionId: recording.sessionId } } });
    const click = { ...wire('$click'), sessionId: recording.sessionId, anonymousId: recording.anonymousId };
    await send({ type: 'recorded', event: click, url: URL_ }, 9);
    // An event of another session (a stale page) is not taken into the recording.
    await send({ type: 'recorded', event: wire('$click'), url: URL_ }, 9);
    const note = await send({ type: 'annotate', tabId: 9, note: 'looks for the price', emotion: 1 });
    expect(note).toMatchObject({ name: '$note', sessionId: recording.sessionId, properties: { note: 'looks for the price', score: 4 } });
    const s = (await stream(9)).stream;
    expect(s.entries.map((e) => [e.event.name, e.source, e.status])).toEqual([['$click', 'record', 'recorded'], ['$note', 'note', 'recorded']]);
    await send({ type: 'record', tabId: 9, on: false });
    expect((await stream(9)).recording).toBeNull();
  });

  it('says why a note cannot be added to a tab with nothing to annotate', async () => {
    expect(await send({ type: 'annotate', tabId: 11, note: 'hi', emotion: null })).toEqual({
      error: 'Nothing to annotate yet: load a page that embeds the Waymark SDK, or switch recording on for this tab.',
    });
  });

  it('forgets a closed tab', async () => {
    ff.tabs.onRemoved.fns[0](TAB);
    await new Promise((r) => setTimeout(r, 50));
    expect(ff.storage.session.data.has(`stream:${TAB}`)).toBe(false);
    expect((await stream()).stream.entries).toEqual([]);
  });
});
