import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/store.js';
import { buildJourney, type JourneyOptions } from './build-journey.js';
import { toJourneyRow, type JourneyEvent } from './event.js';
import { stitchIdentities } from './stitch-identities.js';
import { DAY, ev, journeyText, T0 } from './test-events.js';
import type { Journey } from './types.js';

const journeyOf = (events: JourneyEvent[], opts: JourneyOptions = {}): Journey => {
  const customers = stitchIdentities(events);
  expect(customers).toHaveLength(1);
  return buildJourney(customers[0], opts);
};
const iso = (min: number) => new Date(T0 + min * 60_000).toISOString();
const survey = (min: number, instrument: string, score: number | null, extra: Record<string, unknown> = {}) =>
  ev(min, { type: 'survey', name: null, url: 'https://shop.example/thanks', properties: { surveyId: 'post-purchase', instrument, score, ...extra } });

describe('buildJourney', () => {
  it('records the stage timeline: a customer browsing products later stays retained', () => {
    const j = journeyOf([
      ev(0, { path: '/' }), ev(1, { path: '/pricing' }), ev(2, { name: 'order_completed', path: '/checkout/done' }),
      ev(3, { path: '/account' }), ev(60 * 24 * 30, { path: '/products/second' }), ev(60 * 24 * 30 + 1, { path: '/blog' }),
    ]);
    expect(j.stages).toEqual([
      { stage: 'awareness', enteredAt: iso(0), leftAt: iso(1) },
      { stage: 'consideration', enteredAt: iso(1), leftAt: iso(2) },
      { stage: 'purchase', enteredAt: iso(2), leftAt: iso(60 * 24 * 30) },
      { stage: 'retention', enteredAt: iso(60 * 24 * 30), leftAt: null },
    ]);
    expect(j.currentStage).toBe('retention');
    expect(j.furthestStage).toBe('retention');
    expect(j.touchpoints.map((t) => t.stage)).toEqual(['awareness', 'consideration', 'purchase', 'purchase', 'retention', 'retention']);
    expect(j.touchpoints.map((t) => t.intent)).toEqual([null, 'consideration', 'purchase', 'retention', 'consideration', null]);
  });

  it('records going back: a cancellation puts the customer back in consideration', () => {
    const j = journeyOf([
      ev(0, { name: 'order_completed', path: '/checkout' }), ev(60 * 24 * 20, { path: '/account' }),
      ev(60 * 24 * 20 + 1, { name: 'subscription_cancelled', path: '/account' }), ev(60 * 24 * 20 + 2, { path: '/account' }),
    ]);
    expect(j.stages.map((e) => `${e.stage}@${e.enteredAt === iso(0) ? 0 : (Date.parse(e.enteredAt) - T0) / 60_000}`))
      .toEqual(['purchase@0', `retention@${60 * 24 * 20}`, `consideration@${60 * 24 * 20 + 1}`]);
    expect(j.furthestStage).toBe('retention');
    expect(j.currentStage).toBe('consideration');
  });

  it('counts a rage burst once: its dead clicks and clicks on the survey widget are no pain points', () => {
    const click = (min: number, name: string, selector: string) => ev(min, { name, properties: { selector, tag: 'div' } });
    const j = journeyOf([
      ev(0, { path: '/cart' }),
      click(1, '$rage_click', 'div.price'), click(1.01, '$dead_click', 'div.price'), click(1.02, '$dead_click', 'div.price'),
      click(1.03, '$dead_click', 'div.price'), click(3, '$dead_click', 'div.price'), click(4, '$dead_click', '[data-waymark-survey] > div.waymark-survey'),
    ]);
    expect(j.painPoints.map((p) => p.kind)).toEqual(['rage_click', 'dead_click']);
    expect(j.emotion.map((e) => e.score)).toEqual([-0.6, -0.3]);
  });

  it('lets inferred emotion rise on milestones reached', () => {
    const j = journeyOf([ev(0, { path: '/cart' }), ev(1, { name: 'order_completed' }), ev(2, { name: 'onboarding_completed' })]);
    expect(j.emotion.map((e) => [e.score, e.source])).toEqual([[0.5, 'inferred'], [0.4, 'inferred']]);
  });

  it('reads as text: sessions, channels and pages in order', () => {
    const j = journeyOf([
      ev(0, { path: '/', referrer: 'https://www.google.com/' }), ev(1, { path: '/pricing' }),
      ev(120, { path: '/signup', utm: { source: 'newsletter', medium: 'email', campaign: 'trial' } }),
      ev(121, { type: 'identify', userId: 'u1', path: '/signup' }), ev(122, { name: 'order_completed', path: '/checkout' }),
    ]);
    expect(journeyText(j)).toBe('u1 | s1 organic_search /→/pricing | s2 email /signup→identify→order_completed ✔');
    expect(j.firstTouch).toEqual({ at: iso(0), channel: 'organic_search', source: null, medium: null, campaign: null });
    expect(j.sessions.map((s) => s.touchpoints)).toEqual([2, 3]);
  });

  describe('off-site touchpoints (a server-given channel)', () => {
    const away = (min: number, channel: string, name: string, extra: Partial<JourneyEvent> = {}) =>
      ev(min, { name, channel, url: null, anonymousId: '$user:u1', userId: 'u1', flags: ['server'], ...extra });
    const signedIn = (min: number, path: string, extra: Partial<JourneyEvent> = {}) => ev(min, { path, userId: 'u1', ...extra });
    it.each<[string, JourneyEvent[], string, string[]]>([
      ['a support call during a visit is its own session; the visit stays one',
        [signedIn(0, '/'), away(3, 'phone', 'support_call'), signedIn(6, '/pricing')],
        'u1 | s1 direct /→/pricing | s2 phone (off-site) support_call', ['awareness', 'awareness', 'consideration']],
      ['an order taken in a store makes a customer at its own time, and keeps its channel',
        [signedIn(0, '/products/a'), away(60 * 24, 'store', 'order_completed')],
        'u1 | s1 direct /products/a | s2 store (off-site) order_completed ✔', ['consideration', 'purchase']],
      ['an order confirmation mailed mid-visit takes the purchase stage; the visit goes on to onboarding',
        [signedIn(0, '/checkout', { name: 'order_completed', type: 'track' }), away(1, 'email', 'order_confirmation'), signedIn(5, '/welcome', { name: 'onboarding_completed', type: 'track' })],
        'u1 | s1 direct order_completed→onboarding_completed | s2 email (off-site) order_confirmation ✔', ['purchase', 'purchase', 'onboarding']],
      ['a newsletter after the onboarded visit finds the customer retained',
        [signedIn(0, '/checkout', { name: 'order_completed', type: 'track' }), signedIn(2, '/welcome', { name: 'onboarding_completed', type: 'track' }), away(60 * 24, 'email', 'newsletter_opened')],
        'u1 | s1 direct order_completed→onboarding_completed | s2 email (off-site) newsletter_opened ✔', ['purchase', 'onboarding', 'retention']],
      ['a support ticket is contact: no lapse across it (120 days without a visit, 60 after the ticket)',
        [signedIn(0, '/checkout', { name: 'order_completed', type: 'track' }), away(60 * 24 * 60, 'support', 'ticket_opened'), signedIn(60 * 24 * 120, '/products/b')],
        'u1 | s1 direct order_completed | s2 support (off-site) ticket_opened | s3 direct /products/b ✔', ['purchase', 'retention', 'retention']],
      ['without it the same customer lapses back to consideration',
        [signedIn(0, '/checkout', { name: 'order_completed', type: 'track' }), signedIn(60 * 24 * 120, '/products/b')],
        'u1 | s1 direct order_completed | s2 direct /products/b ✔', ['purchase', 'consideration']],
    ])('%s', (_name, events, text, stages) => {
      const j = journeyOf(events);
      expect(journeyText(j)).toBe(text);
      expect(j.touchpoints.map((t) => t.stage)).toEqual(stages);
      // Each touchpoint keeps its own channel; off-site ones and their sessions say so.
      for (const t of j.touchpoints) {
        const e = events.find((x) => x.id === t.id)!;
        if (e.channel) expect([t.channel, t.offSite, j.sessions.find((s) => s.id === t.sessionId)?.offSite]).toEqual([e.channel, true, true]);
        else expect(t.offSite).toBeUndefined();
      }
      expect(j.anonymousIds).not.toContain('$user:u1');
    });
  });

  it('orders by skew-corrected time, not the client clock', () => {
    // The phone's clock is an hour behind: its raw timestamps would put its event first.
    const stored = (id: string, at: number, clientTimestamp: number, path: string): StoredEvent => ({
      id, siteId: 'shop', type: 'page', name: null, anonymousId: 'a', userId: null, sessionId: 's', at, receivedAt: at,
      event: { id, type: 'page', anonymousId: 'a', sessionId: 's', timestamp: new Date(clientTimestamp).toISOString(), context: { url: `https://shop.example${path}` } },
    });
    const j = journeyOf([stored('e2', T0 + 60_000, T0 - 3_600_000, '/second'), stored('e1', T0, T0, '/first')].map(toJourneyRow));
    expect(j.touchpoints.map((t) => t.url)).toEqual(['https://shop.example/first', 'https://shop.example/second']);
  });

  it('keeps a server-sent touchpoint\'s own channel inside a web session', () => {
    const j = journeyOf([ev(0, { path: '/', referrer: 'https://www.google.com/' }), ev(1, { name: 'support_call', channel: 'support', url: null })]);
    expect(j.touchpoints.map((t) => t.channel)).toEqual(['organic_search', 'support']);
  });

  it.each<[string, JourneyEvent[], [number, 'explicit' | 'inferred'][]]>([
    ['an emotion5 answer is explicit emotion on −1..+1', [survey(0, 'emotion5', 5)], [[1, 'explicit']]],
    ['an NPS answer is normalised', [survey(0, 'nps', 0)], [[-1, 'explicit']]],
    ['a dismissed survey gives no emotion', [survey(0, 'emotion5', null, { dismissed: true })], []],
    ['a free-text answer gives no emotion', [survey(0, 'text', null, { comment: 'ok' })], []],
    ['a rage click is inferred frustration', [ev(0, { name: '$rage_click', path: '/cart' })], [[-0.6, 'inferred']]],
    ['a dead click is inferred mild frustration', [ev(0, { name: '$dead_click', path: '/cart' })], [[-0.3, 'inferred']]],
    ['a JS error is inferred frustration', [ev(0, { name: '$error', path: '/cart' })], [[-0.5, 'inferred']]],
    ['an abandoned form is inferred frustration', [ev(0, { name: '$page_leave', path: '/signup', properties: { formStarted: true } })], [[-0.4, 'inferred']]],
  ])('emotion: %s', (_name, events, expected) => {
    expect(journeyOf(events).emotion.map((p) => [p.score, p.source])).toEqual(expected);
  });

  it.each<[string, JourneyEvent[], JourneyOptions, string[]]>([
    ['rage clicks', [ev(0, { name: '$rage_click', path: '/cart', properties: { selector: 'button#pay' } })], {}, ['rage_click purchase: rage clicks on button#pay']],
    ['dead clicks', [ev(0, { name: '$dead_click', path: '/', properties: { text: 'Free shipping' } })], {}, ['dead_click awareness: dead click on Free shipping']],
    ['JS errors', [ev(0, { name: '$error', path: '/', properties: { message: 'TypeError: x is undefined' } })], {}, ['js_error awareness: TypeError: x is undefined']],
    ['form abandonment by event', [ev(0, { name: '$form_abandon', path: '/signup', properties: { form: 'signup' } })], {}, ['form_abandonment awareness: form signup left unsubmitted']],
    ['form abandonment on page leave', [ev(0, { name: '$page_leave', path: '/signup', properties: { formAbandoned: true } })], {}, ['form_abandonment awareness: a form left unsubmitted']],
    ['no form abandonment when the form was submitted', [ev(0, { name: '$page_leave', path: '/signup', properties: { formStarted: true, formSubmitted: true } })], {}, []],
    ['negative survey answers', [survey(0, 'csat', 1, { comment: 'too slow' })], {}, ['negative_survey awareness: post-purchase: csat 1 — "too slow"']],
    ['NPS detractors count as negative', [survey(0, 'nps', 6)], {}, ['negative_survey awareness: post-purchase: nps 6']],
    ['a neutral answer is no pain point', [survey(0, 'emotion5', 3)], {}, []],
    ['slow pages from web vitals (LCP over 4 s)', [ev(0, { name: '$web_vitals', path: '/products/x', properties: { name: 'LCP', value: 5200 } })], {}, ['slow_page consideration: LCP 5200 ms > 4000 ms']],
    ['slow pages from a web vitals summary', [ev(0, { name: '$web_vitals', path: '/', properties: { LCP: 1200, CLS: 0.4 } })], {}, ['slow_page awareness: CLS 0.4 > 0.25']],
    ['a fast page is no pain point', [ev(0, { name: '$web_vitals', path: '/', properties: { name: 'LCP', value: 1800 } })], {}, []],
    ['loops: A → B → A within a session', [ev(0, { path: '/cart' }), ev(1, { path: '/shipping' }), ev(2, { path: '/cart' })], {}, ['loop purchase: /cart → /shipping → /cart']],
    ['a reload is no loop', [ev(0, { path: '/a' }), ev(1, { path: '/a' }), ev(2, { path: '/b' })], {}, []],
    ['A → B in one session and A in the next is no loop', [ev(0, { path: '/a' }), ev(1, { path: '/b' }), ev(100, { path: '/a' })], {}, []],
    ['drop-off: stopped before purchase for longer than the period', [ev(0, { path: '/pricing' })], { asOf: T0 + 20 * DAY }, ['drop_off consideration: no activity for 20 days in consideration']],
    ['no drop-off within the period', [ev(0, { path: '/pricing' })], { asOf: T0 + 10 * DAY }, []],
    ['the period is configurable', [ev(0, { path: '/pricing' })], { asOf: T0 + 10 * DAY, dropOffDays: 7 }, ['drop_off consideration: no activity for 10 days in consideration']],
    ['no drop-off after a purchase', [ev(0, { name: 'order_completed', path: '/x' })], { asOf: T0 + 90 * DAY }, []],
    ['no drop-off without an asOf time', [ev(0, { path: '/pricing' })], {}, []],
  ])('pain point: %s', (_name, events, opts, expected) => {
    const j = journeyOf(events, { ...opts, asOf: opts.asOf });
    expect(j.painPoints.map((p) => `${p.kind} ${p.stage}: ${p.detail}`)).toEqual(expected);
    for (const p of j.painPoints) expect(j.touchpoints.some((t) => t.id === p.touchpointId)).toBe(true);
  });

  it('an empty customer gives an empty journey in awareness', () => {
    const j = buildJourney({ customerId: 'x', anonymousIds: ['x'], userIds: [], events: [] });
    expect(j).toMatchObject({ currentStage: 'awareness', furthestStage: 'awareness', stages: [], sessions: [], touchpoints: [], firstTouch: null });
  });
});

