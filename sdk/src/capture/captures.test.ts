// The autocaptures in happy-dom: what each emits and what it must not, the three click captures
// running side by side, and that every capture's unsubscribe removes everything it added.
// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOCAPTURE } from '../autocapture.js';
import { captureClicks } from './clicks.js';
import { captureDeadClicks } from './dead-clicks.js';
import { captureErrors } from './errors.js';
import { captureForms } from './forms.js';
import { capturePageViews } from './page-views.js';
import { captureRageClicks } from './rage-clicks.js';
import { captureScroll } from './scroll.js';
import type { Touchpoint, Unsubscribe } from './types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seen: Touchpoint[] = [];
const emit = (t: Touchpoint) => seen.push(t);
let stops: Unsubscribe[] = [];
const start = (...offs: Unsubscribe[]) => stops.push(...offs);

beforeEach(() => {
  seen = [];
  document.body.innerHTML = '<div id="page"><p id="text">Plain text</p><button id="buy" class="btn">Buy</button></div>';
});
afterEach(() => {
  stops.forEach((f) => f());
  stops = [];
  vi.restoreAllMocks();
  history.replaceState(null, '', '/');
});

/** A click at (x, y) on `sel`, `at` ms after the first one (the capture reads the event's timeStamp). */
function click(sel: string, x = 10, y = 10, at?: number) {
  const e = new MouseEvent('click', { bubbles: true, clientX: x, clientY: y });
  if (at !== undefined) Object.defineProperty(e, 'timeStamp', { value: at });
  document.querySelector(sel)!.dispatchEvent(e);
}
const names = () => seen.map((t) => t.name ?? t.type);

describe('clicks, rage clicks and dead clicks together', () => {
  beforeEach(() => start(captureClicks(emit), captureRageClicks(emit), captureDeadClicks(emit, { waitMs: 30 })));

  it.each([
    ['a click on a button is a $click', () => click('#buy'), ['$click']],
    ['a click on plain text after which nothing changes is a $dead_click', () => click('#text'), ['$dead_click']],
    ['a click on plain text that changes the page is not', () => {
      click('#text');
      document.body.append('more');
    }, []],
    ['a click on the page body is not a dead click', () => click('body'), []],
    ['three quick clicks in one place are a $rage_click, reported once per burst', () => {
      for (let i = 0; i < 4; i++) click('#buy', 10 + i, 10, 100 * i);
    }, ['$click', '$click', '$click', '$rage_click', '$click']],
    ['three quick clicks far apart are not', () => {
      for (let i = 0; i < 3; i++) click('#buy', 10 + 100 * i, 10, 100 * i);
    }, ['$click', '$click', '$click']],
    ['three clicks more than a second apart are not', () => {
      for (let i = 0; i < 3; i++) click('#buy', 10, 10, 1100 * i);
    }, ['$click', '$click', '$click']],
    ['quick clicks on elements drawn anew at each click (a wizard\'s Next button) are progress, not rage', () => {
      for (let i = 0; i < 3; i++) {
        click('#buy', 10, 10, 100 * i);
        document.getElementById('buy')!.replaceWith(Object.assign(document.createElement('button'), { id: 'buy', textContent: 'Next' }));
      }
    }, ['$click', '$click', '$click']],
    ['a burst on plain text is one rage click and one dead click (the collector folds the dead click into the burst)', () => {
      for (let i = 0; i < 5; i++) click('#text', 10, 10, 100 * i);
    }, ['$rage_click', '$dead_click']],
    ['a click on Waymark\'s survey widget is never a dead click', () => {
      document.body.insertAdjacentHTML('beforeend', '<div data-waymark-survey="s1"><p id="in-widget">How did it feel?</p></div>');
      click('#in-widget');
    }, []],
    ['a new burst after a pause is reported again', () => {
      for (const at of [0, 100, 200, 2000, 2100, 2200]) click('#buy', 10, 10, at);
    }, ['$click', '$click', '$click', '$rage_click', '$click', '$click', '$click', '$rage_click']],
  ] as [string, () => void, string[]][])('%s', async (_n, act, expected) => {
    act();
    await sleep(80);
    expect(names()).toEqual(expected);
  });

  it('describes the element: the button for $click and $rage_click, the text for $dead_click', async () => {
    for (let i = 0; i < 3; i++) click('#buy', 10, 10, i);
    click('#text', 500, 500, 3000);
    await sleep(80);
    const rage = seen.find((t) => t.name === '$rage_click')!;
    expect(rage.properties).toMatchObject({ tag: 'button', id: 'buy', selector: '#buy', text: 'Buy', clicks: 3 });
    expect(seen.find((t) => t.name === '$click')!.properties).toMatchObject({ tag: 'button', id: 'buy', selector: '#buy', text: 'Buy' });
    expect(seen.find((t) => t.name === '$dead_click')!.properties).toMatchObject({ tag: 'p', id: 'text', selector: '#text', text: 'Plain text' });
  });

  it('stopping one click capture leaves the others working', async () => {
    stops.shift()!(); // clicks
    for (let i = 0; i < 3; i++) click('#text', 10, 10, i);
    await sleep(80);
    expect(names()).toEqual(['$rage_click', '$dead_click']);
  });
});

