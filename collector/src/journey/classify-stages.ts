// The lifecycle stage of each touchpoint (DESIGN §8): rules are tried in order and the first
// whose every given condition matches wins — `event` (exact name), `url` (glob on the full URL,
// `*` matches anything, nothing else is special), `properties` (exact values). A touchpoint no
// rule matches stays in the customer's current stage, `awareness` before any match.
import type { StageRule } from '../config.js';
import type { Stage } from '../wire.js';

export interface Classifiable {
  type?: string;
  name: string | null;
  url: string | null;
  properties?: Record<string, unknown> | null;
}

/**
 * Defaults for a typical shop or SaaS site: event names first (they are deliberate), then URL
 * patterns. `order_completed` is the purchase; signing up or a first login is onboarding;
 * renewals and repeat use are retention; reviews, referrals and invites are advocacy.
 */
export const DEFAULT_STAGE_RULES: StageRule[] = [
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
];

const globs = new Map<string, RegExp>();
export function globToRegExp(pattern: string): RegExp {
  let re = globs.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    if (globs.size > 1000) globs.clear();
    globs.set(pattern, re);
  }
  return re;
}

export function ruleMatches(rule: StageRule, t: Classifiable): boolean {
  const w = rule.when;
  if (w.event === undefined && w.url === undefined && w.properties === undefined) return false;
  if (w.event !== undefined && w.event !== t.name) return false;
  if (w.url !== undefined && !(t.url !== null && globToRegExp(w.url).test(t.url))) return false;
  if (w.properties) {
    for (const [k, v] of Object.entries(w.properties)) if (t.properties?.[k] !== v) return false;
  }
  return true;
}

/** The stage a touchpoint's rule gives, or null when no rule matches it. */
export function matchStage(t: Classifiable, rules: StageRule[]): Stage | null {
  for (const r of rules) if (ruleMatches(r, t)) return r.stage;
  return null;
}

/** One stage per touchpoint, for touchpoints given in time order. */
export function classifyStages(touchpoints: Iterable<Classifiable>, rules: StageRule[] = DEFAULT_STAGE_RULES): Stage[] {
  let current: Stage = 'awareness';
  const out: Stage[] = [];
  for (const t of touchpoints) {
    current = matchStage(t, rules) ?? current;
    out.push(current);
  }
  return out;
}
