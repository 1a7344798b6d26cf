// The public API's types. The build turns this file, with the wire types it names, into the typings
// users get (dist/sdk/waymark.d.ts; see sdk/public-types.ts): everything here is public.
import type { DeliveryStatus, Json, WireEvent } from '../../wire';

export type { DeliveryStatus, Json };
/** An event as the SDK makes it, sends it and hands it to `on()` listeners. */
export type WaymarkEvent = WireEvent;

export type Properties = Record<string, Json | undefined>;
export type ConsentState = 'granted' | 'denied' | 'pending';

export interface AutocaptureOptions {
  pageViews?: boolean;
  clicks?: boolean;
  forms?: boolean;
  scroll?: boolean;
  rageClicks?: boolean;
  deadClicks?: boolean;
  errors?: boolean;
  pageLeave?: boolean;
}

export interface InitOptions {
  /** The site's write key (`wk_...`) from the collector's configuration. */
  writeKey: string;
  /** The collector's base URL; events go to `${endpoint}/v1/batch`. */
  endpoint: string;
  /** `true` (default) for every capture, `false` for none, or per capture. */
  autocapture?: boolean | AutocaptureOptions;
  /** Initial consent; default 'granted'. 'pending' keeps events in memory only until consent('granted'). */
  consent?: ConsentState;
  /** Default true: Global Privacy Control or Do Not Track start as 'denied' until consent('granted') is called; false ignores them. */
  respectPrivacySignals?: boolean;
  /** Never write cookies (ids live in localStorage, or in memory where it is unavailable). */
  cookieless?: boolean;
  /** The survey widget file's URL; default `${endpoint}/sdk/waymark-survey.js` (the collector serves it). */
  surveyUrl?: string;
  /** Post touchpoints and delivery statuses on the debug channel without the extension. */
  debug?: boolean;
  /** Events per request (1..500); default 500 (a burst costs fewer requests, transactions and compressions). */
  batchSize?: number;
  /** How long events wait to be batched, ms; default 1000. */
  flushInterval?: number;
  /** Minutes of inactivity that end a session; default 30. */
  sessionTimeoutMinutes?: number;
  /** Outbox bounds; the oldest events are evicted first. Defaults: 10 000 events, 7 days. */
  maxQueuedEvents?: number;
  maxQueuedDays?: number;
  /** First retry delay (ms) and the cap of the exponential backoff; defaults 1000 and 300 000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export type StatusListener = (ids: string[], status: DeliveryStatus, errors?: Record<string, string[]>) => void;

export interface WaymarkApi {
  init(options: InitOptions): void;
  page(name?: string, properties?: Properties): void;
  track(name: string, properties?: Properties): void;
  identify(userId: string, traits?: Properties): void;
  alias(userId: string, previousId?: string): void;
  reset(): void;
  consent(state: ConsentState): void;
  /** Writes pending events to the outbox and sends them; resolves true when the outbox is empty. */
  flush(): Promise<boolean>;
  /** 'event' (every event), an event type ('page', 'track', ...), a track name, or 'status'. */
  on(name: 'status', fn: StatusListener): () => void;
  on(name: string, fn: (event: WaymarkEvent) => void): () => void;
  survey: { show(id: string): void };
  /** The current ids, e.g. to pass to a server-side sender. */
  ids(): { anonymousId: string; userId?: string; sessionId: string };
}

declare global {
  interface Window {
    /** The SDK as the script tag (waymark.iife.js) defines it. */
    waymark: WaymarkApi;
  }
}
