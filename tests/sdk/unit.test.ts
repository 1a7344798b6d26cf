// Pure and Node-testable parts of the SDK: backoff, session rules, UUIDv7, the outboxes
// (in memory, and IndexedDB through fake-indexeddb), delivery over a scripted transport, and
// element descriptions (happy-dom).
// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WireEvent } from '../../wire/index.js';
import { backoffDelay, retryable } from '../../sdk/src/backoff.js';
import { describeElement, interactiveAncestor, selectorPath } from '../../sdk/src/capture/element.js';
import { delivery } from '../../sdk/src/delivery.js';
import { idbOutbox } from '../../sdk/src/outbox/idb-outbox.js';
import { memoryOutbox, type Outbox } from '../../sdk/src/outbox/outbox.js';
import { nextSession, utmOf } from '../../sdk/src/session.js';
import { keyValue } from '../../sdk/src/storage.js';
import type { SendResult } from '../../sdk/src/transport.js';
import { uuidv7, uuidv7Floor, uuidv7Time } from '../../sdk/src/uuid.js';

/** How many events an outbox holds (the SDK itself never needs to know). */
const countOf = async (box: Outbox) => (await box.take(1e6)).length;

const ev = (at: number, name = 'x'): WireEvent => ({
  id: uuidv7(at), type: 'track', name, anonymousId: 'a', sessionId: 's', timestamp: new Date(at).toISOString(), context: {},
});

describe('retryable', () => {
  it.each([[0, true], [408, true], [429, true], [500, true], [503, true], [200, false], [400, false], [401, false], [403, false], [413, false]])(
    'status %i → %s', (status, expected) => expect(retryable(status)).toBe(expected),
  );
});

describe('backoffDelay', () => {
  it.each([
    ['first retry, no jitter', 0, null, 0, 500],
    ['first retry, full jitter', 0, null, 1, 1000],
    ['doubles per attempt', 3, null, 0, 4000],
    ['is capped', 30, null, 1, 300_000],
    ['Retry-After is a floor', 0, 30, 0, 30_000],
    ['Retry-After below the backoff does not shorten it', 5, 1, 1, 32_000],
  ])('%s', (_n, attempt, retryAfter, random, expected) => {
    expect(backoffDelay(attempt, retryAfter, () => random)).toBe(expected);
  });
});

describe('uuidv7', () => {
  it('is a version-7 UUID whose string order is time order', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(a)).toBe(1_700_000_000_000);
    expect(a < b).toBe(true);
    expect(uuidv7Floor(1_700_000_000_001) > a && uuidv7Floor(1_700_000_000_001) <= b).toBe(true);
  });
});

describe('session rules', () => {
  const T = 30 * 60_000;
  let n = 0;
  const newId = () => `s${++n}`;
  it.each([
    ['no session yet starts one', null, 1000, {}, true],
    ['activity within the timeout continues it', { id: 'old', last: 0 }, T - 1, {}, false],
    ['30 minutes of inactivity ends it', { id: 'old', last: 0 }, T + 1, {}, true],
    ['a new campaign starts a new one', { id: 'old', last: 0, utm: { source: 'a' } }, 10, { utm: { source: 'b' } }, true],
    ['the same campaign again does not', { id: 'old', last: 0, utm: { source: 'a' } }, 10, { utm: { source: 'a' } }, false],
    ['a page without UTM does not', { id: 'old', last: 0, utm: { source: 'a' } }, 10, {}, false],
  ])('%s', (_name, prev, now, page, isNew) => {
    const s = nextSession(prev, now, page, T, newId);
    expect(s.id !== 'old').toBe(isNew);
    expect(s.last).toBe(now);
  });

  it('keeps the landing page\'s UTM and referrer for the whole session', () => {
    const s = nextSession(null, 0, { utm: { source: 'news' }, referrer: 'https://mail.example/' }, T, newId);
    expect(nextSession(s, 10, { referrer: 'https://shop.example/a' }, T, newId)).toMatchObject({ id: s.id, utm: { source: 'news' }, referrer: 'https://mail.example/' });
  });

  it.each([
    ['?utm_source=news&utm_medium=email&utm_campaign=spring', { source: 'news', medium: 'email', campaign: 'spring' }],
    ['?utm_term=chairs&x=1', { term: 'chairs' }],
    ['?q=1', undefined],
    ['', undefined],
  ])('utmOf(%j)', (search, expected) => expect(utmOf(search)).toEqual(expected));
});

