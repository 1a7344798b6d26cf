// The public API's types. The build turns this file, with the wire types it names, into the typings
// users get (dist/sdk/waymark.d.ts; see sdk/public-types.ts): everything here is public.
import type { DeliveryStatus, Json, Stage, WireEvent } from '../../wire';

export type { DeliveryStatus, Json, Stage };
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
  /** No effect: the SDK never writes cookies (ids live in localStorage, or in memory where it is unavailable). Accepted so existing calls keep working. */
  cookieless?: boolean;
  /** The survey widget file's URL; default `${endpoint}/sdk/waymark-survey.js` (the collector serves it). */
  surveyUrl?: string;
  /** The profile part's URL; default `${endpoint}/sdk/waymark-profile.js` (the collector serves it). */
  profileUrl?: string;
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

/** The visitor's place in the customer lifecycle, for tailoring the site (`waymark.profile()`). */
export interface Profile {
  /** The current stage; null while the collector does not know the visitor yet (or consent is not granted). */
  stage: Stage | null;
  /** When the visitor entered that stage (ISO 8601); null with it. */
  since: string | null;
  /** The ids of the analysts' segments the visitor is in. */
  segments: string[];
}

/** Called when the visitor's stage changes: the new profile and the stage before (null when unknown). */
export type StageListener = (profile: Profile, previous: Stage | null) => void;

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
  /** 'event' (every event), an event type ('page', 'track', ...), a track name, 'status', or 'stage'. */
  on(name: 'status', fn: StatusListener): () => void;
  /** The visitor's stage changed (checked on page load and after each delivered batch; loads the profile part). */
  on(name: 'stage', fn: StageListener): () => void;
  on(name: string, fn: (event: WaymarkEvent) => void): () => void;
  survey: { show(id: string): void };
  /** The visitor's stage, since when, and segments, from the collector (loads the profile part on first use). */
  profile(): Promise<Profile>;
  /** The current ids, e.g. to pass to a server-side sender. */
  ids(): { anonymousId: string; userId?: string; sessionId: string };
}

declare global {
  interface Window {
    /** The SDK as the script tag (waymark.iife.js) defines it. */
    waymark: WaymarkApi;
  }
}