describe('forms, errors, scroll, page views', () => {
  it('$submit describes the form, never the values typed', () => {
    document.body.innerHTML = '<form id="f" name="checkout" action="/pay?x=1#top" method="post"><input name="email" value="ada@example.com"><button>Pay</button></form>';
    start(captureForms(emit));
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(seen).toEqual([{ type: 'track', name: '$submit', properties: expect.objectContaining({ tag: 'form', id: 'f', selector: '#f', name: 'checkout', action: '/pay', method: 'post', fields: 2 }) }]);
    expect(JSON.stringify(seen)).not.toContain('ada@example.com');
  });

  it('$error: each distinct error once, resource errors (no message) never, at most `max` per page', () => {
    start(captureErrors(emit, { max: 2 }));
    const error = (message: string) => window.dispatchEvent(new ErrorEvent('error', { message, filename: 'https://shop.example/app.js?v=3', lineno: 4, colno: 2 }));
    error('boom');
    error('boom');
    window.dispatchEvent(new ErrorEvent('error', {}));
    const rejection = new Event('unhandledrejection') as Event & { reason: unknown };
    rejection.reason = new Error('nope');
    window.dispatchEvent(rejection);
    error('third');
    expect(seen.map((t) => t.properties)).toEqual([
      { kind: 'error', message: 'boom', source: 'https://shop.example/app.js', line: 4, column: 2, stack: undefined },
      { kind: 'unhandledrejection', message: 'nope', stack: expect.stringContaining('nope') },
    ]);
  });

  it('$scroll_depth: every mark passed, once per URL, nothing on a page that fits the window', async () => {
    Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, value: 4 * innerHeight });
    start(captureScroll(emit));
    const scrollTo = async (y: number) => {
      Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
      window.dispatchEvent(new Event('scroll'));
      await sleep(40);
    };
    await scrollTo(innerHeight); // 50 %
    await scrollTo(innerHeight); // nothing new
    await scrollTo(3 * innerHeight); // 100 %
    history.pushState(null, '', '/next');
    await scrollTo(0); // a new URL starts again at 25 %
    Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, value: innerHeight });
    history.pushState(null, '', '/short');
    await scrollTo(0);
    expect(seen.map((t) => t.properties?.depth)).toEqual([25, 50, 75, 100, 25]);
    Object.defineProperty(window, 'scrollY', { configurable: true, value: 0 });
  });

  it('page views: the first load and every URL change, once each', () => {
    start(capturePageViews(emit));
    history.pushState(null, '', '/a');
    history.replaceState(null, '', '/a');
    history.replaceState(null, '', '/b');
    window.dispatchEvent(new Event('popstate'));
    history.pushState(null, '', '/b#x');
    window.dispatchEvent(new Event('hashchange'));
    expect(seen).toEqual([{ type: 'page' }, { type: 'page' }, { type: 'page' }, { type: 'page' }]);
  });
});

describe('unsubscribing', () => {
  /** Listeners, intervals and observers a capture has added and not removed. */
  function watchAdded() {
    const listeners: unknown[][] = [];
    for (const target of [window, document] as EventTarget[]) {
      const add = target.addEventListener.bind(target);
      const remove = target.removeEventListener.bind(target);
      vi.spyOn(target, 'addEventListener').mockImplementation((type, fn, o) => {
        listeners.push([target, type, fn, typeof o === 'boolean' ? o : !!o?.capture]);
        add(type, fn, o);
      });
      vi.spyOn(target, 'removeEventListener').mockImplementation((type, fn, o) => {
        const i = listeners.findIndex((l) => l[0] === target && l[1] === type && l[2] === fn && l[3] === (typeof o === 'boolean' ? o : !!o?.capture));
        if (i >= 0) listeners.splice(i, 1);
        remove(type, fn, o);
      });
    }
    const intervals = new Set<unknown>();
    const setI = globalThis.setInterval;
    const clearI = globalThis.clearInterval;
    vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms: number) => {
      const id = setI(fn, ms);
      intervals.add(id);
      return id;
    }) as typeof setInterval);
    vi.spyOn(globalThis, 'clearInterval').mockImplementation((id) => {
      intervals.delete(id);
      clearI(id);
    });
    const observing = new Set<MutationObserver>();
    const observe = MutationObserver.prototype.observe;
    const disconnect = MutationObserver.prototype.disconnect;
    vi.spyOn(MutationObserver.prototype, 'observe').mockImplementation(function (this: MutationObserver, ...a) {
      observing.add(this);
      observe.apply(this, a);
    });
    vi.spyOn(MutationObserver.prototype, 'disconnect').mockImplementation(function (this: MutationObserver) {
      observing.delete(this);
      disconnect.apply(this);
    });
    return { listeners, intervals, observing };
  }

  it.each(Object.keys(AUTOCAPTURE) as (keyof typeof AUTOCAPTURE)[])('%s removes every listener, timer, observer and history wrapper it added', async (name) => {
    const { pushState, replaceState } = history;
    const added = watchAdded();
    const stop = AUTOCAPTURE[name](emit);
    // Leave work pending: a dead click being watched, a scroll frame requested.
    click('#text');
    window.dispatchEvent(new Event('scroll'));
    expect(added.listeners.length).toBeGreaterThan(0);
    stop();
    expect(added.listeners).toEqual([]);
    expect(added.intervals.size).toBe(0);
    expect(added.observing.size).toBe(0);
    expect(history.pushState).toBe(pushState);
    expect(history.replaceState).toBe(replaceState);
    const before = seen.length;
    await sleep(1100); // a dead click's wait
    expect(seen.length).toBe(before);
  });
});
