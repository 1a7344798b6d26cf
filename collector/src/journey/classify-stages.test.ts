import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StageRule } from '../config.js';
import { ConfigSchema } from '../config.js';
import { compileGlob, DEFAULT_STAGE_RULES, matchStage, readTouchpoint, type Classifiable } from './classify-stages.js';

const tp = (fields: Partial<Classifiable>): Classifiable => ({ name: null, url: null, properties: null, ...fields });
const at = (path: string) => tp({ url: `https://shop.example${path}` });
const named = (name: string, properties?: Record<string, unknown>) => tp({ name, properties });

const rules: StageRule[] = [
  { stage: 'purchase', when: { event: 'order_completed' } },
  { stage: 'purchase', when: { url: '*/checkout/*' } },
  { stage: 'advocacy', when: { event: 'review_submitted', properties: { rating: 5 } } },
  { stage: 'retention', when: { event: 'review_submitted' } },
  { stage: 'consideration', when: { url: 'https://shop.example/pricing' } },
  { stage: 'onboarding', when: { url: '*/app*', properties: { firstRun: true } } },
];

describe('matchStage: what a touchpoint is about', () => {
  it.each<[string, Classifiable, string | null]>([
    ['no rule matches: no intent', at('/blog'), null],
    ['an exact event name matches', named('order_completed'), 'purchase'],
    ['an event name matches exactly, not as a prefix', named('order_completed_v2'), null],
    ['a URL glob with * matches anything there', at('/checkout/step-2?x=1'), 'purchase'],
    ['a URL pattern without * must match the whole URL', at('/pricing?plan=pro'), null],
    ['... and matches when it does', at('/pricing'), 'consideration'],
    ['the first matching rule wins', named('review_submitted', { rating: 5 }), 'advocacy'],
    ['a later rule applies when an earlier one does not match', named('review_submitted', { rating: 3 }), 'retention'],
    ['all given conditions must match (url and properties)', tp({ url: 'https://shop.example/app', properties: { firstRun: false } }), null],
    ['... url and properties together', tp({ url: 'https://shop.example/app', properties: { firstRun: true } }), 'onboarding'],
  ])('%s', (_name, touchpoint, expected) => {
    expect(matchStage(touchpoint, rules)).toBe(expected);
  });

  it.each<[string, Classifiable, string | null]>([
    ['the demo shop\'s pages are not all "request a demo" pages', at('/demo/account/'), 'retention'],
    ['onboarding URLs win over account URLs', at('/demo/account/onboarding/2'), 'onboarding'],
    ['the demo\'s add-to-cart event is consideration', named('product_added'), 'consideration'],
    ['the demo\'s onboarding steps are onboarding', named('onboarding_step_completed'), 'onboarding'],
    ['a login page is about nothing in particular', at('/demo/login.html'), null],
  ])('default rules: %s', (_name, touchpoint, expected) => {
    expect(matchStage(touchpoint, DEFAULT_STAGE_RULES)).toBe(expected);
  });

  it('gives the milestone with the intent', () => {
    expect(readTouchpoint(named('order_completed'), DEFAULT_STAGE_RULES)).toEqual({ intent: 'purchase', signal: 'purchased' });
    expect(readTouchpoint(named('subscription_cancelled'), DEFAULT_STAGE_RULES)).toEqual({ intent: 'consideration', signal: 'lost' });
    expect(readTouchpoint(at('/cart'), DEFAULT_STAGE_RULES)).toEqual({ intent: 'purchase' });
  });

  it('default rules are valid configuration', () => {
    expect(() => ConfigSchema.parse({ stages: DEFAULT_STAGE_RULES })).not.toThrow();
  });

  it('rejects an unknown milestone with the field named', () => {
    const r = ConfigSchema.safeParse({ stages: [{ stage: 'purchase', when: { event: 'x' }, signal: 'bought' }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['stages', 0, 'signal']);
  });
});

describe('compileGlob', () => {
  const reference = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  it('agrees with the equivalent regular expression (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', '.', '?'), maxLength: 8 });
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '.'), maxLength: 6 });
    fc.assert(fc.property(pattern, text, (p, t) => {
      expect(compileGlob(p).test(t)).toBe(reference(p).test(t));
    }), { numRuns: 3000 });
  });
});
