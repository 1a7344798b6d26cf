// The SDK assembled behind the public API: consent, identity, events and captures here; the way
// to the collector in queue.ts (into the outbox), delivery.ts (out of it) and page-exit.ts (when
// the page goes away).
import { MAX_BATCH_EVENTS, type WireEvent } from '../../wire';
import { AUTOCAPTURE, type CaptureName } from './autocapture';
import { retryable } from './backoff';
import { batchBody } from './batch-body';
import { pageContext } from './context';
import { debugChannel } from './debug';
import { delivery, type StatusReport } from './delivery';
import { emitter } from './emitter';
import { identity, STORAGE_KEYS, type Identity } from './identity';
import { fallbackOutbox, type FallbackOutbox } from './outbox/fallback';
import * as exit from './page-exit';
import { queue, type Queue } from './queue';
import { loadPart } from './load-part';
import { keyValue, type KeyValue } from './storage';
import { beacon, fetchTransport } from './transport';
import { PROFILE_GLOBAL, PROFILE_KEY, type ProfileCore, type ProfileLoader, type ProfilePart } from './profile/types';
import type { SurveyCore, SurveysPlugin } from './survey/plugin';
import type { AutocaptureOptions, ConsentState, InitOptions, WaymarkApi } from './types';
import { uuidv7 } from './uuid';

const warn = (m: string): void => console.warn('waymark.' + m);
/** Bounds what a pending consent can hold in memory. */
const MAX_HELD = 1000;
/** init()'s options with their defaults. */
type Settings = InitOptions & Required<Pick<InitOptions, 'batchSize' | 'flushInterval' | 'sessionTimeoutMinutes' | 'maxQueuedEvents' | 'maxQueuedDays'>>;