describe('buildJourney invariants (property)', () => {
  const paths = ['/', '/blog/a', '/pricing', '/products/1', '/cart', '/checkout', '/account', '/onboarding/1'];
  const names = ['$click', '$rage_click', 'order_completed', 'product_viewed', '$error'];
  const events = fc.array(fc.record({
    min: fc.integer({ min: 0, max: 60 * 24 * 20 }),
    device: fc.constantFrom('phone', 'laptop'),
    what: fc.oneof(fc.constantFrom(...paths), fc.constantFrom(...names)),
    identify: fc.boolean(),
  }), { minLength: 1, maxLength: 50 }).map((rows) => rows.map((r, i) => ev(r.min, {
    id: `e${String(i).padStart(3, '0')}`, anonymousId: r.device,
    ...(r.identify ? { type: 'identify' as const, userId: 'u1', url: 'https://shop.example/login' } : r.what.startsWith('/') ? { path: r.what } : { name: r.what, url: 'https://shop.example/x' }),
  })));

  it('keeps every event once, sessions apart and in order, and a gapless stage timeline', () => {
    fc.assert(fc.property(events, (es) => {
      const journeys = stitchIdentities(es).map((c) => buildJourney(c, { asOf: T0 + 30 * DAY }));
      expect(journeys.flatMap((j) => j.touchpoints.map((t) => t.id)).sort()).toEqual(es.map((e) => e.id).sort());
      for (const j of journeys) {
        j.sessions.forEach((s, i) => { if (i > 0) expect(s.start >= j.sessions[i - 1].end).toBe(true); });
        expect(j.sessions.reduce((n, s) => n + s.touchpoints, 0)).toBe(j.touchpoints.length);
        j.stages.forEach((s, i) => {
          if (i > 0) expect(s.stage).not.toBe(j.stages[i - 1].stage);
          expect(s.leftAt).toBe(i < j.stages.length - 1 ? j.stages[i + 1].enteredAt : null);
        });
        expect(j.currentStage).toBe(j.stages[j.stages.length - 1].stage);
        expect(j.touchpoints.map((t) => t.at)).toEqual(j.touchpoints.map((t) => t.at).slice().sort());
      }
    }), { numRuns: 200 });
  });
});

