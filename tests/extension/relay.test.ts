// @vitest-environment happy-dom
// The content script's relay: switch the SDK's debug channel on, pass on only what the SDK posts.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugMessage } from '../../wire/index.js';
import { isDebugMessage } from '../../extension/src/lib/messages.js';
import { startRelay, switchDebugOn, SYNC_RELAY_EVENT } from '../../extension/src/lib/relay.js';

const touchpoint = { source: 'waymark-sdk', kind: 'touchpoint', event: { id: 'e1', type: 'page' } };
const status = { source: 'waymark-sdk', kind: 'status', ids: ['e1'], status: 'accepted' };

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function post(data: unknown, init: { origin?: string; source?: unknown } = {}) {
  window.dispatchEvent(new MessageEvent('message', { data, origin: init.origin ?? window.location.origin, source: (init.source ?? window) as Window }));
}

describe('relay', () => {
  it('sets the flag the SDK reads on <html>', () => {
    document.documentElement.removeAttribute('data-waymark-debug');
    switchDebugOn(document);
    expect(document.documentElement.hasAttribute('data-waymark-debug')).toBe(true);
  });

  it('passes on the SDK\'s touchpoints and statuses, in order', () => {
    const got: DebugMessage[] = [];
    stop = startRelay(window, (m) => got.push(m));
    post(touchpoint);
    post(status);
    expect(got).toEqual([touchpoint, status]);
  });

  it.each<[string, unknown, { origin?: string; source?: unknown }]>([
    ['another origin', touchpoint, { origin: 'https://evil.example' }],
    ['another window (a frame)', touchpoint, { source: {} }],
    ['another library', { source: 'react-devtools', kind: 'touchpoint', event: { id: 'x' } }, {}],
    ['a malformed touchpoint', { source: 'waymark-sdk', kind: 'touchpoint' }, {}],
    ['a malformed status', { source: 'waymark-sdk', kind: 'status', ids: 'e1', status: 'sent' }, {}],
    ['a string', 'waymark-sdk', {}],
  ])('ignores a message from %s', (_, data, init) => {
    const got: unknown[] = [];
    stop = startRelay(window, (m) => got.push(m));
    post(data, init);
    expect(got).toEqual([]);
  });

  it('relays a message at once from the page-world event, and skips its later asynchronous copy', () => {
    const got: unknown[] = [];
    stop = startRelay(window, (m) => got.push(m));
    document.dispatchEvent(new CustomEvent(SYNC_RELAY_EVENT, { detail: JSON.stringify(status) }));
    expect(got).toEqual([status]);
    post(status);
    expect(got).toEqual([status]);
    // The same status posted again later (a retry) is a new message and is relayed.
    post(status);
    expect(got).toEqual([status, status]);
  });

  it.each([['not JSON', '{'], ['another library', JSON.stringify({ source: 'x' })], ['an object detail', { source: 'waymark-sdk' }]])(
    'ignores a page-world event with %s', (_, detail) => {
      const got: unknown[] = [];
      stop = startRelay(window, (m) => got.push(m));
      document.dispatchEvent(new CustomEvent(SYNC_RELAY_EVENT, { detail }));
      expect(got).toEqual([]);
    });

  it('stops relaying once stopped', () => {
    const got: unknown[] = [];
    startRelay(window, (m) => got.push(m))();
    post(touchpoint);
    expect(got).toEqual([]);
  });

  it.each([[touchpoint, true], [status, true], [null, false], [{ source: 'waymark-sdk', kind: 'other' }, false]])('isDebugMessage(%j) is %s', (m, ok) => {
    expect(isDebugMessage(m)).toBe(ok);
  });
});