export function createWaymark(surveys?: SurveysPlugin): WaymarkApi {
  let o: Settings | undefined;
  let state: ConsentState = 'granted';
  let kv: KeyValue;
  let who: Identity;
  let box: FallbackOutbox;
  let q: Queue;
  let held: WireEvent[] = []; // consent pending: memory only
  let surveyShow: ((id: string) => void) | undefined;
  let core: SurveyCore & ProfileCore;
  let profilePart: Promise<ProfilePart> | undefined;
  const bus = emitter();
  const post = debugChannel(() => !!o?.debug);

  const report: StatusReport = (ids, status, errors, detail) => {
    post({ kind: 'status', ids, status, errors, detail });
    bus.emit('status', ids, status, errors);
    exit.settled(kv, ids, status);
  };

  const envelope = (events: WireEvent[]) => batchBody(o!.writeKey, events);

  /** Makes an event (`fields` on top of the ids, time and context), shows it to listeners and queues it. */
  function record(type: WireEvent['type'], fields: Partial<WireEvent>) {
    if (state === 'denied') return; // before any id is made or stored
    const now = Date.now();
    const s = who.session(now);
    const e: WireEvent = {
      id: uuidv7(now),
      type,
      anonymousId: who.anonymousId(),
      userId: who.userId(),
      sessionId: s.id,
      timestamp: new Date(now).toISOString(),
      context: pageContext(s.utm),
      ...fields,
    };
    post({ kind: 'touchpoint', event: e });
    bus.emit('event', e);
    bus.emit(e.type, e);
    if (e.name && e.name !== 'event' && e.name !== 'status' && e.name !== 'stage') bus.emit(e.name, e);
    if (state !== 'pending') q.add([e]);
    else if (held.length < MAX_HELD) held.push(e);
    report([e.id], 'queued');
  }

  /** The page may be going away: see page-exit.ts. */
  const onHide = () => state === 'granted' && document.visibilityState === 'hidden' && q.hide();

  /** Consent given: storage may be used, so ids are written, the outbox opens and held events go in. */
  function grant() {
    kv.persist();
    box.open();
    q.add(held.concat(exit.spilled(kv)));
    held = [];
    void q.flush();
  }

  function forget() {
    held = [];
    q.clear();
    void box.clear();
    for (const k of [...STORAGE_KEYS, ...exit.PAGE_EXIT_KEYS, PROFILE_KEY]) kv.del(k);
    kv.persist(false); // ids made from now on (identify, a new session) stay in memory
  }

  /** The profile part (profile/part.ts), loaded on first use: the core only knows where it is. */
  const loadProfile = () =>
    (profilePart ||= loadPart<ProfileLoader>(o!.profileUrl || `${o!.endpoint}/sdk/waymark-profile.js`, PROFILE_GLOBAL).then((load) => load!(api, o!, core)));

  const needInit = (method: string) => {
    if (!o) warn(`${method}() needs waymark.init({ writeKey, endpoint }) first`);
    return !o;
  };
  /** The API method `method`: `fn`, once init() has been called. */
  const afterInit =
    <A extends any[]>(method: string, fn: (...args: A) => void) =>
    (...args: A) =>
      void (needInit(method) || fn(...args));

  const api: WaymarkApi = {
    init(options) {
      if (o) return warn('init() was called twice; the second call is ignored');
      if (!options?.writeKey || !options.endpoint) {
        return warn('init() needs { writeKey, endpoint }');
      }
      // The endpoint without trailing slashes, for the survey module too.
      o = { batchSize: MAX_BATCH_EVENTS, flushInterval: 1000, sessionTimeoutMinutes: 30, maxQueuedEvents: 10_000, maxQueuedDays: 7, ...options, endpoint: options.endpoint.replace(/\/+$/, '') };
      const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
      // Global Privacy Control and Do Not Track are a visitor's standing refusal: honoured unless the site opts out.
      state = o.respectPrivacySignals !== false && (nav.globalPrivacyControl || nav.doNotTrack === '1') ? 'denied' : o.consent ?? 'granted';
      kv = keyValue({ durable: state === 'granted' });
      who = identity(kv, o.sessionTimeoutMinutes * 60_000);
      const limits = { maxEvents: o.maxQueuedEvents, maxAgeMs: o.maxQueuedDays * 864e5 };
      box = fallbackOutbox(`waymark-${o.writeKey}`, limits);
      const url = `${o.endpoint}/v1/batch`;
      const locks = navigator.locks;
      const toCollector = fetchTransport(url);
      // Delivery and the queue take init()'s options (batch size, flush interval, retry delays) as they are.
      const dlv = delivery(
        {
          ...o,
          outbox: box,
          send: async (events) => {
            const r = await toCollector(envelope(events));
            // Confirmed beacons are said to be accepted, or the inspector would show them as `sent` for ever.
            exit.health(kv, !retryable(r.status), (ids) => report(ids, 'accepted', undefined, 'beacon'), q.add);
            return r;
          },
          batchSize: Math.min(MAX_BATCH_EVENTS, Math.max(1, o.batchSize)),
          lock: <T>(fn: () => Promise<T>) => (locks ? (locks.request(`waymark-outbox-${o!.writeKey}`, fn) as Promise<T>) : fn()),
          answered: () => exit.answered(kv),
        },
        report,
      );
      q = queue({
        ...o,
        outbox: box,
        flush: () => (state === 'granted' ? dlv.flush() : Promise.resolve(false)),
        saved(events, evicted) {
          if (evicted.length) report(evicted, 'failed', undefined, 'evicted');
          exit.unspill(kv, events.map((e) => e.id));
        },
        hidden(unsaved, saving) {
          const sent = exit.hide(kv, (events) => beacon(url, envelope(events)), unsaved, saving);
          if (sent) report(unsaved.map((e) => e.id), 'sent', undefined, 'beacon');
          return sent;
        },
      });
      if (state === 'denied' && o.consent === 'denied') forget();
      if (state === 'granted') grant();
      addEventListener('visibilitychange', onHide);
      addEventListener('pagehide', onHide);
      addEventListener('online', () => void q.flush());
      // Before the captures start: the survey triggers must see the first page view.
      core = { ...kv, record, granted: () => state === 'granted', emit: bus.emit };
      surveyShow = surveys?.(api, o, core);
      const ac = o.autocapture;
      for (const k of Object.keys(AUTOCAPTURE) as CaptureName[]) {
        if (ac !== false && (ac as AutocaptureOptions | undefined)?.[k] !== false) AUTOCAPTURE[k]((t) => record(t.type, t as Partial<WireEvent>));
      }
    },
    page: afterInit('page', (name, properties) => record('page', { name, properties: properties as WireEvent['properties'] })),
    track: afterInit('track', (name, properties) => {
      if (!name) return warn('track() needs an event name');
      record('track', { name, properties: properties as WireEvent['properties'] });
    }),
    identify: afterInit('identify', (userId, traits) => {
      if (!userId) return warn('identify() needs a user id');
      who.setUserId(String(userId));
      record('identify', { userId: String(userId), traits: traits as WireEvent['traits'] });
    }),
    alias: afterInit('alias', (userId, previousId) => {
      record('alias', { userId, previousId: previousId ?? who.userId() ?? who.anonymousId() });
      who.setUserId(userId);
    }),
    reset: afterInit('reset', () => who.reset()),
    consent: afterInit('consent', (next) => {
      const was = state;
      state = next;
      if (next === 'denied') forget();
      if (next === 'granted' && was !== 'granted') grant();
    }),
    flush() {
      return needInit('flush') || state !== 'granted' ? Promise.resolve(false) : q.flush();
    },
    // A stage listener starts the profile part's watch (after init: it needs the endpoint).
    on: ((name: string, fn: () => void) => (name == 'stage' && o && loadProfile().then((p) => p(1)), bus.on(name, fn))) as WaymarkApi['on'],
    survey: { show: afterInit('survey.show', (id) => surveyShow?.(id)) },
    async profile() {
      needInit('profile');
      return (await loadProfile())();
    },
    ids: () => ({ anonymousId: who.anonymousId(), userId: who.userId(), sessionId: who.session(Date.now()).id }),
  };
  return api;
}
