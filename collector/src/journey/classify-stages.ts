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

export interface Glob { test(text: string): boolean }

/**
 * A glob where `*` matches anything (empty included) and every other character is literal.
 * Matching walks the literal parts with indexOf: faster than an equivalent `^.*x.*$` RegExp,
 * which backtracks, and this runs for every rule on every event.
 */
export function compileGlob(pattern: string): Glob {
  const parts = pattern.split('*');
  if (parts.length === 1) return { test: (t) => t === pattern };
  const first = parts[0], last = parts[parts.length - 1], middle = parts.slice(1, -1).filter((p) => p);
  const minLength = first.length + last.length;
  return {
    test(t) {
      if (t.length < minLength || !t.startsWith(first) || !t.endsWith(last)) return false;
      let at = first.length;
      const end = t.length - last.length;
      for (const m of middle) {
        const i = t.indexOf(m, at);
        if (i < 0 || i + m.length > end) return false;
        at = i + m.length;
      }
      return true;
    },
  };
}

const globs = new Map<string, Glob>();
/** compileGlob, cached by pattern. */
export function globFor(pattern: string): Glob {
  let g = globs.get(pattern);
  if (!g) {
    g = compileGlob(pattern);
    if (globs.size > 1000) globs.clear();
    globs.set(pattern, g);
  }
  return g;
}

export function ruleMatches(rule: StageRule, t: Classifiable): boolean {
  const w = rule.when;
  if (w.event === undefined && w.url === undefined && w.properties === undefined) return false;
  if (w.event !== undefined && w.event !== t.name) return false;
  if (w.url !== undefined && !(t.url !== null && globFor(w.url).test(t.url))) return false;
  if (w.properties) {
    for (const [k, v] of Object.entries(w.properties)) if (t.properties?.[k] !== v) return false;
  }
  return true;
}

type CompiledRule = { stage: Stage; event?: string; url?: Glob; properties?: [string, unknown][] };
interface Compiled {
  rules: CompiledRule[];
  /** Results by name and URL, when no rule looks at properties (then those two decide alone). */
  memo: Map<string, Stage | null> | null;
}
const compiled = new WeakMap<StageRule[], Compiled>();

function compile(rules: StageRule[]): Compiled {
  let c = compiled.get(rules);
  if (!c) {
    const list = rules.filter((r) => r.when.event !== undefined || r.when.url !== undefined || r.when.properties !== undefined).map((r) => ({
      stage: r.stage,
      event: r.when.event,
      url: r.when.url === undefined ? undefined : globFor(r.when.url),
      properties: r.when.properties && Object.entries(r.when.properties),
    }));
    c = { rules: list, memo: list.some((r) => r.properties) ? null : new Map() };
    compiled.set(rules, c);
  }
  return c;
}

function firstMatch(rules: CompiledRule[], t: Classifiable): Stage | null {
  next: for (const r of rules) {
    if (r.event !== undefined && r.event !== t.name) continue;
    if (r.url !== undefined && !(t.url !== null && r.url.test(t.url))) continue;
    if (r.properties) for (const [k, v] of r.properties) if (t.properties?.[k] !== v) continue next;
    return r.stage;
  }
  return null;
}

/** The stage a touchpoint's rule gives, or null when no rule matches it. */
export function matchStage(t: Classifiable, rules: StageRule[]): Stage | null {
  // Rules are compiled once per rules array, and results memoised when only name and URL matter:
  // this runs for every event, and names and URLs repeat. A rules array is treated as immutable.
  const c = compile(rules);
  if (!c.memo) return firstMatch(c.rules, t);
  const key = `${t.name ?? '\u0001'}\u0000${t.url ?? '\u0001'}`;
  let stage = c.memo.get(key);
  if (stage === undefined) {
    stage = firstMatch(c.rules, t);
    if (c.memo.size >= 50_000) c.memo.clear();
    c.memo.set(key, stage);
  }
  return stage;
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
