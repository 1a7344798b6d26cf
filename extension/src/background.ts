// The background keeps each tab's touchpoint stream from the first event after page start, so
// the popup or panel opened later shows everything. It joins the SDK's debug channel
// (relayed by content.ts) with what webRequest shows of /v1/batch requests.
import browser, { type Runtime, type WebRequest } from 'webextension-polyfill';
import type { HelloAnswer, RecordingState, StagesAnswer, StreamAnswer, ToBackground, ToContent } from './lib/messages.js';
import { openRecordings, type Recordings } from './lib/recordings.js';
import { parseSettings, type Settings } from './lib/settings.js';
import { DEFAULT_STAGE_RULES } from './lib/stages.js';
import { createStreamStore } from './lib/stream-store.js';
import { addEntry, applyDebugMessage, clearStream, idsInBatchBody, notePage, requestFinished, requestStarted } from './lib/tab-stream.js';
import { fetchStageRules } from './lib/collector-api.js';
import { noteTouchpoint } from './lib/touchpoint.js';

const streams = createStreamStore(browser.storage.session);
const now = () => new Date().toISOString();

let recordingsDb: Promise<Recordings> | null = null;
const recordings = () => (recordingsDb ??= openRecordings());

async function settings(): Promise<Settings> {
  const { settings: raw } = await browser.storage.local.get('settings');
  try { return parseSettings(raw); } catch { return parseSettings({}); }
}

const recKey = (tabId: number) => `recording:${tabId}`;
async function recordingOf(tabId: number): Promise<RecordingState | null> {
  const got = await browser.storage.session.get(recKey(tabId));
  return (got[recKey(tabId)] as RecordingState | undefined) ?? null;
}

function tell(tabId: number, msg: ToContent): Promise<unknown> {
  // The tab may be on a page without the content script (chrome://, a PDF): nothing to tell then.
  return browser.tabs.sendMessage(tabId, msg).catch(() => undefined);
}

async function setRecording(tabId: number, on: boolean): Promise<RecordingState | null> {
  const current = await recordingOf(tabId);
  const db = await recordings();
  if (!on) {
    if (current) await db.endSession(current.sessionId, now());
    await browser.storage.session.remove(recKey(tabId));
    await tell(tabId, { type: 'record', recording: null, capture: (await settings()).capture });
    return null;
  }
  if (current) return current;
  const stream = await streams.get(tabId);
  const lastPage = stream.pages[stream.pages.length - 1]?.url ?? '';
  const recording: RecordingState = { sessionId: crypto.randomUUID(), anonymousId: `researcher-${crypto.randomUUID().slice(0, 8)}`, startedAt: now() };
  let site = '';
  try { site = new URL(lastPage).origin; } catch { /* unknown until the first page */ }
  await db.startSession({ id: recording.sessionId, kind: 'recorded', anonymousId: recording.anonymousId, startedAt: recording.startedAt, site });
  await browser.storage.session.set({ [recKey(tabId)]: recording });
  await tell(tabId, { type: 'record', recording, capture: (await settings()).capture });
  return recording;
}

async function annotate(tabId: number, note: string, emotion: number | null) {
  const stream = await streams.get(tabId);
  const recording = await recordingOf(tabId);
  const lastSdk = [...stream.entries].reverse().find((e) => e.source === 'sdk');
  const ids = recording
    ? { sessionId: recording.sessionId, anonymousId: recording.anonymousId }
    : lastSdk
      ? { sessionId: lastSdk.event.sessionId, anonymousId: lastSdk.event.anonymousId, userId: lastSdk.event.userId }
      : null;
  if (!ids) throw new Error('Nothing to annotate yet: load a page that embeds the Waymark SDK, or switch recording on for this tab.');
  if (!note.trim() && emotion === null) throw new Error('Write a note or pick an emotion mark first.');
  const pageUrl = stream.pages[stream.pages.length - 1]?.url ?? lastSdk?.event.context.url ?? '';
  const event = noteTouchpoint(note.trim(), emotion, ids, { url: pageUrl });
  const db = await recordings();
  let site = '';
  try { site = new URL(pageUrl).origin; } catch { /* keep empty */ }
  await db.startSession({ id: ids.sessionId, kind: recording ? 'recorded' : 'annotations', anonymousId: ids.anonymousId, startedAt: event.timestamp, site });
  await db.addEvent(ids.sessionId, event);
  await streams.update(tabId, (s) => addEntry(s, event, 'note', pageUrl, now()));
  return event;
}

