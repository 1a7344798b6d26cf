// The core's survey triggers (sdk/src/survey/triggers.ts): which touchpoints hand a survey to the
// widget, with the surveys served late. happy-dom for speed; the browser tests show the widget.
// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServedSurvey, WireEvent } from '../../wire/index.js';
import { compileTrigger } from '../../collector/src/surveys/route.js';
import { initSurveys } from '../../sdk/src/survey/triggers.js';
import { WIDGET_GLOBAL } from '../../sdk/src/survey/types.js';
import type { SurveyCore } from '../../sdk/src/survey/plugin.js';
import type { WaymarkApi } from '../../sdk/src/types.js';

const survey: ServedSurvey = {
  id: 'pricing', instrument: 'ces', question: 'How easy was it to compare plans?', sample: 1,
  ...compileTrigger({ url: '/pricing' }),
} as ServedSurvey;

const event = (type: WireEvent['type'], url: string, name?: string): WireEvent => ({
  id: `${type}-${url}`, type, name, anonymousId: 'a', sessionId: 's', timestamp: new Date().toISOString(), context: { url } as WireEvent['context'],
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete (window as any)[WIDGET_GLOBAL];
});

describe('survey triggers', () => {
  it.each([
    ['a page view on the trigger URL, routed away before the surveys arrived', event('page', 'http://localhost:3000/pricing'), 'http://localhost:3000/cart', ['page-http://localhost:3000/pricing']],
    ['a page view elsewhere, evaluated while on the trigger URL', event('page', 'http://localhost:3000/cart'), 'http://localhost:3000/pricing', []],
    ['a page view on the trigger URL with a query', event('page', 'http://localhost:3000/pricing?plan=pro'), 'http://localhost:3000/pricing?plan=pro', ['page-http://localhost:3000/pricing?plan=pro']],
    ['a tracked event on the trigger URL (the trigger names no event: page views only)', event('track', 'http://localhost:3000/pricing', 'x'), 'http://localhost:3000/pricing', []],
  ])('%s', async (_name, e, urlWhenServed, expected) => {
    let serve!: () => void;
    const served = new Promise<void>((r) => (serve = r));
    vi.stubGlobal('fetch', async () => (await served, { json: async () => ({ surveys: [survey], rules: {} }) }));
    const due: string[] = [];
    (window as any)[WIDGET_GLOBAL] = (_got: unknown, _core: unknown, _api: unknown, _s: ServedSurvey, trigger: WireEvent) => void due.push(trigger.id);
    let listener!: (e: WireEvent) => void;
    const api = { on: (_n: string, fn: (e: WireEvent) => void) => (listener = fn) } as unknown as WaymarkApi;
    const core = { json: (_k: string, d: unknown) => d, granted: () => true } as unknown as SurveyCore;
    initSurveys(api, { writeKey: 'wk', endpoint: 'https://collector.test' }, core);

    listener(e);
    history.replaceState(null, '', urlWhenServed);
    serve();
    await new Promise((r) => setTimeout(r, 10));
    expect(due).toEqual(expected);
  });
});
