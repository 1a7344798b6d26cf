// Export rows as NDJSON or CSV, streamed: one line is encoded at a time, never the whole file.
import type { Journey } from '../journey/types.js';
import type { StoredEvent } from '../store/store.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The event exactly as received, plus where and when the collector stored it. */
export function exportedEvent(e: StoredEvent): Record<string, unknown> {
  return { ...e.event, receivedAt: iso(e.receivedAt), at: iso(e.at), siteId: e.siteId };
}

export const EVENT_COLUMNS = ['id', 'type', 'name', 'anonymousId', 'userId', 'sessionId', 'timestamp', 'at', 'receivedAt', 'siteId', 'channel', 'url', 'referrer', 'properties', 'traits', 'context'];
export function eventRow(e: StoredEvent): unknown[] {
  const w = e.event;
  return [w.id, w.type, w.name, w.anonymousId, w.userId, w.sessionId, w.timestamp, iso(e.at), iso(e.receivedAt), e.siteId, w.channel,
    w.context?.url, w.context?.referrer, w.properties, w.traits, w.context];
}

export const JOURNEY_COLUMNS = ['customerId', 'anonymousIds', 'userIds', 'currentStage', 'furthestStage', 'firstSeen', 'lastSeen', 'sessions', 'touchpoints', 'painPoints', 'firstChannel', 'firstCampaign', 'stages'];
export function journeyRow(j: Journey): unknown[] {
  return [j.customerId, j.anonymousIds.join(' '), j.userIds.join(' '), j.currentStage, j.furthestStage, j.touchpoints[0]?.at,
    j.touchpoints[j.touchpoints.length - 1]?.at, j.sessions.length, j.touchpoints.length, j.painPoints.length,
    j.firstTouch?.channel, j.firstTouch?.campaign, j.stages.map((s) => s.stage).join(' > ')];
}

/** A byte stream of lines, pulled from the source as the client reads (back-pressure). */
export function lineStream<T>(header: string | null, rows: AsyncIterable<T>, line: (row: T) => string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = rows[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started && header !== null) { started = true; controller.enqueue(encoder.encode(header)); return; }
      started = true;
      let chunk = '';
      // ~64 KB per enqueue: fewer, larger writes than one per line.
      while (chunk.length < 65_536) {
        const r = await it.next();
        if (r.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += line(r.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() { await it.return?.(); },
  });
}
