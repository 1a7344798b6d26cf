// Wire events exactly as the SDK sends them (sdk/src/waymark.ts, capture/*): every event carries
// the device's anonymous id, the stored user id, the client session id and the page context;
// the session's UTM tags ride on every event of the session; page views carry the previous page
// as referrer. Each emitted event is kept with what it truly means, for the truth, and with
// whether it reaches the collector at all (a blocked SDK, no consent yet, a lost beacon).
import type { PainPointKind } from './truth.js';
import type { Random } from '../seed/random.js';
import type { Utm, WireEvent } from '../../../wire/schema.js';
import type { Device } from './devices.js';
import type { LossKind } from './noise.js';
import { NO_MEANING, ORIGIN, type Meaning } from './vocabulary.js';

export const SDK = { name: 'waymark-js', version: '0.1.0' } as const;

export interface Emitted {
  event: WireEvent;
  /** Time the event happened (ms), the same instant as event.timestamp. */
  at: number;
  /** When the SDK manages to deliver it (ms): later than `at` for a device that was offline. */
  deliverAt: number;
  meaning: Meaning;
  /** The person's true session number (0-based). */
  session: number;
  /** The pain point this event truly is, if any. */
  pain: PainPointKind | null;
  /** Why it never reaches the collector, or null when it does. */
  lost: LossKind | null;
}

export interface Arrival {
  channel: string;
  referrer: string;
  utm?: Utm;
}

const title = (path: string) => `${path.split('?')[0]} — Stride shoes`;

export interface VisitWriter {
  readonly device: Device;
  now(): number;
  /** Moves the clock on (a visit's gaps stay well under the 30-minute session timeout). */
  wait(ms: number): void;
  /** The current page's path, or null before the first page view. */
  path(): string | null;
  /** Loads the landing page without a page view yet: an identify() the site calls first gets its context. */
  land(path: string): void;
  /** A page view; the first one of the visit is the landing page (campaign tags, outside referrer). */
  page(path: string, meaning: Meaning): Emitted;
  /** `stepMs`: time to the next event (default 1–21 s); bursts of clicks need finer steps. */
  track(name: string, properties: Record<string, unknown>, meaning?: Meaning, pain?: PainPointKind | null, stepMs?: number): Emitted;
  identify(userId: string, traits?: Record<string, unknown>): Emitted;
  alias(userId: string): Emitted;
  survey(properties: Record<string, unknown>, pain: PainPointKind | null): Emitted;
  /** An event a server sent (email opened): no page context, its own channel. */
  server(name: string, channel: string, properties: Record<string, unknown>): Emitted;
}

export interface VisitOptions {
  r: Random;
  device: Device;
  start: number;
  session: number;
  arrival: Arrival;
  /** Delay before the SDK delivers this visit's events (0 = at once). */
  deliveryDelay: number;
  /** The SDK sends nothing from this visit (blocked, or no consent yet); server events still arrive. */
  unseen?: LossKind | null;
  /** Asked once per browser event of a seen visit: true when it never arrives. */
  lost?: () => boolean;
  out: Emitted[];
}

export function openVisit(o: VisitOptions): VisitWriter {
  const { r, device, arrival, out } = o;
  let t = o.start;
  let url: string | null = null;
  let previous = '';
  let landed = false;
  let firstView = true;
  const sessionId = r.uuid();
  const context = () => (url === null ? {} : {
    url, path: url.slice(ORIGIN.length).split(/[?#]/)[0] || '/', title: title(url.slice(ORIGIN.length)), referrer: previous,
    ...(arrival.utm ? { utm: arrival.utm } : {}),
    locale: 'en-GB', userAgent: device.kind.userAgent, screen: device.kind.screen, viewport: device.kind.viewport, sdk: SDK,
  });
  /** `server`: sent by a server, not the browser's SDK, so neither blocked nor lost. */
  const push = (fields: Partial<WireEvent> & Pick<WireEvent, 'type'>, meaning: Meaning, pain: PainPointKind | null, ctx: object = context(), stepMs?: number, server = false): Emitted => {
    const event = {
      id: r.uuid(), anonymousId: device.anonymousId, ...(device.userId ? { userId: device.userId } : {}), sessionId,
      timestamp: new Date(t).toISOString(), context: ctx, ...fields,
    } as WireEvent;
    const lost = server ? null : o.unseen ?? (o.lost?.() ? 'lost' : null);
    const e: Emitted = { event, at: t, deliverAt: t + o.deliveryDelay + 500, meaning, session: o.session, pain, lost };
    out.push(e);
    t += stepMs ?? 1_000 + Math.floor(r.next() * 20_000);
    return e;
  };
  return {
    device,
    now: () => t,
    wait: (ms) => { t += ms; },
    path: () => (url === null ? null : url.slice(ORIGIN.length)),
    land(path) {
      // The landing page's referrer is where the visitor came from; its URL has the campaign tags.
      const query = arrival.utm ? `${path.includes('?') ? '&' : '?'}${new URLSearchParams(Object.entries(arrival.utm).map(([k, v]) => [`utm_${k}`, v!])).toString()}` : '';
      previous = arrival.referrer;
      url = `${ORIGIN}${path}${query}`;
      landed = true;
    },
    page(path, meaning) {
      if (!firstView) {
        // Later pages' referrer is the page before.
        previous = url!;
        url = `${ORIGIN}${path}`;
      } else if (!landed) this.land(path); // else the page land() loaded
      firstView = false;
      return push({ type: 'page' }, meaning, null);
    },
    track: (name, properties, meaning = NO_MEANING, pain = null, stepMs) => push({ type: 'track', name, properties: properties as WireEvent['properties'] }, meaning, pain, context(), stepMs),
    identify(userId, traits) {
      device.userId = userId;
      return push({ type: 'identify', userId, ...(traits ? { traits: traits as WireEvent['traits'] } : {}) }, NO_MEANING, null);
    },
    alias(userId) {
      // alias(userId) links the device's current id to the user, as the SDK's alias() does.
      const e = push({ type: 'alias', userId, previousId: device.userId ?? device.anonymousId }, NO_MEANING, null);
      device.userId = userId;
      return e;
    },
    survey: (properties, pain) => push({ type: 'survey', properties: properties as WireEvent['properties'] }, NO_MEANING, pain),
    server: (name, channel, properties) => push({ type: 'track', name, channel, properties: properties as WireEvent['properties'] }, NO_MEANING, null, {}, undefined, true),
  };
}
