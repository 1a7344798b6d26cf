// The truth: where a person is in their relationship with the business at each of their events,
// from what the agent did (a purchase it completed, an onboarding it finished, a cancellation)
// and what each page or event was about, following the lifecycle definitions (collector README,
// "Lifecycle model"). Written from those definitions alone: it never looks at URLs or event names.
import { STAGES, type Stage } from '../../../wire/schema.js';
import type { Meaning } from './vocabulary.js';

export const LAPSE_AFTER_DAYS = 90;
export const RETENTION_AFTER_DAYS = 14;
const DAY = 86_400_000;
const rank = (s: Stage) => STAGES.indexOf(s);
const PURCHASE = rank('purchase');

export interface LifecycleStep {
  at: number;
  /** The person's true session number. */
  session: number;
  meaning: Meaning;
}

/** The true stage at each step, given in time order. */
export function trueStages(steps: readonly LifecycleStep[]): Stage[] {
  let stage: Stage = 'awareness';
  let customer = false;
  let purchasedAt = 0;
  let purchaseSession = -1;
  let onboardedSession: number | null = null;
  let last: number | null = null;
  const out: Stage[] = [];
  for (const { at, session, meaning } of steps) {
    // A customer back after a long silence is lapsed: considering again, still with an account.
    if (customer && last !== null && at - last > LAPSE_AFTER_DAYS * DAY) stage = 'consideration';
    // A new customer settles into retention after onboarding's session, or two weeks after buying.
    if (customer && (stage === 'purchase' || stage === 'onboarding')
      && ((onboardedSession !== null && session > onboardedSession) || at - purchasedAt >= RETENTION_AFTER_DAYS * DAY)) stage = 'retention';

    if (meaning.milestone === 'loss') {
      stage = 'consideration';
      customer = false;
    } else if (meaning.milestone === 'purchase') {
      if (!customer) {
        stage = 'purchase';
        customer = true;
        purchasedAt = at;
        purchaseSession = session;
        onboardedSession = null;
      } else if (stage === 'purchase' || stage === 'onboarding') {
        if (session !== purchaseSession) stage = 'retention'; // a repeat buyer
      } else if (rank(stage) < PURCHASE) stage = 'retention'; // a lapsed customer won back
    } else if (meaning.intent) {
      const intent = meaning.intent;
      if (intent === 'consideration' || intent === 'purchase') { if (rank(intent) > rank(stage)) stage = intent; }
      else if (intent === 'onboarding') { if (customer && stage === 'purchase') stage = 'onboarding'; }
      else if (intent === 'retention') { if (customer && rank(stage) < PURCHASE) stage = 'retention'; }
      else if (intent === 'advocacy') { if (customer) stage = 'advocacy'; }
    }
    if (meaning.milestone === 'onboarding_completed' && customer) onboardedSession = session;
    last = at;
    out.push(stage);
  }
  return out;
}