describe.each([
  ['memory', () => memoryOutbox({ maxEvents: 5, maxAgeMs: 1000 }, () => 10_000)],
  ['indexeddb', () => idbOutbox(`test-${Math.random()}`, { maxEvents: 5, maxAgeMs: 1000 }, () => 10_000)],
])('%s outbox', (_kind, make: () => Outbox | Promise<Outbox>) => {
  it('takes the oldest first and forgets what was acknowledged', async () => {
    const box = await make();
    const [a, b, c] = [ev(9_500), ev(9_600), ev(9_700)];
    await box.add([c, a]);
    await box.add([b]);
    expect((await box.take(2)).map((e) => e.id)).toEqual([a.id, b.id]);
    await box.ack([a.id, b.id]);
    expect((await box.take(10)).map((e) => e.id)).toEqual([c.id]);
    expect(await countOf(box)).toBe(1);
  });

  it('adding an event twice keeps one copy', async () => {
    const box = await make();
    const a = ev(9_500);
    await box.add([a]);
    await box.add([a]);
    expect(await countOf(box)).toBe(1);
  });

  it('evicts the oldest beyond the count limit and anything older than the age limit, and says which', async () => {
    const box = await make();
    const old = ev(8_000); // 2 s old: over the 1 s limit
    const fresh = Array.from({ length: 6 }, (_, i) => ev(9_100 + i * 10));
    const evicted = await box.add([old, ...fresh]);
    expect(evicted.sort()).toEqual([old.id, fresh[0].id].sort());
    expect((await box.take(10)).map((e) => e.id)).toEqual(fresh.slice(1).map((e) => e.id));
  });
});

describe('indexeddb outbox that stops answering', () => {
  it('fails a transaction that neither commits nor aborts in time, so the SDK can carry on in memory', async () => {
    const box = await idbOutbox(`test-${Math.random()}`, undefined, Date.now, 50);
    const real = IDBDatabase.prototype.transaction;
    // The origin over its quota: the transaction's completion never arrives, however it is listened for.
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...a: Parameters<IDBDatabase['transaction']>) {
      const t = real.apply(this, a);
      Object.defineProperty(t, 'oncomplete', { get: () => null, set: () => {} });
      const listen = t.addEventListener.bind(t);
      t.addEventListener = ((type: string, ...rest: [EventListenerOrEventListenerObject, AddEventListenerOptions?]) => {
        if (type !== 'complete') listen(type, ...rest);
      }) as IDBTransaction['addEventListener'];
      return t;
    } as IDBDatabase['transaction'];
    try {
      await expect(box.add([ev(Date.now())])).rejects.toThrow(/timed out/);
      await expect(box.take(1)).rejects.toThrow(/timed out/);
    } finally {
      IDBDatabase.prototype.transaction = real;
    }
    expect(await countOf(box)).toBeGreaterThanOrEqual(0); // answers again once the store does
  });
});

