// Turns one raw batch into stored and quarantined events: per-event validation, the per-event
// size limit, and clock-skew correction. Pure: the caller supplies the clock.
import type { QuarantinedEvent, StoredEvent } from '../store/store.js';
import { describeIssues, EventSchema, LIMITS, type RejectedEvent, type WireEvent } from '../../../wire/schema.js';
import { identityFlags } from './identity.js';
import { quarantineErrors, quarantineRaw } from './quarantine.js';
import { BOT_FLAG } from '../journey/event.js';
import { isBot } from '../journey/bots.js';
import { cutString, mayHoldLoneSurrogate, wellFormed } from './well-formed.js';

export interface Normalised {
  events: StoredEvent[];
  quarantined: QuarantinedEvent[];
  rejected: RejectedEvent[];
}

/**
 * `at = receivedAt − (sentAt − timestamp)`: the client's clock may be off, but the gap between
 * creating an event and sending it is measured on that same clock, so it survives the skew.
 * A result more than 23 h ahead of the server is nonsense and is clamped to receivedAt.
 */
export function correctedTime(timestamp: string, sentAt: string, receivedAt: number): number {
  const at = receivedAt - (Date.parse(sentAt) - Date.parse(timestamp));
  return at - receivedAt > LIMITS.futureSkewMs || !Number.isFinite(at) ? receivedAt : at;
}

export interface NormaliseOptions {
  /** The sender's IP as privacy settings allow (see client-ip.ts), stored on every event. */
  ip?: string | null;
  /** The site's identity secret: identifies without a valid signature are flagged. */
  identitySecret?: string;
}

/**
 * Events nested deeper than this are rejected before anything recursive (JSON.stringify, zod)
 * touches them: a few kB of `[[[[…` would otherwise overflow the stack and answer 500, which
 * senders retry forever. Real tracking data is a few levels deep.
 */
export const MAX_DEPTH = 64;

/** Iterative, so it cannot itself overflow the stack. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

export function normaliseBatch(siteId: string, sentAt: string, rawEvents: unknown[], receivedAt: number, opts: NormaliseOptions = {}): Normalised {
  const out: Normalised = { events: [], quarantined: [], rejected: [] };
  rawEvents.forEach((raw, index) => {
    const tooDeep = nestedDeeperThan(raw, MAX_DEPTH);
    let text = tooDeep ? `"[not kept: nested deeper than ${MAX_DEPTH} levels]"` : JSON.stringify(raw) ?? 'undefined';
    // Lone surrogates become U+FFFD here, once, for both stores (see well-formed.ts).
    if (!tooDeep && mayHoldLoneSurrogate(text)) {
      raw = wellFormed(raw);
      text = JSON.stringify(raw);
    }
    const bytes = Buffer.byteLength(text);
    const rawId = raw && typeof raw === 'object' && typeof (raw as any).id === 'string' ? cutString((raw as any).id, 200) : null;
    let errors: string[] = [];
    if (tooDeep) {
      errors = [`event is nested deeper than ${MAX_DEPTH} levels; flatten its properties`];
    } else if (bytes > LIMITS.eventBytes) {
      errors = [`event is ${bytes} bytes; the limit is ${LIMITS.eventBytes}`];
    } else {
      const r = EventSchema.safeParse(raw);
      if (r.success) {
        // Keep the event exactly as received; the schema only vouches for it.
        const e = raw as WireEvent;
        out.events.push({
          id: e.id.toLowerCase(), siteId, type: e.type, name: e.name ?? null,
          anonymousId: e.anonymousId, userId: e.userId ?? null, sessionId: e.sessionId,
          at: correctedTime(e.timestamp, sentAt, receivedAt), receivedAt, event: e, json: text,
          ip: opts.ip ?? null, flags: eventFlags(opts.identitySecret, e),
        });
        return;
      }
      errors = describeIssues(r.error);
    }
    errors = quarantineErrors(errors);
    out.rejected.push({ index, id: rawId, errors });
    out.quarantined.push({ siteId, receivedAt, index, eventId: rawId, errors, raw: quarantineRaw(text) });
  });
  return out;
}

/** What ingest notes about an event: unproven identity claims, and bot traffic. */
function eventFlags(identitySecret: string | undefined, e: WireEvent): string[] {
  const flags = identityFlags(identitySecret, e);
  return isBot(e.context?.userAgent) ? [...flags, BOT_FLAG] : flags;
}