describe('journeys of a small population, as text', () => {
  it('shared computer, two devices, campaign change mid-visit and an anonymous browser', () => {
    const google = { referrer: 'https://www.google.com/' };
    const spring = { utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } };
    const events = [
      // Alice and Bob share the family laptop; Alice also uses her phone.
      ev(0, { anonymousId: 'laptop', path: '/', ...google }),
      ev(1, { anonymousId: 'laptop', path: '/pricing' }),
      ev(2, { anonymousId: 'laptop', type: 'identify', userId: 'alice', path: '/login' }),
      ev(3, { anonymousId: 'laptop', userId: 'alice', name: 'order_completed', path: '/checkout/done' }),
      ev(600, { anonymousId: 'laptop', path: '/products/kite' }),
      ev(601, { anonymousId: 'laptop', type: 'identify', userId: 'bob', path: '/login' }),
      ev(602, { anonymousId: 'laptop', userId: 'bob', path: '/pricing', ...spring }),
      ev(2000, { anonymousId: 'phone', path: '/account' }),
      ev(2001, { anonymousId: 'phone', type: 'identify', userId: 'alice', path: '/account' }),
      // Someone reads the blog and leaves.
      ev(50, { anonymousId: 'anon-9', path: '/blog/kites' }),
    ];
    const lines = stitchIdentities(events.reverse()).map((c) => journeyText(buildJourney(c)));
    expect(lines).toEqual([
      'alice | s1 organic_search /→/pricing→identify→order_completed | s2 direct /products/kite | s3 direct /account→identify ✔',
      'anon-9 | s1 direct /blog/kites',
      'bob | s1 direct identify | s2 email /pricing',
    ]);
  });

  it('keeps a page view\'s title and a click\'s element on the touchpoint', () => {
    const j = journeyOf([
      ev(0, { path: '/products/a1', title: 'Trail runner' }),
      ev(1, { name: '$click', properties: { tag: 'a', text: '  See\n details ', selector: 'a' } }),
      ev(2, { name: 'order_completed', properties: { text: 'not an element' } }),
    ]);
    expect(j.touchpoints.map((t) => [t.title, t.element])).toEqual([
      ['Trail runner', undefined], [undefined, { text: 'See details', role: 'link' }], [undefined, undefined],
    ]);
  });
});
