// Trigger compilation (collector) and display rules (SDK), table-driven: the SDK checks a
// touchpoint as `${type} ${name}\n${href}` against the compiled regex, then the caps.
import { describe, expect, it } from 'vitest';
import type { StageRule } from '../../collector/src/config.js';
import { compileTrigger } from '../../collector/src/surveys/route.js';
import type { SurveyDefinition } from '../../wire/index.js';
import { mayShow, shown, type Caps } from '../../sdk/src/survey/rules.js';

const tp = (type: string, name: string | undefined, href: string) => `${type} ${name}\n${href}`;
const DAY = 864e5;

describe('compileTrigger: which touchpoints arm a survey', () => {
  const stages: StageRule[] = [
    { stage: 'purchase', when: { event: 'order_completed' } },
    { stage: 'purchase', when: { url: '/checkout/*' } },
    { stage: 'purchase', when: { properties: { plan: 'pro' } } },
    { stage: 'retention', when: { event: 'login', url: '/app/*' } },
  ];
  it.each<[string, SurveyDefinition['trigger'], string, boolean]>([
    ['a named event', { event: 'order_completed' }, tp('track', 'order_completed', 'https://s.example/thanks'), true],
    ['another event', { event: 'order_completed' }, tp('track', 'order_completed_2', 'https://s.example/thanks'), false],
    ['a page view does not match an event trigger', { event: 'order_completed' }, tp('page', undefined, 'https://s.example/order_completed'), false],
    ['an event name with regex characters is literal', { event: 'a.b(c)' }, tp('track', 'aXb(c)', 'https://s.example/'), false],
    ['an event name with regex characters matches itself', { event: 'a.b(c)' }, tp('track', 'a.b(c)', 'https://s.example/'), true],
    ['a URL pattern on a page view', { url: '/pricing' }, tp('page', undefined, 'https://s.example/pricing?plan=pro#faq'), true],
    ['a URL pattern is the whole path', { url: '/pricing' }, tp('page', undefined, 'https://s.example/pricing/enterprise'), false],
    ['a wildcard', { url: '/docs/*/install' }, tp('page', 'Docs', 'https://s.example/docs/v2/install'), true],
    ['a URL pattern does not fire on clicks there', { url: '/pricing' }, tp('track', '$click', 'https://s.example/pricing'), false],
    ['a full-URL pattern', { url: 'https://s.example/*' }, tp('page', undefined, 'https://s.example/a'), true],
    ['a full-URL pattern on another host', { url: 'https://s.example/*' }, tp('page', undefined, 'https://evil.example/a'), false],
    ['event and URL together need both', { event: 'signup', url: '/welcome' }, tp('track', 'signup', 'https://s.example/home'), false],
    ['after N seconds arms on any page view', { afterSeconds: 30 }, tp('page', undefined, 'https://s.example/x'), true],
    ['exit intent arms on a page view of its URL', { exitIntent: true, url: '/cart' }, tp('page', undefined, 'https://s.example/cart'), true],
    ['a stage by its event', { stage: 'purchase' }, tp('track', 'order_completed', 'https://s.example/x'), true],
    ['a stage by its URL', { stage: 'purchase' }, tp('page', undefined, 'https://s.example/checkout/pay'), true],
    ['a stage rule with event and URL needs both', { stage: 'retention' }, tp('track', 'login', 'https://s.example/home'), false],
    ['a stage with no rules never fires', { stage: 'advocacy' }, tp('page', undefined, 'https://s.example/'), false],
    ['no condition: only survey.show()', { delaySeconds: 5 }, tp('page', undefined, 'https://s.example/'), false],
    ['an event name cannot smuggle a newline match', { event: 'x' }, tp('track', 'x\nhttps://s.example/', 'https://s.example/'), false],
  ])('%s', (_name, trigger, touchpoint, expected) => {
    expect(RegExp(compileTrigger(trigger, stages).when).test(touchpoint)).toBe(expected);
  });

  it.each<[SurveyDefinition['trigger'], number, boolean | undefined]>([
    [{ event: 'e' }, 0, undefined],
    [{ event: 'e', delaySeconds: 2.5 }, 2500, undefined],
    [{ afterSeconds: 30, delaySeconds: 1 }, 31000, undefined],
    [{ exitIntent: true, afterSeconds: 10 }, 10000, true],
  ])('waits and exit intent: %j', (trigger, wait, exit) => {
    const c = compileTrigger(trigger);
    expect([c.wait, c.exit]).toEqual([wait, exit]);
  });
});

describe('display rules', () => {
  const rules = { quietDays: 14, oncePerCustomer: true, maxPerSession: 1 };
  const now = Date.UTC(2026, 0, 31);
  const s = { id: 'nps', sample: 1 };
  it.each<[string, Partial<typeof s>, Caps, string, number, boolean]>([
    ['a first survey', {}, {}, 's1', 0.5, true],
    ['sampled out', { sample: 0.1 }, {}, 's1', 0.5, false],
    ['sampled in', { sample: 0.1 }, {}, 's1', 0.05, true],
    ['sample 0 never shows', { sample: 0 }, {}, 's1', 0, false],
    ['inside the quiet period', {}, { u: now + 1 }, 's1', 0, false],
    ['after the quiet period', {}, { u: now - 1 }, 's1', 0, true],
    ['already asked this customer', {}, { i: ['nps'] }, 's1', 0, false],
    ['asked another survey before', {}, { i: ['csat'] }, 's1', 0, true],
    ['this session had its survey', {}, { s: 's1' }, 's1', 0, false],
    ['a new session', {}, { s: 's1' }, 's2', 0, true],
  ])('%s', (_name, over, caps, sid, roll, expected) => {
    expect(mayShow({ ...s, ...over }, caps, sid, now, roll)).toBe(expected);
  });

  it.each<[string, Partial<typeof rules>, Caps, string, Caps]>([
    ['first survey', {}, {}, 's1', { u: now + 14 * DAY, i: ['nps'], s: 's1', c: 's1', n: 1 }],
    ['quiet period from the rules', { quietDays: 0 }, {}, 's1', { u: now, i: ['nps'], s: 's1', c: 's1', n: 1 }],
    ['not once per customer', { oncePerCustomer: false }, { i: ['x'] }, 's1', { u: now + 14 * DAY, i: ['x'], s: 's1', c: 's1', n: 1 }],
    ['two per session: the first leaves room', { maxPerSession: 2 }, {}, 's1', { u: now + 14 * DAY, i: ['nps'], s: undefined, c: 's1', n: 1 }],
    ['two per session: the second fills it', { maxPerSession: 2 }, { c: 's1', n: 1 }, 's1', { u: now + 14 * DAY, i: ['nps'], s: 's1', c: 's1', n: 2 }],
    ['a new session counts from zero', { maxPerSession: 2 }, { c: 's0', n: 1, s: 's0' }, 's1', { u: now + 14 * DAY, i: ['nps'], s: 's0', c: 's1', n: 1 }],
  ])('shown: %s', (_name, over, before, sid, after) => {
    expect(shown(before, 'nps', now, sid, { ...rules, ...over })).toEqual(after);
  });

  it('a survey just shown is not due again, in this session or the next, until the quiet period ends', () => {
    const caps = shown({}, 'a', now, 's1', { quietDays: 14, oncePerCustomer: false, maxPerSession: 3 });
    expect(mayShow({ id: 'b', sample: 1 }, caps, 's2', now + 13 * DAY, 0)).toBe(false);
    expect(mayShow({ id: 'b', sample: 1 }, caps, 's2', now + 14 * DAY, 0)).toBe(true);
  });
});