async function stages(): Promise<StagesAnswer> {
  const s = await settings();
  if (!s.collectorUrl || !s.readToken) return { rules: DEFAULT_STAGE_RULES, source: 'defaults', problem: null };
  try {
    return { rules: await fetchStageRules(s.collectorUrl, s.readToken), source: 'collector', problem: null };
  } catch (err) {
    return { rules: DEFAULT_STAGE_RULES, source: 'defaults', problem: (err as Error).message };
  }
}

async function handle(msg: ToBackground, sender: Runtime.MessageSender): Promise<unknown> {
  const fromTab = sender.tab?.id;
  switch (msg.type) {
    case 'hello': {
      if (fromTab === undefined) return null;
      await streams.update(fromTab, (s) => notePage(s, msg.url, now()));
      const answer: HelloAnswer = { recording: await recordingOf(fromTab), capture: (await settings()).capture };
      return answer;
    }
    case 'debug':
      if (fromTab !== undefined) await streams.update(fromTab, (s) => applyDebugMessage(s, msg.message, msg.url, now()));
      return null;
    case 'recorded': {
      if (fromTab === undefined) return null;
      const recording = await recordingOf(fromTab);
      if (!recording || recording.sessionId !== msg.event.sessionId) return null;
      await (await recordings()).addEvent(recording.sessionId, msg.event);
      await streams.update(fromTab, (s) => addEntry(s, msg.event, 'record', msg.url, now()));
      return null;
    }
    case 'stream': {
      const answer: StreamAnswer = { stream: await streams.get(msg.tabId), recording: await recordingOf(msg.tabId) };
      return answer;
    }
    case 'clear':
      await streams.update(msg.tabId, clearStream);
      return null;
    case 'record':
      return setRecording(msg.tabId, msg.on);
    case 'annotate':
      return annotate(msg.tabId, msg.note, msg.emotion);
    case 'highlight': {
      const stream = await streams.get(msg.tabId);
      const entry = stream.entries.find((e) => e.event.id === msg.eventId);
      if (!entry) throw new Error('That touchpoint is no longer in the stream.');
      return tell(msg.tabId, { type: 'highlight', event: entry.event });
    }
    case 'stages':
      return stages();
  }
}

browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) =>
  handle(msg as ToBackground, sender).catch((err: Error) => ({ error: err.message })));

browser.tabs.onRemoved.addListener((tabId) => { void streams.forget(tabId); void browser.storage.session.remove(recKey(tabId)); });

// ---- Network: what webRequest shows of /v1/batch (only on hosts the researcher granted) ----

async function bodyText(details: WebRequest.OnBeforeRequestDetailsType): Promise<string | null> {
  const raw = details.requestBody?.raw?.[0]?.bytes;
  if (!raw) return null;
  const bytes = new Uint8Array(raw as ArrayBuffer);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().catch(() => null);
  }
  return new TextDecoder().decode(bytes);
}

const BATCH_FILTER: WebRequest.RequestFilter = { urls: ['http://*/v1/batch*', 'https://*/v1/batch*'] };

browser.webRequest.onBeforeRequest.addListener((details) => {
  if (details.tabId < 0 || details.method !== 'POST') return;
  const via = details.type === 'ping' || details.type === 'beacon' ? 'beacon' : details.type === 'xmlhttprequest' ? 'fetch' : 'other';
  void bodyText(details).then((text) =>
    streams.update(details.tabId, (s) => requestStarted(s, {
      requestId: details.requestId, url: details.url, via, startedAt: new Date(details.timeStamp).toISOString(), ids: idsInBatchBody(text),
    })));
  return undefined;
}, BATCH_FILTER, ['requestBody']);

browser.webRequest.onCompleted.addListener((details) => {
  if (details.tabId < 0) return;
  void streams.update(details.tabId, (s) => requestFinished(s, details.requestId, details.statusCode, null, now()));
}, BATCH_FILTER);

browser.webRequest.onErrorOccurred.addListener((details) => {
  if (details.tabId < 0) return;
  void streams.update(details.tabId, (s) => requestFinished(s, details.requestId, null, details.error, now()));
}, BATCH_FILTER);
