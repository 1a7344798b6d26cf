// The page classifier Waymark had before the lifecycle model, frozen here so the evaluation can
// keep saying how much better (or worse) the current model is: rules tried in order, the first
// match gives the touchpoint's stage, a touchpoint no rule matches keeps the stage so far.
import type { StageRule } from '../config.js';
import { matchStage } from '../journey/classify-stages.js';
import type { Stage } from '../../../wire/schema.js';

export const PREVIOUS_RULES: StageRule[] = Object.freeze([
  { stage: 'advocacy', when: { event: 'review_submitted' } },
  { stage: 'advocacy', when: { event: 'referral_sent' } },
  { stage: 'advocacy', when: { event: 'invite_sent' } },
  { stage: 'retention', when: { event: 'subscription_renewed' } },
  { stage: 'retention', when: { event: 'repeat_order' } },
  { stage: 'onboarding', when: { event: 'signed_up' } },
  { stage: 'onboarding', when: { event: 'account_created' } },
  { stage: 'onboarding', when: { event: 'onboarding_step' } },
  { stage: 'onboarding', when: { event: 'onboarding_completed' } },
  { stage: 'purchase', when: { event: 'order_completed' } },
  { stage: 'purchase', when: { event: 'subscription_started' } },
  { stage: 'purchase', when: { event: 'checkout_started' } },
  { stage: 'consideration', when: { event: 'product_viewed' } },
  { stage: 'consideration', when: { event: 'added_to_cart' } },
  { stage: 'consideration', when: { event: 'trial_started' } },
  { stage: 'consideration', when: { event: 'demo_requested' } },
  { stage: 'advocacy', when: { url: '*/refer*' } },
  { stage: 'advocacy', when: { url: '*/review*' } },
  { stage: 'onboarding', when: { url: '*/onboarding*' } },
  { stage: 'onboarding', when: { url: '*/welcome*' } },
  { stage: 'onboarding', when: { url: '*/getting-started*' } },
  { stage: 'purchase', when: { url: '*/checkout*' } },
  { stage: 'purchase', when: { url: '*/cart*' } },
  { stage: 'consideration', when: { url: '*/pricing*' } },
  { stage: 'consideration', when: { url: '*/product*' } },
  { stage: 'consideration', when: { url: '*/compare*' } },
  { stage: 'consideration', when: { url: '*/features*' } },
  { stage: 'consideration', when: { url: '*/demo*' } },
  { stage: 'retention', when: { url: '*/account*' } },
  { stage: 'retention', when: { url: '*/app/*' } },
  { stage: 'retention', when: { url: '*/dashboard*' } },
  { stage: 'retention', when: { url: '*/orders*' } },
].map((r) => Object.freeze(r))) as StageRule[];

/** The previous classifier's stage for each of one customer's touchpoints, given in time order. */
export function previousStages(touchpoints: Iterable<{ name: string | null; url: string | null }>): Stage[] {
  let current: Stage = 'awareness';
  const out: Stage[] = [];
  for (const t of touchpoints) {
    current = matchStage(t, PREVIOUS_RULES) ?? current;
    out.push(current);
  }
  return out;
}
