// Readable labels and folded visits: what the map and the customer page call each touchpoint.
import { describe, expect, it } from 'vitest';
import { elementOf } from '../../collector/src/journey/touchpoint-detail.js';
import { journeyMap } from '../../collector/src/journey/journey-map.js';
import type { Journey, PainPoint, Touchpoint } from '../../collector/src/journey/types.js';
import { wrapText } from '../../collector/src/ui/charts/wrap-text.js';
import { channelLabel, humanise, makeLabels, painLabel } from '../../collector/src/ui/labels.js';
import { foldVisits } from '../../collector/src/ui/visits.js';

describe('humanise', () => {
  it.each([
    ['order_completed', 'Order completed'],
    ['onboarding_step_completed', 'Onboarding step completed'],
    ['orderCompleted', 'Order completed'],
    ['$page_leave', 'Page leave'],
    ['checkout-started', 'Checkout started'],
    ['', ''],
  ])('%s → %s', (raw, want) => expect(humanise(raw)).toBe(want));
});

describe('channel and pain labels', () => {
  it.each([
    ['organic_search', 'Organic search'], ['paid_search', 'Paid search'], ['direct', 'Direct'],
    ['support', 'Support'], ['partner_newsletter', 'Partner newsletter'],
  ])('channel %s → %s', (raw, want) => expect(channelLabel(raw)).toBe(want));
  it.each([['rage_click', 'Rage clicks'], ['negative_survey', 'Unhappy survey answers'], ['new_kind', 'New kind']])(
    'pain %s → %s', (raw, want) => expect(painLabel(raw)).toBe(want));
});

describe('elementOf', () => {
  it.each([
    ['a button with text', '$click', { tag: 'button', text: 'Add to cart' }, { text: 'Add to cart', role: 'button' }],
    ['a link by its tag', '$click', { tag: 'a', text: 'Pricing' }, { text: 'Pricing', role: 'link' }],
    ['an explicit role wins over the tag', '$rage_click', { tag: 'div', role: 'tab', text: 'Reviews' }, { text: 'Reviews', role: 'tab' }],
    ['whitespace is collapsed', '$dead_click', { tag: 'span', text: '  Free\n  shipping ' }, { text: 'Free shipping', role: 'span' }],
    ['a masked element has only its tag', '$click', { tag: 'button', selector: '#x' }, { text: null, role: 'button' }],
    ['not a click event', 'order_completed', { tag: 'button', text: 'x' }, null],
    ['no properties', '$click', null, null],
  ])('%s', (_, name, props, want) => expect(elementOf(name, props as Record<string, unknown> | null)).toEqual(want));
});

describe('makeLabels', () => {
  const labels = makeLabels({ events: { order_completed: 'Placed an order' }, pages: { '/': 'Home page' } });
  it.each([
    ['order_completed', 'Placed an order'],
    ['signup_started', 'Signup started'],
    ['$click · button · Add to cart', 'Click button “Add to cart”'],
    ['$rage_click · link · Next · page', 'Rage click link “Next · page”'],
    ['$click · element · ', 'Click'],
    ['survey answered', 'Survey answered'],
  ])('action %s → %s', (key, want) => expect(labels.action(key)).toBe(want));

  it('names a page by its configured label, then its title, then its path', () => {
    expect(labels.page('/', 'Shoes & more')).toBe('Home page');
    expect(labels.page('/products/shoe-30', 'Trail runner 30')).toBe('Trail runner 30');
    expect(labels.page('/about', null)).toBe('/about');
  });

  it('says what a touchpoint was in words', () => {
    const tp = (over: Partial<Touchpoint>) => ({ type: 'track', name: null, url: null, channel: 'direct', ...over }) as Touchpoint;
    expect(labels.touchpoint(tp({ type: 'page', url: 'https://shop.example/products/shoe-30?x=1', title: 'Trail runner 30' }))).toBe('Viewed “Trail runner 30”');
    expect(labels.touchpoint(tp({ type: 'page', url: 'https://shop.example/' }))).toBe('Viewed “Home page”');
    expect(labels.touchpoint(tp({ name: '$click', element: { text: 'Add to cart', role: 'button' } }))).toBe('Click button “Add to cart”');
    expect(labels.touchpoint(tp({ name: 'order_completed' }))).toBe('Placed an order');
    expect(labels.touchpoint(tp({ name: 'ticket_opened', offSite: true, channel: 'support' }))).toBe('Support: Ticket opened');
    expect(labels.offSite('support: ticket_opened')).toBe('Support: Ticket opened');
  });
});

