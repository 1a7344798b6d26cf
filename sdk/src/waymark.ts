// The SDK assembled: identity, captures, the outbox and delivery behind the public API.
import { MAX_BATCH_EVENTS, type WireEvent } from '../../wire';
import { AUTOCAPTURE, type CaptureName } from './autocapture';
import { batchBody } from './batch-body';
import { pageContext } from './context';
import { debugChannel } from './debug';
import { delivery, type Delivery, type StatusReport } from './delivery';
import { emitter } from './emitter';
import { identity, STORAGE_KEYS, type Identity } from './identity';
import { idbOutbox } from './outbox/idb-outbox';
import { memoryOutbox, type Outbox, type OutboxLimits } from './outbox/outbox';
import { keyValue, type KeyValue } from './storage';
import { beacon, fetchTransport } from './transport';
import type { SurveysPlugin } from './survey/plugin';
import type { AutocaptureOptions, ConsentState, InitOptions, WaymarkApi } from './types';
import { uuidv7 } from './uuid';

const warn = (m: string): void => console.warn('waymark.' + m);
const SPILL = 'waymark_spill';
const LAST_OK = 'waymark_ok';
const BEACONED = 'waymark_beaconed';
/** The ids of the last events answered by the collector, as any page of the site saw them. */
const ANSWERED = 'waymark_answered';
// A beacon's fate is unknown. It counts as delivered when the collector answers a request within
// this long after it; otherwise (collector down, or no request soon after) its events are sent
// again and the collector drops them as duplicates if they did arrive.
const CONFIRM_MS = 10_000;
// Bounds what a pending consent can hold in memory, and how much one IndexedDB transaction writes
// (a burst of thousands of events is split so no task runs long).
const MAX_HELD = 1000;
const CHUNK = 100;

