// The truth's lifecycle definitions, one row per rule and edge case. Steps are (day, session, meaning).
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../wire/schema.js';
import { trueStages, type LifecycleStep } from './lifecycle.js';
import type { Meaning } from './vocabulary.js';

const DAY = 86_400_000;
const none: Meaning = { intent: null, milestone: null };
const intent = (s: Stage): Meaning => ({ intent: s, milestone: null });
const bought: Meaning = { intent: 'purchase', milestone: 'purchase' };
const onboarded: Meaning = { intent: 'onboarding', milestone: 'onboarding_completed' };
const lost: Meaning = { intent: null, milestone: 'loss' };
const step = (day: number, session: number, meaning: Meaning): LifecycleStep => ({ at: day * DAY, session, meaning });

describe('trueStages', () => {
  it.each<[string, LifecycleStep[], Stage[]]>([
    ['a first touchpoint with no intent is awareness', [step(0, 0, none)], ['awareness']],
    ['a first product page is consideration', [step(0, 0, intent('consideration'))], ['consideration']],
    ['the cart moves anyone to purchase; a blog read after it does not move back', [step(0, 0, intent('purchase')), step(1, 1, none)], ['purchase', 'purchase']],
    ['sign-up before buying is not onboarding', [step(0, 0, intent('consideration')), step(0, 0, intent('onboarding'))], ['consideration', 'consideration']],
    ['account pages before buying are not retention', [step(0, 0, intent('retention'))], ['awareness']],
    ['buying makes a customer in purchase; onboarding follows', [step(0, 0, bought), step(0, 0, intent('onboarding'))], ['purchase', 'onboarding']],
    ['retention in the session after onboarding completed', [step(0, 0, bought), step(0, 0, onboarded), step(0.01, 0, none), step(1, 1, none)], ['purchase', 'onboarding', 'onboarding', 'retention']],
    ['retention 14 days after the purchase without onboarding', [step(0, 0, bought), step(13, 1, none), step(14, 2, none)], ['purchase', 'purchase', 'retention']],
    ['a repeat purchase in a later session is retention', [step(0, 0, bought), step(2, 1, bought)], ['purchase', 'retention']],
    ['a second order in the same session changes nothing', [step(0, 0, bought), step(0, 0, bought)], ['purchase', 'purchase']],
    ['a retained customer browsing products stays retained', [step(0, 0, bought), step(20, 1, intent('consideration'))], ['purchase', 'retention']],
    ['over 90 days of silence is a lapse to consideration', [step(0, 0, bought), step(20, 1, none), step(111, 2, none)], ['purchase', 'retention', 'consideration']],
    ['a lapsed customer back on account pages is retained again', [step(0, 0, bought), step(100, 1, none), step(100, 1, intent('retention'))], ['purchase', 'consideration', 'retention']],
    ['a lapsed customer who buys is won back into retention', [step(0, 0, bought), step(100, 1, none), step(100, 1, bought)], ['purchase', 'consideration', 'retention']],
    ['non-customers do not lapse', [step(0, 0, intent('consideration')), step(200, 1, none)], ['consideration', 'consideration']],
    ['a review makes any customer an advocate, who stays one', [step(0, 0, bought), step(1, 1, intent('advocacy')), step(5, 2, intent('retention'))], ['purchase', 'advocacy', 'advocacy']],
    ['a non-customer cannot be an advocate', [step(0, 0, intent('advocacy'))], ['awareness']],
    ['cancelling is consideration and no longer a customer; buying again is purchase', [step(0, 0, bought), step(20, 1, none), step(30, 2, lost), step(30, 2, intent('retention')), step(60, 3, bought)], ['purchase', 'retention', 'consideration', 'consideration', 'purchase']],
  ])('%s', (_name, steps, want) => expect(trueStages(steps)).toEqual(want));
});