describe('foldVisits', () => {
  let n = 0;
  const tp = (sessionId: string, type: string, name: string | null = null, over: Partial<Touchpoint> = {}): Touchpoint =>
    ({ id: `t${n++}`, at: '2026-01-01T00:00:00Z', type, name, url: type === 'page' ? 'https://s/x' : null, stage: 'awareness', channel: 'direct', sessionId, ...over });
  const dump = (ts: Touchpoint[]) => foldVisits(ts).map((v) =>
    `${v.page ? 'page' : '-'} [${v.actions.map((a) => a.name ?? a.type).join(',')}] {${v.folded.map((f) => `${f.name}×${f.count}`).join(',')}}`);

  it('folds scroll, leave and vitals into the page visit they happened on', () => {
    expect(dump([
      tp('s1', 'page'), tp('s1', 'track', '$scroll_depth'), tp('s1', 'track', '$click'), tp('s1', 'track', '$scroll_depth'), tp('s1', 'track', '$page_leave'),
      tp('s1', 'page'), tp('s1', 'track', '$web_vitals'), tp('s1', 'track', 'order_completed'),
    ])).toEqual([
      'page [$click] {$scroll_depth×2,$page_leave×1}',
      'page [order_completed] {$web_vitals×1}',
    ]);
  });

  it('starts a new visit with a new session, even without a page view', () => {
    expect(dump([tp('s1', 'page'), tp('s1', 'track', 'a'), tp('s2', 'track', 'ticket_opened', { offSite: true }), tp('s2', 'track', 'email_opened', { offSite: true }), tp('s3', 'track', '$page_leave')]))
      .toEqual(['page [a] {}', '- [ticket_opened,email_opened] {}', '- [] {$page_leave×1}']);
  });

  it('loses no touchpoint: every one is a page, an action or counted in a fold', () => {
    const names = ['$scroll_depth', '$click', '$page_leave', 'x', '$web_vitals'];
    const ts = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? tp(`s${i % 3}`, 'page') : tp(`s${Math.floor(i / 50)}`, 'track', names[i % names.length])));
    const visits = foldVisits(ts);
    const total = visits.reduce((a, v) => a + (v.page ? 1 : 0) + v.actions.length + v.folded.reduce((b, f) => b + f.count, 0), 0);
    expect(total).toBe(ts.length);
  });
});

describe('wrapText (the SVG export never cuts text)', () => {
  it.each([
    ['short', 10, ['short']],
    ['onboarding step completed (12)', 12, ['onboarding', 'step', 'completed', '(12)']],
    ['a b c d e f', 5, ['a b c', 'd e f']],
    ['onboarding_step_completed', 10, ['onboarding', '_step_comp', 'leted']],
    ['', 5, ['']],
  ])('%s at %i', (text, max, want) => {
    const lines = wrapText(text as string, max as number);
    expect(lines).toEqual(want);
    expect(lines.join('').replace(/\s/g, '')).toBe((text as string).replace(/\s/g, ''));
  });
});

describe('the journey map keeps what makes touchpoints readable', () => {
  const j = (id: string, touchpoints: Partial<Touchpoint>[], pains: string[] = []): Journey => ({
    customerId: id, anonymousIds: [id], userIds: [], currentStage: 'consideration', furthestStage: 'consideration',
    stages: [{ stage: 'consideration', enteredAt: '2026-01-01T00:00:00.000Z', leftAt: null }], sessions: [],
    touchpoints: touchpoints.map((t, i) => ({ id: `${id}-${i}`, at: '2026-01-01T00:00:00.000Z', type: 'track', name: null, url: null, stage: 'consideration', channel: 'direct', sessionId: 's', ...t })),
    emotion: [], painPoints: pains.map((kind) => ({ kind: kind as PainPoint['kind'], at: '2026-01-01T00:00:00.000Z', stage: 'consideration', touchpointId: null, detail: '' })),
  });
  const page = { type: 'page', url: 'https://s/products/a1', title: 'Trail runner' };
  const click = (text: string) => ({ name: '$click', element: { text, role: 'button' } });
  const stage = journeyMap([
    j('a', [page, click('Add to cart'), click('Add to cart')], ['rage_click', 'rage_click', 'rage_click']),
    j('b', [page, click('Reviews')], ['rage_click']),
    j('c', [{ type: 'page', url: 'https://s/about' }]),
  ]).stages.find((s) => s.stage === 'consideration')!;

  it('counts clicks per element, gives pages their titles, and counts customers (not occurrences) per pain point', () => {
    expect(stage.actions).toEqual([{ key: '$click · button · Add to cart', count: 2 }, { key: '$click · button · Reviews', count: 1 }]);
    expect(stage.pageTitles).toEqual({ '/products/a1': 'Trail runner' });
    expect(stage.painPoints).toEqual([{ key: 'rage_click', count: 4 }]);
    expect(stage.painCustomers).toEqual([{ key: 'rage_click', count: 2 }]);
  });
});
