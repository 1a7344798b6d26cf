// `$page_leave` carries the form-abandonment signal the journey reads (collector/src/journey/signals.ts).
// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { capturePageLeave } from '../../sdk/src/capture/page-leave.js';
import type { Touchpoint } from '../../sdk/src/capture/types.js';
import { readSignals } from '../../collector/src/journey/signals.js';

let stop = () => {};
afterEach(() => {
  stop();
  document.body.innerHTML = '';
});

function leaveAfter(act: () => void): Touchpoint {
  document.body.innerHTML = '<form id="checkout"><input name="email"></form><input id="search">';
  const seen: Touchpoint[] = [];
  stop = capturePageLeave((t) => seen.push(t));
  act();
  window.dispatchEvent(new Event('pagehide'));
  expect(seen).toHaveLength(1);
  return seen[0];
}
const type = (sel: string) => document.querySelector(sel)!.dispatchEvent(new Event('input', { bubbles: true }));

describe('$page_leave and forms', () => {
  it.each([
    ['typing into a form and leaving is an abandoned form', () => type('#checkout input'), { formStarted: true, formSubmitted: false }, true],
    ['typing into a form and submitting it is not', () => { type('#checkout input'); document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true })); }, { formStarted: true, formSubmitted: true }, false],
    ['typing outside any form says nothing about forms', () => type('#search'), {}, false],
    ['not typing at all says nothing about forms', () => {}, {}, false],
  ])('%s', (_n, act, expected, abandoned) => {
    const t = leaveAfter(act);
    expect(t.name).toBe('$page_leave');
    expect({ formStarted: t.properties?.formStarted, formSubmitted: t.properties?.formSubmitted }).toEqual({ formStarted: undefined, formSubmitted: undefined, ...expected });
    const signals = readSignals({ id: 'e', siteId: 's', type: 'track', name: t.name!, anonymousId: 'a', userId: null, sessionId: 's', at: 0, url: null, referrer: null, utm: null, channel: null, properties: t.properties as Record<string, unknown> });
    expect(signals.signals.some((s) => s.kind === 'form_abandonment')).toBe(abandoned);
  });
});
