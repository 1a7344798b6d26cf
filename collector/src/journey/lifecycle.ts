// The customer's lifecycle stage: where they are in their relationship with the business when a
// touchpoint happens, not what the page is about. Stage rules say what a touchpoint is about (its
// intent) and whether it is a milestone (`signal`); the state machine below decides the stage.
// Milestones move a customer forward; only a loss signal or a long lapse moves them back, so an
// existing customer who opens a product page stays a retained customer. README ("Lifecycle
// stages") documents every step; the table-driven tests in lifecycle.test.ts name each case.
import type { StageRule } from '../config.js';
import { STAGES, type Stage } from '../../../wire/schema.js';

export interface LifecycleOptions {
  /** Days after the purchase that made someone a customer from which they count as retained; 14 by default. */
  retentionAfterDays?: number;
  /** Days without any touchpoint after which a returning customer counts as lapsed (0 turns it off); 90 by default. */
  lapseAfterDays?: number;
}

export const DEFAULT_RETENTION_AFTER_DAYS = 14;
export const DEFAULT_LAPSE_AFTER_DAYS = 90;

export type LifecycleSignal = NonNullable<StageRule['signal']>;

/** What a touchpoint tells the lifecycle: its intent (the matched rule's stage) and milestone, if any. */
export interface Reading { intent: Stage | null; signal?: LifecycleSignal }

export interface LifecycleState {
  stage: Stage;
  /** Has completed a purchase and not been lost since. */
  customer: boolean;
  /** When the purchase that made them a customer happened (ms), and in which session. */
  purchasedAt: number | null;
  purchaseSession: string | null;
  /** The session in which onboarding was completed; retention starts in a later one. */
  onboardedSession: string | null;
  lastAt: number | null;
}

export const startLifecycle = (): LifecycleState => ({
  stage: 'awareness', customer: false, purchasedAt: null, purchaseSession: null, onboardedSession: null, lastAt: null,
});

const DAY = 86_400_000;
const PURCHASE = STAGES.indexOf('purchase');
const index = (s: Stage) => STAGES.indexOf(s);
const postPurchase = (s: Stage) => s === 'purchase' || s === 'onboarding';

/**
 * The state after one touchpoint (given in time order). `at` is ms since epoch (NaN when unknown:
 * then no time-based step applies); `sessionId` groups touchpoints into visits.
 */
export function advance(s: LifecycleState, t: { at: number; sessionId: string }, r: Reading, o: LifecycleOptions = {}): LifecycleState {
  const lapseMs = (o.lapseAfterDays ?? DEFAULT_LAPSE_AFTER_DAYS) * DAY;
  const retentionMs = (o.retentionAfterDays ?? DEFAULT_RETENTION_AFTER_DAYS) * DAY;
  // Field by field rather than a spread: this runs for every touchpoint, and a literal of one
  // shape is several times cheaper to build.
  const next: LifecycleState = {
    stage: s.stage, customer: s.customer, purchasedAt: s.purchasedAt, purchaseSession: s.purchaseSession,
    onboardedSession: s.onboardedSession, lastAt: Number.isNaN(t.at) ? s.lastAt : t.at,
  };

  // A customer back after a long silence is lapsed: a prospect again, though their account remains.
  if (s.customer && s.lastAt !== null && lapseMs > 0 && t.at - s.lastAt > lapseMs && index(s.stage) >= PURCHASE) next.stage = 'consideration';
  // Onboarding ends in retention from the next visit; without onboarding, some time after the purchase does.
  if (next.customer && postPurchase(next.stage)
    && ((next.onboardedSession !== null && t.sessionId !== next.onboardedSession) || t.at - next.purchasedAt! >= retentionMs)) next.stage = 'retention';

  const { intent, signal } = r;
  if (signal === 'lost' && intent) {
    Object.assign(next, { stage: intent, customer: false, purchasedAt: null, purchaseSession: null, onboardedSession: null });
  } else if (signal === 'purchased') {
    if (!next.customer) {
      if (index(next.stage) < PURCHASE) next.stage = 'purchase';
      Object.assign(next, { customer: true, purchasedAt: t.at, purchaseSession: t.sessionId, onboardedSession: null });
    } else if (index(next.stage) < PURCHASE || (postPurchase(next.stage) && t.sessionId !== next.purchaseSession)) {
      next.stage = 'retention'; // a repeat buyer, or a lapsed customer won back
    }
  } else if (intent && index(intent) > index(next.stage)) {
    if (intent === 'consideration' || intent === 'purchase') next.stage = intent;
    else if (intent === 'onboarding' && next.customer && next.stage === 'purchase') next.stage = 'onboarding';
    else if (intent === 'retention' && next.customer && index(next.stage) < PURCHASE) next.stage = 'retention';
    else if (intent === 'advocacy' && next.customer) next.stage = 'advocacy';
  }
  if (signal === 'onboarded' && next.customer && next.stage === 'onboarding') next.onboardedSession = t.sessionId;
  return next;
}