export function createWaymark(surveys?: SurveysPlugin): WaymarkApi {
  let o: InitOptions | undefined;
  let state: ConsentState = 'granted';
  let kv: KeyValue;
  let who: Identity;
  let limits: OutboxLimits;
  let box: Outbox;
  let ready: Promise<unknown>; // the IndexedDB outbox opening (or failing to), from the first grant()
  let dlv: Delivery;
  let dbName: string;
  let url: string;
  let held: WireEvent[] = []; // consent pending: memory only
  let unsaved: WireEvent[] = []; // made, not yet handed to the outbox
  let saving: WireEvent[] = []; // in an outbox transaction that has not committed yet
  let sinceFlush = 0;
  let persistTimer: ReturnType<typeof setTimeout> | 0 = 0;
  let flushTimer: ReturnType<typeof setTimeout> | 0 = 0;
  let surveyShow: ((id: string) => void) | undefined;
  const bus = emitter();
  const post = debugChannel(() => !!o?.debug);

  const report: StatusReport = (ids, status, errors, detail) => {
    post({ kind: 'status', ids, status, errors, detail });
    bus.emit('status', ids, status, errors);
    // Answered events leave the spill too: a page that died after saving its spilled events, but
    // before clearing the spill, must not hand them to the next page once another tab sent them.
    if (status !== 'queued' && status !== 'sent') unspill(ids);
    // The last ~500 ids as one string: appending and searching it costs no JSON parse per batch.
    if (status === 'accepted' || status === 'duplicate' || status === 'rejected') kv.set(ANSWERED, (answered() + ids).slice(-18_500));
  };
  const answered = () => kv.get(ANSWERED) ?? '';

  const envelope = (events: WireEvent[]) => batchBody(o!.writeKey, events);

  const readSpill = () => kv.json<WireEvent[]>(SPILL, []);
  function unspill(ids: string[]) {
    if (!kv.get(SPILL)) return;
    const rest = readSpill().filter((e) => !ids.includes(e.id));
    rest.length ? kv.set(SPILL, JSON.stringify(rest)) : kv.del(SPILL);
  }

  /** After each answer (or failure): confirm recent beacons, or put their events back in line. */
  function health(up: boolean) {
    up ? kv.set(LAST_OK, String(Date.now())) : kv.del(LAST_OK);
    const beaconed = kv.json<[number, WireEvent[]][]>(BEACONED, []);
    if (!beaconed.length) return;
    kv.del(BEACONED);
    for (const [at, events] of beaconed) {
      if (!up || Date.now() - at > CONFIRM_MS) unsaved.push(...events);
      // Confirmed: say so, or the inspector would show them as `sent` for ever.
      else report(events.map((e) => e.id), 'accepted', undefined, 'beacon');
    }
    persistSoon();
  }

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
    if (e.name && e.name !== 'event' && e.name !== 'status') bus.emit(e.name, e);
    if (state === 'pending') {
      if (held.length < MAX_HELD) held.push(e);
    } else {
      unsaved.push(e);
      persistSoon();
    }
    report([e.id], 'queued');
  }

  /** Hands events to the outbox in one transaction, then schedules a send. */
  async function save(list: WireEvent[]) {
    if (!list.length) return;
    // At risk from here: a page hidden while the outbox is still opening must spill these too.
    saving = saving.concat(list);
    await ready;
    // IndexedDB failed mid-page (quota, storage cleared): keep going in memory.
    const evicted = await box.add(list).catch(() => (box = memoryOutbox(limits)).add(list));
    saving = saving.filter((e) => !list.includes(e));
    if (evicted.length) report(evicted, 'failed', undefined, 'evicted: the outbox was over its size or age limit');
    unspill(list.map((e) => e.id));
    sinceFlush += list.length;
    if (sinceFlush >= o!.batchSize!) flushNow();
    else flushTimer ||= setTimeout(flushNow, o!.flushInterval);
  }

  function persist() {
    persistTimer = 0;
    const chunk = unsaved.splice(0, CHUNK);
    if (unsaved.length) persistSoon();
    return save(chunk);
  }
  const persistSoon = () => (persistTimer ||= setTimeout(persist, 0));
  function cancelPersist() {
    clearTimeout(persistTimer);
    persistTimer = 0;
  }

  function flushNow() {
    clearTimeout(flushTimer);
    flushTimer = 0;
    sinceFlush = 0;
    return state === 'granted' ? dlv.flush() : Promise.resolve(false);
  }

  /**
   * The page may be going away. Events not yet in the outbox leave by beacon when the collector
   * answered this site's last request within a minute; they are also noted in localStorage
   * (written synchronously) until the next answer confirms the beacon (see health()). Otherwise
   * (offline, collector down) they are copied to localStorage in case the outbox transaction
   * does not commit before the page is gone; the next page moves them into the outbox.
   */
  function onHide() {
    if (state !== 'granted' || document.visibilityState !== 'hidden') return;
    cancelPersist();
    const list = unsaved.splice(0);
    const beaconed = list.length > 0 && Date.now() - Number(kv.get(LAST_OK)) < 60_000 && beacon(url, envelope(list));
    if (beaconed) {
      kv.set(BEACONED, JSON.stringify(kv.json<unknown[]>(BEACONED, []).concat([[Date.now(), list]])));
      report(list.map((e) => e.id), 'sent', undefined, 'beacon');
    }
    const atRisk = beaconed ? saving : saving.concat(list);
    if (atRisk.length) kv.set(SPILL, JSON.stringify(readSpill().concat(atRisk)));
    if (!beaconed) void save(list);
    // No flush of the outbox here: a request the page does not live to see answered cannot be
    // acknowledged, and would be sent again by the next page. The next page (or visit) sends it.
  }

  /** Consent given: storage may be used, so ids are written, the outbox opens and held events go in. */
  function grant() {
    kv.persist();
    ready = idbOutbox(dbName, limits).then((b) => (box = b), () => {});
    unsaved.push(...held, ...readSpill());
    held = [];
    void persist().then(flushNow);
  }

  function forget() {
    held = [];
    unsaved = [];
    // The outbox may hold events from earlier visits that never opened it on this page.
    if (box.kind === 'indexeddb') void box.clear();
    else indexedDB?.deleteDatabase(dbName);
    for (const k of [...STORAGE_KEYS, SPILL, LAST_OK, BEACONED, ANSWERED]) kv.del(k);
    kv.persist(false); // ids made from now on (identify, a new session) stay in memory
  }

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
      kv = keyValue({ cookieless: o.cookieless, durable: state === 'granted' });
      who = identity(kv, o.sessionTimeoutMinutes! * 60_000);
      url = `${o.endpoint}/v1/batch`;
      dbName = `waymark-${o.writeKey}`;
      limits = { maxEvents: o.maxQueuedEvents!, maxAgeMs: o.maxQueuedDays! * 864e5 };
      box = memoryOutbox(limits);
      const locks = navigator.locks;
      dlv = delivery({
        outbox: () => ready.then(() => box),
        send: fetchTransport(url),
        envelope,
        report,
        batchSize: Math.min(MAX_BATCH_EVENTS, Math.max(1, o.batchSize!)),
        lock: <T>(fn: () => Promise<T>) => (locks ? (locks.request(`waymark-outbox-${o!.writeKey}`, fn) as Promise<T>) : fn()),
        health,
        answered,
        baseDelayMs: o.retryBaseMs,
        maxDelayMs: o.retryMaxMs,
      });
      if (state === 'denied' && o.consent === 'denied') forget();
      if (state === 'granted') grant();
      addEventListener('visibilitychange', onHide);
      addEventListener('pagehide', onHide);
      addEventListener('online', () => void flushNow());
      // Before the captures start: the survey triggers must see the first page view.
      surveyShow = surveys?.(api, o, { ...kv, record, granted: () => state === 'granted' });
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
    async flush() {
      if (needInit('flush') || state !== 'granted') return false;
      cancelPersist();
      while (unsaved.length) await persist();
      return flushNow();
    },
    on: bus.on,
    survey: { show: afterInit('survey.show', (id) => surveyShow?.(id)) },
    ids: () => ({ anonymousId: who.anonymousId(), userId: who.userId(), sessionId: who.session(Date.now()).id }),
  };
  return api;
}