describe('delivery', () => {
  const now = Date.now();
  afterEach(() => vi.useRealTimers());

  function setup(answers: SendResult[], batchSize = 2, answered?: () => string[]) {
    const box = memoryOutbox();
    const bodies: string[][] = [];
    const statuses: [string, string[]][] = [];
    const d = delivery({
      outbox: async () => box,
      send: async (body) => {
        const ids = JSON.parse(body).events.map((e: WireEvent) => e.id);
        bodies.push(ids);
        const a = answers.shift() ?? { status: 200, body: { duplicateIds: [], rejected: [] } };
        return a;
      },
      envelope: (events) => JSON.stringify({ events }),
      report: (ids, status) => statuses.push([status, ids]),
      batchSize,
      lock: (fn) => fn(),
      random: () => 0,
      answered,
    });
    return { box, d, bodies, statuses };
  }

  it('drops, unsent, an event another page has already seen answered (a copy back from a spill)', async () => {
    const events = [ev(now + 1), ev(now + 2), ev(now + 3)];
    const { box, d, bodies } = setup([], 3, () => [events[1].id]);
    await box.add(events);
    expect(await d.flush()).toBe(true);
    expect(bodies).toEqual([[events[0].id, events[2].id]]);
    expect(await countOf(box)).toBe(0);
    // A batch of nothing but such copies sends nothing at all.
    await box.add([events[1]]);
    expect(await d.flush()).toBe(true);
    expect(bodies.length).toBe(1);
  });

  it('sends in batches and empties the outbox on success', async () => {
    const { box, d, bodies } = setup([]);
    const events = [ev(now + 1), ev(now + 2), ev(now + 3)];
    await box.add(events);
    expect(await d.flush()).toBe(true);
    expect(bodies).toEqual([[events[0].id, events[1].id], [events[2].id]]);
    expect(await countOf(box)).toBe(0);
  });

  it('reports accepted, duplicate and rejected per event, and drops only what was answered', async () => {
    const events = [ev(now + 1), ev(now + 2), ev(now + 3)];
    const { box, d, statuses } = setup([{ status: 200, body: { duplicateIds: [events[1].id], rejected: [{ index: 2, id: events[2].id, errors: ['bad'] }] } }], 3);
    await box.add(events);
    await d.flush();
    expect(statuses).toEqual([['sent', events.map((e) => e.id)], ['accepted', [events[0].id]], ['duplicate', [events[1].id]], ['rejected', [events[2].id]]]);
    expect(await countOf(box)).toBe(0);
  });

  it('keeps the batch and retries with backoff on a network error, honouring Retry-After', async () => {
    vi.useFakeTimers();
    const { box, d, bodies } = setup([{ status: 0 }, { status: 429, retryAfter: 30 }]);
    await box.add([ev(now + 1)]);
    expect(await d.flush()).toBe(false);
    expect(await countOf(box)).toBe(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(bodies.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1); // attempt 0: 500 ms with no jitter
    expect(bodies.length).toBe(2);
    await vi.advanceTimersByTimeAsync(29_999); // 429 with Retry-After: 30 s
    expect(bodies.length).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(bodies.length).toBe(3);
    expect(await countOf(box)).toBe(0);
  });

  it('splits a batch the collector finds too large, down to one event', async () => {
    const events = [ev(now + 1), ev(now + 2), ev(now + 3), ev(now + 4)];
    const { box, d, bodies, statuses } = setup([{ status: 413 }, { status: 200, body: {} }, { status: 413 }, { status: 200, body: {} }, { status: 413, body: { error: 'too big' } }], 4);
    await box.add(events);
    expect(await d.flush()).toBe(true);
    expect(bodies.map((b) => b.length)).toEqual([4, 2, 2, 1, 1]);
    expect(statuses.find(([s]) => s === 'rejected')).toEqual(['rejected', [events[3].id]]);
    expect(await countOf(box)).toBe(0);
  });

  it('drains again when asked while a drain runs that read the outbox too early', async () => {
    const box = memoryOutbox();
    const bodies: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let takes = 0;
    // The first read of the outbox happens before the events below are written.
    const slow: Outbox = { ...box, take: async (n) => (takes++ === 0 ? (await gate, []) : box.take(n)) };
    const d = delivery({
      outbox: async () => slow, envelope: (events) => JSON.stringify({ events }), report: () => {}, batchSize: 5, lock: (fn) => fn(),
      send: async (body) => (bodies.push(JSON.parse(body).events.map((e: WireEvent) => e.id)), { status: 200, body: { duplicateIds: [], rejected: [] } }),
    });
    const first = d.flush();
    const e = ev(now + 1);
    await box.add([e]);
    const joined = d.flush(); // joins the running drain
    release();
    expect(await first).toBe(true);
    expect(await joined).toBe(true);
    expect(bodies).toEqual([[e.id]]);
    expect(await countOf(box)).toBe(0);
  });

  it('drops a batch the collector refuses (401) instead of retrying it forever', async () => {
    const { box, d, statuses } = setup([{ status: 401, body: { error: 'unknown write key' } }]);
    await box.add([ev(now + 1)]);
    expect(await d.flush()).toBe(true);
    expect(statuses.at(-1)?.[0]).toBe('rejected');
  });
});

describe('id storage', () => {
  afterEach(() => vi.unstubAllGlobals());
  const cookieOf = (k: string) => document.cookie.split('; ').find((c) => c.startsWith(`${k}=`));

  it.each([
    ['localStorage', () => {}],
    ['a first-party cookie (no localStorage)', () => vi.stubGlobal('localStorage', { setItem() { throw new Error('blocked'); } })],
  ])('in %s: an id deleted while consent is pending does not come back when it is granted', (_name, setup) => {
    setup();
    keyValue({ durable: true }).set('waymark_uid', 'user-1'); // an earlier visit, with consent
    const page = keyValue({ durable: false }); // this visit: consent pending
    expect(page.get('waymark_uid')).toBeNull(); // nothing durable is read before consent
    page.del('waymark_uid'); // reset() on logout
    page.persist(); // consent granted
    expect(page.get('waymark_uid')).toBeNull();
    expect(cookieOf('waymark_uid') ?? 'waymark_uid=').toBe('waymark_uid='); // expired (happy-dom keeps it empty)
    expect(globalThis.localStorage?.getItem?.('waymark_uid') ?? null).toBeNull();
  });

  it('writes nothing while consent is pending, and what was kept in memory once granted', () => {
    const page = keyValue({ durable: false });
    page.set('waymark_aid', 'anon-1');
    expect(localStorage.getItem('waymark_aid')).toBeNull();
    page.persist();
    expect(localStorage.getItem('waymark_aid')).toBe('anon-1');
    localStorage.removeItem('waymark_aid');
  });

  it('reads what another tab wrote since, not its own older copy', () => {
    const tabA = keyValue({ durable: true });
    const tabB = keyValue({ durable: true });
    tabA.set('waymark_session', 'from A');
    tabB.set('waymark_session', 'from B, later'); // B kept the shared session alive
    expect(tabA.get('waymark_session')).toBe('from B, later');
    tabB.del('waymark_session');
    expect(tabA.get('waymark_session')).toBeNull();
  });

  it('keeps in memory what localStorage refuses (quota), and reads it back', () => {
    const page = keyValue({ durable: true });
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    page.set('waymark_spill', '[1]');
    vi.restoreAllMocks();
    expect(localStorage.getItem('waymark_spill')).toBeNull();
    expect(page.get('waymark_spill')).toBe('[1]');
    page.del('waymark_spill');
    expect(page.get('waymark_spill')).toBeNull();
  });
});

describe('element descriptions', () => {
  it.each([
    ['a button with an id', '<div><button id="buy" class="btn primary">Buy  now</button></div>', 'button', { tag: 'button', id: 'buy', classes: ['btn', 'primary'], text: 'Buy now', selector: '#buy' }],
    ['a link, its query dropped', '<nav><a href="/p?id=1#x" class="x1234">Lamp</a></nav>', 'a', { tag: 'a', text: 'Lamp', href: '/p', selector: 'body > nav > a' }],
    ['an input: its name, never its value', '<form><input name="email" value="ada@example.com"></form>', 'input', { tag: 'input', text: 'email', inputType: 'text' }],
    ['a textarea: its placeholder, never its text', '<form><textarea placeholder="Message">ada@example.com</textarea></form>', 'textarea', { tag: 'textarea', text: 'Message', inputType: 'textarea' }],
    ['a select: its aria-label, never the option chosen', '<select aria-label="Email"><option>ada@example.com</option></select>', 'select', { tag: 'select', text: 'Email', inputType: 'select-one' }],
    ['inside a masked subtree: tag and path only', '<div data-waymark-mask><button id="b">Secret</button></div>', 'button', { tag: 'button', selector: '#b' }],
    ['siblings get nth-of-type', '<ul><li><button>A</button></li><li><button class="css-x1">B</button></li></ul>', 'li:nth-of-type(2) button', { tag: 'button', text: 'B', selector: 'body > ul > li:nth-of-type(2) > button' }],
  ] as [string, string, string, Record<string, unknown>][])('%s', (_n, html, query, expected) => {
    document.body.innerHTML = html;
    const el = document.querySelector(query)!;
    const d = JSON.parse(JSON.stringify(describeElement(el)));
    if (expected.selector === undefined) delete d.selector;
    expect(d).toEqual(expected);
    expect(JSON.stringify(d)).not.toContain('ada@example.com');
  });

  it('finds the interactive ancestor of a click on an icon inside a button', () => {
    document.body.innerHTML = '<button id="b"><span><svg></svg></span></button><p id="p">text</p>';
    expect(interactiveAncestor(document.querySelector('svg'))?.id).toBe('b');
    expect(interactiveAncestor(document.querySelector('#p'))).toBeNull();
    expect(selectorPath(document.querySelector('span')!)).toBe('#b > span');
  });
});
