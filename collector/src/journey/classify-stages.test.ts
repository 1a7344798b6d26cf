import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StageRule } from '../config.js';
import { ConfigSchema } from '../config.js';
import { classifyStages, compileGlob, DEFAULT_STAGE_RULES, type Classifiable } from './classify-stages.js';

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

describe('classifyStages', () => {
  it.each<[string, Classifiable[], string[]]>([
    ['nothing matched yet is awareness', [at('/'), at('/blog')], ['awareness', 'awareness']],
    ['an exact event name matches', [named('order_completed')], ['purchase']],
    ['an event name matches exactly, not as a prefix', [named('order_completed_v2')], ['awareness']],
    ['a URL glob with * matches anything there', [at('/checkout/step-2?x=1')], ['purchase']],
    ['a URL pattern without * must match the whole URL', [at('/pricing?plan=pro'), at('/pricing')], ['awareness', 'consideration']],
    ['the first matching rule wins', [named('review_submitted', { rating: 5 }), named('review_submitted', { rating: 3 })], ['advocacy', 'retention']],
    ['all given conditions must match (url and properties)', [tp({ url: 'https://shop.example/app', properties: { firstRun: false } }), tp({ url: 'https://shop.example/app', properties: { firstRun: true } })], ['awareness', 'onboarding']],
    ['an unmatched touchpoint stays in the current stage', [at('/pricing'), at('/blog'), named('order_completed'), at('/blog')], ['consideration', 'consideration', 'purchase', 'purchase']],
    ['going back is recorded, not hidden', [named('order_completed'), at('/pricing')], ['purchase', 'consideration']],
  ])('%s', (_name, touchpoints, expected) => {
    expect(classifyStages(touchpoints, rules)).toEqual(expected);
  });

  it.each<[string, Classifiable[], string[]]>([
    ['a shop: browse, product, cart, order, account, review',
      [at('/'), at('/products/red-shoes'), at('/cart'), named('order_completed'), at('/account/orders'), named('review_submitted')],
      ['awareness', 'consideration', 'purchase', 'purchase', 'retention', 'advocacy']],
    ['a SaaS site: blog, pricing, trial, subscribe, onboarding, app use, renewal, invite',
      [at('/blog/how-to'), at('/pricing'), named('trial_started'), named('subscription_started'), at('/onboarding/step-1'), at('/app/projects'), named('subscription_renewed'), named('invite_sent')],
      ['awareness', 'consideration', 'consideration', 'purchase', 'onboarding', 'retention', 'retention', 'advocacy']],
  ])('default rules fit %s', (_name, touchpoints, expected) => {
    expect(classifyStages(touchpoints, DEFAULT_STAGE_RULES)).toEqual(expected);
  });

  it('default rules are valid configuration', () => {
    expect(() => ConfigSchema.parse({ stages: DEFAULT_STAGE_RULES })).not.toThrow();
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
