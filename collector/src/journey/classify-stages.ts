// What each touchpoint is about: stage rules are tried in order and the first whose every given
// condition matches wins — `event` (exact name), `url` (glob on the full URL, `*` matches
// anything, nothing else is special), `properties` (exact values). The match gives the
// touchpoint's intent and milestone; lifecycle.ts turns those into the customer's stage.
import type { StageRule } from '../config.js';
import type { Stage } from '../../../wire/schema.js';
import { advance, startLifecycle, type LifecycleOptions, type Reading } from './lifecycle.js';

export interface Classifiable {
  type?: string;
  name: string | null;
  url: string | null;
  properties?: Record<string, unknown> | null;
}

/**
 * Defaults for a typical shop or SaaS site. Each rule says what a touchpoint is about (its intent);
 * `signal` marks the milestones: a completed purchase, finished onboarding, a lost customer. The
 * lifecycle (lifecycle.ts) turns intents and milestones into the customer's stage. Event names come
 * first (they are deliberate), then URL patterns; onboarding URLs before account URLs, so
 * `/account/onboarding/1` is about onboarding.
 */
export const DEFAULT_STAGE_RULES: StageRule[] = [
  { stage: 'consideration', when: { event: 'subscription_cancelled' }, signal: 'lost' },
  { stage: 'consideration', when: { event: 'account_closed' }, signal: 'lost' },
  { stage: 'advocacy', when: { event: 'review_submitted' } },
  { stage: 'advocacy', when: { event: 'referral_sent' } },
  { stage: 'advocacy', when: { event: 'invite_sent' } },
  { stage: 'purchase', when: { event: 'order_completed' }, signal: 'purchased' },
  { stage: 'purchase', when: { event: 'subscription_started' }, signal: 'purchased' },
  { stage: 'retention', when: { event: 'repeat_order' }, signal: 'purchased' },
  { stage: 'retention', when: { event: 'subscription_renewed' }, signal: 'purchased' },
  { stage: 'onboarding', when: { event: 'onboarding_completed' }, signal: 'onboarded' },
  { stage: 'onboarding', when: { event: 'signed_up' } },
  { stage: 'onboarding', when: { event: 'account_created' } },
  { stage: 'onboarding', when: { event: 'onboarding_step' } },
  { stage: 'onboarding', when: { event: 'onboarding_step_completed' } },
  { stage: 'purchase', when: { event: 'checkout_started' } },
  { stage: 'consideration', when: { event: 'product_viewed' } },
  { stage: 'consideration', when: { event: 'product_added' } },
  { stage: 'consideration', when: { event: 'added_to_cart' } },
  { stage: 'consideration', when: { event: 'trial_started' } },
  { stage: 'consideration', when: { event: 'demo_requested' } },
  { stage: 'onboarding', when: { url: '*/onboarding*' } },
  { stage: 'onboarding', when: { url: '*/welcome*' } },
  { stage: 'onboarding', when: { url: '*/getting-started*' } },
  { stage: 'purchase', when: { url: '*/checkout*' } },
  { stage: 'purchase', when: { url: '*/cart*' } },
  { stage: 'consideration', when: { url: '*/pricing*' } },
  { stage: 'consideration', when: { url: '*/product*' } },
  { stage: 'consideration', when: { url: '*/compare*' } },
  { stage: 'consideration', when: { url: '*/features*' } },
  { stage: 'consideration', when: { url: '*/request-demo*' } },
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

type CompiledRule = { reading: Reading; event?: string; url?: Glob; properties?: [string, unknown][] };
interface Compiled {
  rules: CompiledRule[];
  /** Results by name, then URL, when no rule looks at properties (then those two decide alone). */
  memo: Map<string | null, Map<string | null, Reading>> | null;
  memoSize: number;
}
const compiled = new WeakMap<StageRule[], Compiled>();

function compile(rules: StageRule[]): Compiled {
  let c = compiled.get(rules);
  if (!c) {
    const list = rules.filter((r) => r.when.event !== undefined || r.when.url !== undefined || r.when.properties !== undefined).map((r) => ({
      reading: r.signal ? { intent: r.stage, signal: r.signal } : { intent: r.stage },
      event: r.when.event,
      url: r.when.url === undefined ? undefined : globFor(r.when.url),
      properties: r.when.properties && Object.entries(r.when.properties),
    }));
    c = { rules: list, memo: list.some((r) => r.properties) ? null : new Map(), memoSize: 0 };
    compiled.set(rules, c);
  }
  return c;
}

const NO_INTENT: Reading = Object.freeze({ intent: null });

function firstMatch(rules: CompiledRule[], t: Classifiable): Reading {
  next: for (const r of rules) {
    if (r.event !== undefined && r.event !== t.name) continue;
    if (r.url !== undefined && !(t.url !== null && r.url.test(t.url))) continue;
    if (r.properties) for (const [k, v] of r.properties) if (t.properties?.[k] !== v) continue next;
    return r.reading;
  }
  return NO_INTENT;
}

/** What the first matching rule says about a touchpoint: its intent and milestone (intent null when none matches). */
export function readTouchpoint(t: Classifiable, rules: StageRule[]): Reading {
  // Rules are compiled once per rules array, and results memoised when only name and URL matter:
  // this runs for every event, and names and URLs repeat. A rules array is treated as immutable.
  const c = compile(rules);
  if (!c.memo) return firstMatch(c.rules, t);
  // Two lookups instead of one by a joined key: joining made a new string to hash for every event.
  let byUrl = c.memo.get(t.name);
  if (!byUrl) c.memo.set(t.name, (byUrl = new Map()));
  let reading = byUrl.get(t.url);
  if (reading === undefined) {
    reading = firstMatch(c.rules, t);
    if (++c.memoSize > 50_000) { c.memo.clear(); c.memoSize = 0; }
    byUrl.set(t.url, reading);
  }
  return reading;
}

/** The stage a touchpoint is about (its intent), or null when no rule matches it. */
export const matchStage = (t: Classifiable, rules: StageRule[]): Stage | null => readTouchpoint(t, rules).intent;

export interface TimedTouchpoint extends Classifiable {
  /** ms since epoch; without it no time-based lifecycle step (lapse, retention by time) applies. */
  at?: number;
  /** The visit it belongs to; touchpoints without one count as one visit. */
  sessionId?: string;
}

/** The customer's lifecycle stage at each touchpoint, for one customer's touchpoints in time order. */
export function classifyStages(touchpoints: Iterable<TimedTouchpoint>, rules: StageRule[] = DEFAULT_STAGE_RULES, opts: LifecycleOptions = {}): Stage[] {
  let state = startLifecycle();
  const out: Stage[] = [];
  for (const t of touchpoints) {
    state = advance(state, { at: t.at ?? NaN, sessionId: t.sessionId ?? '' }, readTouchpoint(t, rules), opts);
    out.push(state.stage);
  }
  return out;
}
