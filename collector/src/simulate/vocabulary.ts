// The simulated site: a shop with accounts and subscriptions, using the default vocabulary of the
// lifecycle model. The agent picks pages and events from these lists by what it means to do, so
// each touchpoint's intent (the stage its topic belongs to) is known from the choice itself,
// never from matching URLs. The lists are written from the lifecycle definitions (README), not
// from the collector's rules.
import type { Stage } from '../../../wire/schema.js';

export const ORIGIN = 'https://shop.example';

const PRODUCTS = Array.from({ length: 30 }, (_, i) => `/products/${['trail', 'road', 'track', 'hiking', 'kids'][i % 5]}-shoe-${i + 1}`);

/** Pages by intent; `none` pages have no lifecycle topic, `unknown` ones no rule has heard of. */
export const PAGES = {
  none: ['/', '/about', '/contact', '/help/shipping', '/help/returns', '/help/sizing', '/blog/trail-vs-road', '/blog/marathon-plan',
    '/blog/winter-running', '/blog/our-story', '/blog/care-guide', '/search?q=trail', '/search?q=waterproof'],
  // Pages no default rule knows, some of which fooled the earlier page rules (a blog post about
  // reviews, a "refer a friend" explainer, a demo-day event page).
  unknown: ['/stores', '/gift-cards', '/sale', '/new-in', '/collections/trail', '/collections/winter', '/size-guide', '/careers', '/press',
    '/wishlist', '/blog/reviews-roundup', '/blog/refer-a-friend-explained', '/events/demo-day', '/sustainability'],
  consideration: [...PRODUCTS, '/pricing', '/compare', '/compare?a=trail-shoe-1&b=road-shoe-2', '/features', '/request-demo'],
  purchase: ['/cart', '/checkout', '/checkout/shipping', '/checkout/payment'],
  onboarding: ['/welcome', '/getting-started', '/onboarding/1', '/onboarding/2', '/onboarding/3', '/account/onboarding/1'],
  retention: ['/account', '/account/orders', '/account/settings', '/orders/1001', '/orders/1002', '/dashboard', '/app/projects', '/app/settings'],
} as const satisfies Record<string, readonly string[]>;

export const PRODUCT_PAGES = PRODUCTS;
export const LOGIN_PAGE = '/login';
export const CONFIRMATION_PAGE = '/checkout/confirmation';

/** Track events by intent. */
export const EVENTS = {
  consideration: ['product_viewed', 'product_added', 'added_to_cart', 'trial_started', 'demo_requested'],
  purchase: ['checkout_started'],
  /** A completed purchase: the first one makes a customer (intent purchase). */
  completed: ['order_completed', 'subscription_started', 'repeat_order', 'subscription_renewed'],
  onboarding: ['signed_up', 'account_created', 'onboarding_step', 'onboarding_step_completed', 'onboarding_completed'],
  advocacy: ['review_submitted', 'referral_sent', 'invite_sent'],
  loss: ['subscription_cancelled', 'account_closed'],
  none: ['newsletter_signup', 'search_performed', 'size_guide_opened', 'email_opened'],
} as const;

/** What an emitted touchpoint means for the lifecycle, as the agent decided it. */
export type Milestone = 'purchase' | 'loss' | 'onboarding_completed';

export interface Meaning {
  /** The stage the page or event is about; null when it is about none. */
  intent: Stage | null;
  milestone: Milestone | null;
}

export const NO_MEANING: Meaning = { intent: null, milestone: null };

/** The meaning of a page the agent chose from PAGES[category]. */
export function pageMeaning(category: keyof typeof PAGES): Meaning {
  return { intent: category === 'none' || category === 'unknown' ? null : category, milestone: null };
}

/** The meaning of a track event the agent chose from EVENTS[category]. */
export function eventMeaning(category: keyof typeof EVENTS, name: string): Meaning {
  switch (category) {
    case 'completed': return { intent: 'purchase', milestone: 'purchase' };
    case 'loss': return { intent: null, milestone: 'loss' };
    case 'onboarding': return { intent: 'onboarding', milestone: name === 'onboarding_completed' ? 'onboarding_completed' : null };
    case 'none': return NO_MEANING;
    default: return { intent: category, milestone: null };
  }
}
