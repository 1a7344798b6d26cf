import { describe, expect, it } from 'vitest';
import { classifyStages, DEFAULT_STAGE_RULES, type TimedTouchpoint } from './classify-stages.js';
import { advance, startLifecycle } from './lifecycle.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
/** A touchpoint on day `day` (fractions are hours) of visit `visit`: a path, or an event name when it has no slash. */
const tp = (day: number, visit: string, what: string): TimedTouchpoint => ({
  at: T0 + day * DAY, sessionId: visit, name: what.startsWith('/') ? null : what,
  url: what.startsWith('/') ? `https://shop.example${what}` : null, properties: null,
});
const stagesOf = (list: TimedTouchpoint[]) => classifyStages(list, DEFAULT_STAGE_RULES);

describe('the lifecycle model with the default rules', () => {
  it.each<[string, TimedTouchpoint[], string[]]>([
    ['a first visit is awareness; evaluating is consideration',
      [tp(0, 'v1', '/'), tp(0, 'v1', '/blog/tips'), tp(0, 'v1', '/products/lamp')],
      ['awareness', 'awareness', 'consideration']],
    ['the demo shop\'s first run: home, product, cart, pay, log in, onboarding, account',
      [tp(0, 'v1', '/demo/'), tp(0, 'v1', '/demo/product.html'), tp(0, 'v1', 'product_viewed'), tp(0, 'v1', 'product_added'),
        tp(0, 'v1', '/demo/cart.html'), tp(0, 'v1', 'order_completed'), tp(0, 'v1', '/demo/login.html'), tp(0, 'v1', '/demo/account/'),
        tp(0, 'v1', '/demo/account/onboarding/1'), tp(0, 'v1', 'onboarding_step_completed'), tp(0, 'v1', 'onboarding_completed'), tp(0, 'v1', '/demo/account/')],
      ['awareness', 'consideration', 'consideration', 'consideration', 'purchase', 'purchase', 'purchase', 'purchase',
        'onboarding', 'onboarding', 'onboarding', 'onboarding']],
    ['a return visit after onboarding is retention',
      [tp(0, 'v1', 'order_completed'), tp(0, 'v1', 'onboarding_completed'), tp(1, 'v2', '/demo/account/')],
      ['purchase', 'onboarding', 'retention']],
    ['an existing customer browsing products is still retained',
      [tp(0, 'v1', 'order_completed'), tp(0, 'v1', 'onboarding_completed'), tp(3, 'v2', '/account'), tp(3, 'v2', '/products/mug'), tp(3, 'v2', '/cart')],
      ['purchase', 'onboarding', 'retention', 'retention', 'retention']],
    ['a return through an email after onboarding is retention, though the email has no intent',
      [tp(0, 'v1', 'order_completed'), tp(0, 'v1', 'onboarding_step'), tp(0, 'v1', 'onboarding_completed'), tp(9, 'v2', 'email_opened')],
      ['purchase', 'onboarding', 'onboarding', 'retention']],
    ['without onboarding, retention starts retentionAfterDays after the purchase',
      [tp(0, 'v1', 'order_completed'), tp(5, 'v2', '/orders/12'), tp(14, 'v3', '/')],
      ['purchase', 'purchase', 'retention']],
    ['a cart abandoner who browses again stays in purchase',
      [tp(0, 'v1', '/products/lamp'), tp(0, 'v1', '/cart'), tp(2, 'v2', '/products/chair')],
      ['consideration', 'purchase', 'purchase']],
    ['a prospect on account or onboarding pages does not jump ahead',
      [tp(0, 'v1', '/account'), tp(0, 'v1', 'signed_up'), tp(0, 'v1', '/welcome'), tp(0, 'v1', 'review_submitted')],
      ['awareness', 'awareness', 'awareness', 'awareness']],
    ['a repeat order in a later visit makes a repeat buyer retained; in the same visit it changes nothing',
      [tp(0, 'v1', 'order_completed'), tp(0, 'v1', 'order_completed'), tp(2, 'v2', 'order_completed')],
      ['purchase', 'purchase', 'retention']],
    ['advocacy, then ordinary use, stays advocacy',
      [tp(0, 'v1', 'order_completed'), tp(20, 'v2', '/account'), tp(21, 'v3', 'review_submitted'), tp(30, 'v4', '/products/mug'), tp(31, 'v5', '/account')],
      ['purchase', 'retention', 'advocacy', 'advocacy', 'advocacy']],
    ['a lapse after 90 silent days, then a win-back order',
      [tp(0, 'v1', 'order_completed'), tp(20, 'v2', '/account'), tp(120, 'v3', '/products/lamp'), tp(120, 'v3', '/cart'), tp(120, 'v3', 'order_completed')],
      ['purchase', 'retention', 'consideration', 'purchase', 'retention']],
    ['a lapsed customer using their account again is retained again',
      [tp(0, 'v1', 'order_completed'), tp(20, 'v2', '/account'), tp(200, 'v3', '/'), tp(200, 'v3', '/account')],
      ['purchase', 'retention', 'consideration', 'retention']],
    ['a cancellation is a loss: back to consideration, and account pages no longer count as retention',
      [tp(0, 'v1', 'subscription_started'), tp(20, 'v2', '/app/projects'), tp(30, 'v3', 'subscription_cancelled'), tp(31, 'v4', '/app/projects'), tp(40, 'v5', 'subscription_started')],
      ['purchase', 'retention', 'consideration', 'consideration', 'purchase']],
    ['a SaaS site: blog, pricing, trial, subscribe, onboarding, app use, renewal, invite',
      [tp(0, 'v1', '/blog/how-to'), tp(0, 'v1', '/pricing'), tp(0, 'v1', 'trial_started'), tp(10, 'v2', 'subscription_started'), tp(10, 'v2', '/onboarding/step-1'),
        tp(12, 'v3', '/app/projects'), tp(40, 'v4', 'subscription_renewed'), tp(41, 'v5', 'invite_sent')],
      ['awareness', 'consideration', 'consideration', 'purchase', 'onboarding', 'onboarding', 'retention', 'advocacy']],
  ])('%s', (_name, touchpoints, expected) => {
    expect(stagesOf(touchpoints)).toEqual(expected);
  });

  it('takes its day counts from the options', () => {
    const list = [tp(0, 'v1', 'order_completed'), tp(3, 'v2', '/'), tp(40, 'v3', '/')];
    expect(classifyStages(list, DEFAULT_STAGE_RULES, { retentionAfterDays: 2, lapseAfterDays: 30 })).toEqual(['purchase', 'retention', 'consideration']);
    expect(classifyStages(list, DEFAULT_STAGE_RULES, { retentionAfterDays: 100, lapseAfterDays: 0 })).toEqual(['purchase', 'purchase', 'purchase']);
  });

  it('never moves a customer back without a lapse or a loss (property over random touchpoints)', () => {
    const vocabulary = ['/', '/products/x', '/cart', 'order_completed', 'onboarding_completed', '/account', 'review_submitted', '/blog', 'signed_up', 'repeat_order'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 300; run++) {
      let day = 0;
      const list = Array.from({ length: 12 }, (_, i) => tp((day += rnd() * 20), `v${i}`, vocabulary[Math.floor(rnd() * vocabulary.length)]));
      const order = ['awareness', 'consideration', 'purchase', 'onboarding', 'retention', 'advocacy'];
      const stages = classifyStages(list, DEFAULT_STAGE_RULES, { lapseAfterDays: 0 });
      stages.forEach((s, i) => { if (i) expect(order.indexOf(s)).toBeGreaterThanOrEqual(order.indexOf(stages[i - 1])); });
    }
  });

  it('is a pure step: advancing leaves the earlier state as it was', () => {
    const before = startLifecycle();
    const after = advance(before, { at: T0, sessionId: 'v1' }, { intent: 'purchase', signal: 'purchased' });
    expect(before.stage).toBe('awareness');
    expect(after).toMatchObject({ stage: 'purchase', customer: true, purchasedAt: T0 });
  });
});
