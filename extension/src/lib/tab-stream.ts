// One tab's touchpoint stream: what the SDK's debug channel said, joined with what the network
// showed of /v1/batch requests. Pure data and functions, so the joining rules are unit-tested
// in Node; the background only stores and forwards these objects.
import type { DebugMessage, DeliveryStatus, WireEvent } from '../../../wire/index.js';

/** `recorded`: captured by record mode or added as a note, kept in the extension, not sent. */
export type EntryStatus = DeliveryStatus | 'recorded';
export type EntrySource = 'sdk' | 'record' | 'note';

export interface NetworkSeen {
  /** `fetch` (body readable) or `beacon` (Chromium hides beacon bodies from webRequest). */
  via: 'fetch' | 'beacon' | 'other';
  statusCode: number | null;
  error: string | null;
  at: string;
}

export interface Entry {
  event: WireEvent;
  status: EntryStatus;
  /** Reasons from the collector for `rejected`, or the transport error for `failed`. */
  errors: string[];
  history: { status: EntryStatus; at: string }[];
  network: NetworkSeen[];
  source: EntrySource;
  /** The page the content script was on when the touchpoint arrived. */
  pageUrl: string;
  /**
   * Sent by `sendBeacon` as its page went away: no page reads that answer, so it stays `sent`
   * until the SDK of the next page confirms it (`accepted`) from the collector's next answer.
   */
  beacon?: boolean;
}

export interface BatchRequest {
  requestId: string;
  url: string;
  via: NetworkSeen['via'];
  startedAt: string;
  /** Event ids read from the body; empty when the body was not readable (beacons). */
  ids: string[];
  statusCode: number | null;
  error: string | null;
}

export interface TabStream {
  tabId: number;
  entries: Entry[];
  requests: BatchRequest[];
  pages: { url: string; at: string }[];
  /** Statuses that arrived before their touchpoint (the extension started mid-page). */
  pending: Record<string, { status: DeliveryStatus; errors: string[]; at: string; detail?: string }[]>;
  /** Touchpoints dropped because the stream was full. */
  dropped: number;
  /** Bumped on every change so views re-render only when something happened. */
  version: number;
}

export const STREAM_LIMITS = { entries: 2000, requests: 300, pages: 200, pending: 500 } as const;

/** Where a status stands; a late `sent` must not hide that the collector already answered. */
const RANK: Record<EntryStatus, number> = { recorded: 0, queued: 1, failed: 2, sent: 3, accepted: 4, duplicate: 4, rejected: 4 };

export function emptyStream(tabId: number): TabStream {
  return { tabId, entries: [], requests: [], pages: [], pending: {}, dropped: 0, version: 0 };
}

function setStatus(entry: Entry, status: EntryStatus, errors: string[], at: string): void {
  if (entry.history[entry.history.length - 1]?.status !== status) entry.history.push({ status, at });
  // Retries go failed → sent → accepted; only a final answer is never overwritten by an earlier stage.
  if (RANK[entry.status] === 4 && RANK[status] < 4) return;
  entry.status = status;
  if (errors.length || status !== 'rejected') entry.errors = errors;
}

/** A status of the debug channel on its entry; `detail` says how it was sent or confirmed. */
function applyStatus(entry: Entry, status: DeliveryStatus, errors: string[], at: string, detail?: string): void {
  if (status === 'sent') entry.beacon = detail === 'beacon';
  setStatus(entry, status, errors, at);
}

function find(stream: TabStream, id: string): Entry | undefined {
  for (let i = stream.entries.length - 1; i >= 0; i--) if (stream.entries[i].event.id === id) return stream.entries[i];
  return undefined;
}

