// Turns one raw batch into stored and quarantined events: per-event validation, the per-event
// size limit, and clock-skew correction. Pure: the caller supplies the clock.
import type { QuarantinedEvent, StoredEvent } from '../store/store.js';
import { describeIssues, EventSchema, LIMITS, ServerEventSchema, type RejectedEvent, type ServerEvent } from '../../../wire/schema.js';
import { identityFlags, unsignedSiteFlags } from './identity.js';
import { quarantineErrors, quarantineRaw } from './quarantine.js';
import { BOT_FLAG, SERVER_FLAG } from '../journey/event.js';
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
export function correctedTime(timestamp: string, sentAt: string | undefined, receivedAt: number): number {
  // Without sentAt (a server's request) the timestamp stands as sent: a server's clock is kept
  // right, and an import's rows happened long before they are sent.
  const at = sentAt === undefined ? Date.parse(timestamp) : receivedAt - (Date.parse(sentAt) - Date.parse(timestamp));
  return at - receivedAt > LIMITS.futureSkewMs || !Number.isFinite(at) ? receivedAt : at;
}

/**
 * The anonymous id a server's event about a user is stored under: one per user, never the sender's
 * own id, so a server that writes about thousands of customers is no device of any of them, and
 * each customer's off-site touchpoints are stored (and, on PostgreSQL, distributed) together.
 */
export const serverAnonymousId = (userId: string) => `$user:${userId}`;

/** The ids an event is stored under (a server's event may have neither of its own). */
export function storageIds(e: ServerEvent, server: boolean): { anonymousId: string; sessionId: string } {
  return { anonymousId: server && e.userId ? serverAnonymousId(e.userId) : e.anonymousId!, sessionId: e.sessionId ?? '' };
}

export interface NormaliseOptions {
  /** The sender's IP as privacy settings allow (see client-ip.ts), stored on every event. */
  ip?: string | null;
  /** The site's identity secret: identifies without a valid signature are flagged. */
  identitySecret?: string;
  /**
   * Sent with a server key: validated as a server's events (ServerEventSchema), flagged `server`,
   * and its identity claims trusted, the key being the proof.
   */
  server?: boolean;
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

export async function normaliseBatch(siteId: string, sentAt: string | undefined, rawEvents: unknown[], receivedAt: number, opts: NormaliseOptions = {}): Promise<Normalised> {
  const schema = opts.server ? ServerEventSchema : EventSchema;
  const out: Normalised = { events: [], quarantined: [], rejected: [] };
  // Signatures are verified together once the batch is read: one wait per batch, not per event.
  const checks: Promise<void>[] = [];
  for (let [index, raw] of rawEvents.entries()) {
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
      const r = schema.safeParse(raw);
      if (r.success) {
        // Keep the event exactly as received; the schema only vouches for it.
        const e = raw as ServerEvent;
        const bot = isBot(e.context?.userAgent) ? [BOT_FLAG] : [];
        const stored: StoredEvent = {
          id: e.id.toLowerCase(), siteId, type: e.type, name: e.name ?? null, ...storageIds(e, !!opts.server), userId: e.userId ?? null,
          at: correctedTime(e.timestamp, sentAt, receivedAt), receivedAt, event: e, json: text,
          ip: opts.ip ?? null, flags: opts.server ? [SERVER_FLAG, ...bot] : [...unsignedSiteFlags(e), ...bot],
        };
        // What ingest notes about an event: a server's (its key proves it), unproven identity
        // claims, and bot traffic.
        if (opts.identitySecret && !opts.server) checks.push(identityFlags(opts.identitySecret, e).then((flags) => { stored.flags = [...flags, ...bot]; }));
        out.events.push(stored);
        continue;
      }
      errors = describeIssues(r.error);
    }
    errors = quarantineErrors(errors);
    out.rejected.push({ index, id: rawId, errors });
    out.quarantined.push({ siteId, receivedAt, index, eventId: rawId, errors, raw: quarantineRaw(text) });
  }
  if (checks.length) await Promise.all(checks);
  return out;
}