export function addEntry(stream: TabStream, event: WireEvent, source: EntrySource, pageUrl: string, at: string): Entry {
  const existing = find(stream, event.id);
  if (existing) return existing;
  const status: EntryStatus = source === 'sdk' ? 'queued' : 'recorded';
  const entry: Entry = { event, status, errors: [], history: [{ status, at }], network: [], source, pageUrl };
  for (const p of stream.pending[event.id] ?? []) applyStatus(entry, p.status, p.errors, p.at, p.detail);
  delete stream.pending[event.id];
  stream.entries.push(entry);
  if (stream.entries.length > STREAM_LIMITS.entries) {
    stream.entries.splice(0, stream.entries.length - STREAM_LIMITS.entries);
    stream.dropped++;
  }
  stream.version++;
  return entry;
}

/** Applies one message of the SDK's debug channel. */
export function applyDebugMessage(stream: TabStream, msg: DebugMessage, pageUrl: string, at: string): void {
  if (msg.kind === 'touchpoint') {
    addEntry(stream, msg.event, 'sdk', pageUrl, at);
    return;
  }
  const fallback = msg.detail ? [msg.detail] : [];
  for (const id of msg.ids) {
    const errors = msg.errors?.[id] ?? (msg.status === 'rejected' || msg.status === 'failed' ? fallback : []);
    const entry = find(stream, id);
    if (entry) applyStatus(entry, msg.status, errors, at, msg.detail);
    else {
      (stream.pending[id] ??= []).push({ status: msg.status, errors, at, detail: msg.detail });
      const ids = Object.keys(stream.pending);
      if (ids.length > STREAM_LIMITS.pending) delete stream.pending[ids[0]];
    }
  }
  stream.version++;
}

export function notePage(stream: TabStream, url: string, at: string): void {
  const last = stream.pages[stream.pages.length - 1];
  if (last?.url === url && Date.parse(at) - Date.parse(last.at) < 1000) return;
  stream.pages.push({ url, at });
  if (stream.pages.length > STREAM_LIMITS.pages) stream.pages.shift();
  stream.version++;
}

/** Event ids in a /v1/batch body (JSON, sent as text/plain or application/json); [] when unreadable. */
export function idsInBatchBody(body: string | null): string[] {
  if (!body) return [];
  try {
    const parsed = JSON.parse(body) as { events?: { id?: unknown }[] };
    return (parsed.events ?? []).map((e) => e?.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

/** What an HTTP answer to a batch means for its events when the debug channel says nothing. */
export function statusFromHttp(statusCode: number | null, error: string | null): { status: DeliveryStatus; errors: string[] } {
  if (error || statusCode === null) return { status: 'failed', errors: [error ?? 'no answer from the collector'] };
  if (statusCode >= 200 && statusCode < 300) return { status: 'sent', errors: [] };
  if (statusCode === 429 || statusCode >= 500) return { status: 'failed', errors: [`HTTP ${statusCode}: the SDK retries later`] };
  return { status: 'rejected', errors: [`HTTP ${statusCode}: the collector refused the whole batch`] };
}

export function requestStarted(stream: TabStream, req: Omit<BatchRequest, 'statusCode' | 'error'>): void {
  stream.requests.push({ ...req, statusCode: null, error: null });
  if (stream.requests.length > STREAM_LIMITS.requests) stream.requests.shift();
  stream.version++;
}

/**
 * Joins the end of a batch request with the touchpoints it carried. The debug channel's own
 * statuses are more precise (accepted vs duplicate), so the network only fills in what it lacks.
 */
export function requestFinished(stream: TabStream, requestId: string, statusCode: number | null, error: string | null, at: string): void {
  const req = stream.requests.find((r) => r.requestId === requestId);
  if (!req) return;
  req.statusCode = statusCode;
  req.error = error;
  const implied = statusFromHttp(statusCode, error);
  for (const id of req.ids) {
    const entry = find(stream, id);
    if (!entry) continue;
    entry.network.push({ via: req.via, statusCode, error, at });
    if (RANK[entry.status] < RANK[implied.status] || implied.status === 'failed' && entry.status === 'sent') {
      setStatus(entry, implied.status, implied.errors, at);
    }
  }
  stream.version++;
}

export function clearStream(stream: TabStream): void {
  stream.entries = [];
  stream.requests = [];
  stream.pending = {};
  stream.dropped = 0;
  stream.version++;
}
