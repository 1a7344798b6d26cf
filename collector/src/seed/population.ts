// Volume for benchmarks and load tests (seed/volume.ts): a fixed number of customers and events.
// Not the truth for judging reconstruction — its stages follow the page rules it was written
// against; the journey simulator (collector/src/simulate/) is that truth.
//
// A synthetic but plausible population: people arrive through several channels,
// move through the lifecycle stages over weeks on one or two devices, answer surveys, hit
// frustrations and drop off. Pure and seeded: the same options give the same events and truth.
//
// The events follow the default stage rules (journey/classify-stages.ts): each session of a
// stage shows only pages and events that those rules put in that stage (or in none), so the
// truth written here is what a correct reconstruction must recover.
import type { PainPointKind } from '../journey/types.js';
import { STAGES, type ServerEvent, type Stage, type WireEvent } from '../../../wire/schema.js';
import { arrive } from '../simulate/agent.js';
import type { Arrival } from '../simulate/emit.js';
import { seededRandom, type Random } from './random.js';

// What a real shop's pages and links would say, derived from the path so the random sequence is untouched.
const words = (s: string) => s.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
function pageTitle(path: string): string {
  if (path === '/') return 'Home — Shop';
  const parts = path.split('/').filter(Boolean).map(words);
  return `${parts.length > 1 ? `${parts[0]}: ${parts.slice(1).join(' ')}` : parts[0]} — Shop`;
}
const CLICKS = [
  { tag: 'button', text: 'Add to cart' }, { tag: 'a', text: 'See details' }, { tag: 'button', text: 'Continue' },
  { tag: 'a', text: 'Read reviews' }, { tag: 'button', text: 'Apply coupon' },
];
function clickTarget(path: string) {
  let h = 0;
  for (let i = 0; i < path.length; i++) h = (h * 31 + path.charCodeAt(i)) >>> 0;
  return CLICKS[h % CLICKS.length];
}

export interface PopulationOptions {
  customers: number;
  /** Target total; each customer's share varies with how far they get. */
  events: number;
  seed?: number;
  /** The latest possible event time (ms); default one hour ago. */
  end?: number;
  /** How far back the population starts. */
  weeks?: number;
  origin?: string;
}

/** What the generator did for one customer: what reconstruction must find. */
export interface CustomerTruth {
  customerId: string;
  anonymousIds: string[];
  userIds: string[];
  furthestStage: Stage;
  currentStage: Stage;
  sessions: number;
  events: number;
  firstChannel: string;
  firstCampaign: string | null;
  /** Pain points put in on purpose, by kind (drop-off depends on "now": see lastAt). */
  painPoints: Partial<Record<PainPointKind, number>>;
  firstAt: number;
  lastAt: number;
  /** This person used a device another customer used before (a shared computer). */
  sharedDevice: boolean;
}

export interface GeneratedCustomer {
  truth: CustomerTruth;
  /** In time order; the sender shuffles arrival. */
  events: (WireEvent | ServerEvent)[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** How far people get; most stop early, as in any real funnel. */
const FURTHEST: Record<Stage, number> = { awareness: 30, consideration: 27, purchase: 12, onboarding: 10, retention: 14, advocacy: 7 };
/** Relative event volume by furthest stage (deeper customers come back more often). */
const VOLUME: Record<Stage, number> = { awareness: 0.35, consideration: 0.75, purchase: 1.1, onboarding: 1.4, retention: 2.2, advocacy: 2.6 };
const SESSIONS: Record<Stage, [number, number]> = {
  awareness: [1, 3], consideration: [1, 4], purchase: [1, 1], onboarding: [1, 2], retention: [1, 6], advocacy: [1, 2],
};
const FIRST_CHANNEL = { direct: 22, organic_search: 26, paid_search: 15, social: 14, email: 6, referral: 17 } as const;

const BLOG = ['how-to-choose-running-shoes', 'trail-vs-road', 'marathon-training-plan', 'winter-running-tips', 'our-story', 'sustainability', 'care-guide', 'size-guide'];
const PRODUCTS = Array.from({ length: 40 }, (_, i) => `/products/shoe-${i + 1}`);

/** Pages a session in each stage visits: the rules map them to that stage, or to none. */
const PAGES: Record<Stage, string[]> = {
  awareness: ['/', '/about', ...BLOG.map((b) => `/blog/${b}`)],
  consideration: [...PRODUCTS, '/pricing', '/compare', '/features'],
  purchase: ['/cart', '/checkout', '/checkout/shipping', '/checkout/payment'],
  onboarding: ['/welcome', '/getting-started', '/onboarding/profile', '/onboarding/preferences'],
  retention: ['/account', '/account/orders', '/dashboard', ...Array.from({ length: 12 }, (_, i) => `/orders/${1000 + i}`)],
  advocacy: ['/review/new', '/refer', '/refer/invite'],
};
/** Track events the default rules put in each stage. */
const ACTIONS: Record<Stage, string[]> = {
  awareness: ['newsletter_viewed'],
  consideration: ['product_viewed', 'added_to_cart'],
  purchase: ['checkout_started'],
  onboarding: ['account_created', 'onboarding_step'],
  retention: ['repeat_order'],
  advocacy: ['review_submitted', 'referral_sent'],
};

const DEVICES = [
  { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', screen: { width: 1920, height: 1080 }, viewport: { width: 1440, height: 900 } },
  { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', screen: { width: 1512, height: 982 }, viewport: { width: 1280, height: 800 } },
  { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148', screen: { width: 390, height: 844 }, viewport: { width: 390, height: 664 } },
  { userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36', screen: { width: 412, height: 915 }, viewport: { width: 412, height: 780 } },
];

interface Device { anonymousId: string; kind: (typeof DEVICES)[number]; lastUsed: number }

/** Splits `total` into `n` positive parts, roughly even with some noise. */
function split(r: Random, total: number, n: number, min: number[]): number[] {
  const weights = Array.from({ length: n }, () => 0.6 + r.next() * 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w, i) => Math.max(min[i], Math.round((total * w) / sum)));
}

export function* population(opts: PopulationOptions): Generator<GeneratedCustomer> {
  const r = seededRandom(opts.seed ?? 1);
  const end = opts.end ?? Date.now() - HOUR;
  const start = end - (opts.weeks ?? 12) * 7 * DAY;
  const origin = opts.origin ?? 'https://shop.example';
  const meanVolume = STAGES.reduce((s, st) => s + FURTHEST[st] * VOLUME[st], 0) / STAGES.reduce((s, st) => s + FURTHEST[st], 0);
  let emitted = 0;
  /** The last identified customer's first device, which the next person may share. */
  let shareable: Device | null = null;

  for (let n = 0; n < opts.customers; n++) {
    const furthest = r.weighted(FURTHEST);
    const f = STAGES.indexOf(furthest);
    const identifies = f >= STAGES.indexOf('purchase');
    const userId = identifies ? `user-${n + 1}-${r.uuid().slice(0, 8)}` : null;
    const newDevice = (): Device => ({ anonymousId: r.uuid(), kind: r.pick(DEVICES), lastUsed: 0 });

    // Session plan: one or more sessions per stage up to the furthest one.
    const plan: Stage[] = [];
    for (let s = 0; s <= f; s++) {
      const [lo, hi] = SESSIONS[STAGES[s]];
      for (let k = r.int(lo, hi); k > 0; k--) plan.push(STAGES[s]);
    }
    const shared: boolean = identifies && shareable !== null && shareable.lastUsed < end - 20 * DAY && r.chance(0.03);
    const d1: Device = shared ? shareable! : newDevice();
    const d2 = identifies && r.chance(0.35) ? newDevice() : null;
    // On a shared device this person is signed in from the first event, or the earlier user's
    // claim would (rightly) own their anonymous events.
    const firstPurchase = shared ? 0 : plan.indexOf('purchase');

    // What is left of the event target, spread over the customers still to come, so the total lands near it.
    const perCustomer = Math.max(1, (opts.events - emitted) / (opts.customers - n));
    const budget = Math.max(plan.length, Math.round(((perCustomer * VOLUME[furthest]) / meanVolume) * (0.5 + r.next())));
    const sizes = split(r, budget, plan.length, plan.map((st, i) => (st === 'purchase' || i === firstPurchase ? 5 : 1)));

    // Times: gaps of 45 min to 6 days between sessions, squeezed to fit before `end`.
    const gaps = plan.map(() => 45 * MIN + r.next() * 6 * DAY);
    const durations = sizes.map((s) => s * 95_000 + 5 * MIN);
    let span = gaps.slice(1).reduce((a, b) => a + b, 0) + durations.reduce((a, b) => a + b, 0);
    const earliest = shared ? d1.lastUsed + DAY : start;
    if (span > end - earliest) {
      const room = Math.max(0, end - earliest - durations.reduce((a, b) => a + b, 0) - plan.length * 45 * MIN);
      const extra = gaps.slice(1).reduce((a, b) => a + b - 45 * MIN, 0);
      for (let i = 1; i < gaps.length; i++) gaps[i] = 45 * MIN + (extra > 0 ? ((gaps[i] - 45 * MIN) * room) / extra : 0);
      span = gaps.slice(1).reduce((a, b) => a + b, 0) + durations.reduce((a, b) => a + b, 0);
    }
    let t = Math.max(earliest, earliest + r.next() * Math.max(0, end - earliest - span));

    const events: (WireEvent | ServerEvent)[] = [];
    const truth: CustomerTruth = {
      customerId: userId ?? d1.anonymousId, anonymousIds: [], userIds: userId ? [userId] : [],
      furthestStage: furthest, currentStage: furthest, sessions: 0, events: 0, firstChannel: '', firstCampaign: null,
      painPoints: {}, firstAt: 0, lastAt: 0, sharedDevice: shared,
    };
    const pain = (k: PainPointKind) => (truth.painPoints[k] = (truth.painPoints[k] ?? 0) + 1);
    let identified = false;

    plan.forEach((stage, si) => {
      if (si > 0) t += gaps[si];
      const device = identified && d2 && r.chance(0.5) ? d2 : d1;
      const week = Math.floor((t - start) / (7 * DAY));
      const sessionId = r.uuid();
      const emit = (e: Omit<WireEvent, 'id' | 'anonymousId' | 'sessionId' | 'timestamp' | 'context'> & { url?: string; referrer?: string; utm?: Arrival['utm'] }) => {
        const { url, referrer, utm, ...rest } = e;
        const path = url ? url.slice(origin.length).split('?')[0] || '/' : undefined;
        const withUser = identified || rest.type === 'identify';
        events.push({
          id: r.uuid(), anonymousId: device.anonymousId, sessionId, timestamp: new Date(t).toISOString(),
          ...(withUser && userId ? { userId } : {}), ...rest,
          context: url
            ? { url, path, title: pageTitle(path ?? "/"), referrer: referrer ?? '', ...(utm ? { utm } : {}), locale: 'en-GB', ...device.kind, sdk: { name: 'waymark', version: '0.1.0' } }
            : {},
        } as WireEvent);
        t += 10_000 + Math.floor(r.next() * 80_000);
      };

      // Retention sessions sometimes start with a newsletter the server saw opened: its own
      // off-site touchpoint (channel email), sent as a server sends it (the user's id, no device,
      // session or page), and, with new campaign tags on the click, a new session.
      let channel: string;
      if (si === 0) channel = r.weighted(FIRST_CHANNEL);
      else if (stage === 'retention' && identified && r.chance(0.3)) {
        events.push({ id: r.uuid(), type: 'track', name: 'email_opened', userId: userId!, channel: 'email', timestamp: new Date(t).toISOString(), properties: { campaign: `weekly-${week}` } });
        t += 10_000 + Math.floor(r.next() * 80_000);
        truth.sessions++;
        t += 2 * MIN;
        channel = 'email';
      } else channel = r.weighted({ direct: 45, organic_search: 25, email: identified ? 15 : 0, social: 8, referral: 7 });
      const a = arrive(r, channel, `weekly-${week}`);
      truth.sessions++;
      if (si === 0) { truth.firstChannel = a.channel; truth.firstCampaign = a.utm?.campaign ?? null; }

      const pool = [...PAGES[stage]];
      const visited: string[] = [];
      let page = '';
      const goTo = (path: string, first = false) => {
        const url = `${origin}${path}${first && a.utm ? `?utm_source=${a.utm.source}&utm_medium=${a.utm.medium}&utm_campaign=${a.utm.campaign}` : ''}`;
        emit({ type: 'page', url, referrer: first ? a.referrer : `${origin}${page || '/'}`, ...(first && a.utm ? { utm: a.utm } : {}) });
        page = path;
        visited.push(path);
      };
      const nextPage = () => {
        // Pages are not revisited within a session, so the only loops are the ones put in below.
        const i = Math.floor(r.next() * pool.length);
        return pool.splice(i, 1)[0];
      };
      const here = () => `${origin}${page}`;

      let left = sizes[si];
      if (stage === 'purchase' || si === firstPurchase) {
        // Signing in first thing (shared device) carries the visit's referrer and tags, as the SDK would.
        const signIn = (first = false) => {
          emit({ type: 'identify', url: here(), ...(first ? { referrer: a.referrer, ...(a.utm ? { utm: a.utm } : {}) } : {}), traits: { email: `${userId}@example.com`, plan: r.pick(['basic', 'plus']) } });
          identified = true;
        };
        if (shared && !identified) signIn(true);
        if (stage === 'purchase') {
          // /cart opens and /checkout closes the visit; neither may come up in between.
          goTo('/cart', true);
          pool.splice(pool.indexOf('/cart'), 1);
          pool.splice(pool.indexOf('/checkout'), 1);
        } else goTo(nextPage(), true);
        if (!identified && userId) signIn();
        left -= 2;
      } else {
        goTo(stage === 'awareness' && si === 0 ? r.pick(['/', ...BLOG.map((b) => `/blog/${b}`)]) : nextPage(), true);
        pool.splice(pool.indexOf(page), pool.indexOf(page) >= 0 ? 1 : 0);
        left -= 1;
      }
      if (identified && d2 && device === d2 && !truth.anonymousIds.includes(d2.anonymousId)) {
        // A second device: signing in there is its first claim.
        emit({ type: 'identify', url: here(), traits: { email: `${userId}@example.com` } });
        truth.anonymousIds.push(d2.anonymousId);
        left--;
      }
      if (!truth.anonymousIds.includes(device.anonymousId)) truth.anonymousIds.push(device.anonymousId);

      const finishing = stage === 'purchase' ? 3 : 0;
      while (left > finishing) {
        const roll = r.next();
        if (roll < 0.3 && pool.length && !(stage === 'purchase' && pool.length <= 1)) goTo(nextPage());
        else if (roll < 0.5) emit({ type: 'track', name: r.pick(ACTIONS[stage]), url: here(), properties: { item: page } });
        else if (roll < 0.8) emit({ type: 'track', name: '$click', url: here(), properties: { element: 'a.nav', tag: clickTarget(page).tag, text: clickTarget(page).text } });
        else emit({ type: 'track', name: '$scroll_depth', url: here(), properties: { depth: r.pick([25, 50, 75, 100]) } });
        left--;
      }
      if (stage === 'purchase') {
        goTo('/checkout');
        emit({ type: 'track', name: 'checkout_started', url: here() });
        emit({ type: 'track', name: 'order_completed', url: here(), properties: { orderId: r.uuid().slice(0, 8), total: r.int(40, 240) } });
      }

      // Frustration and feedback, each a small chance per session.
      if (r.chance(0.05)) { emit({ type: 'track', name: '$rage_click', url: here(), properties: { selector: 'button.add-to-cart', count: r.int(3, 7) } }); pain('rage_click'); }
      if (r.chance(0.05)) { emit({ type: 'track', name: '$dead_click', url: here(), properties: { selector: 'img.hero' } }); pain('dead_click'); }
      if (r.chance(0.03)) { emit({ type: 'track', name: '$error', url: here(), properties: { message: "TypeError: Cannot read properties of undefined (reading 'price')" } }); pain('js_error'); }
      if (r.chance(0.04)) { emit({ type: 'track', name: '$web_vitals', url: here(), properties: { name: 'LCP', value: r.int(4200, 9000) } }); pain('slow_page'); }
      if (r.chance(0.02)) { emit({ type: 'track', name: 'form_abandoned', url: here(), properties: { form: 'newsletter-signup' } }); pain('form_abandonment'); }
      if (visited.length >= 2 && r.chance(0.05)) {
        // Back-tracking: A → B → A.
        const back = visited[visited.length - 2];
        emit({ type: 'page', url: `${origin}${back}`, referrer: here() });
        page = back;
        pain('loop');
      }
      if ((stage === 'purchase' && r.chance(0.5)) || (stage !== 'awareness' && r.chance(0.08))) {
        const score = r.weighted({ 1: 1, 2: 2, 3: 3, 4: 5, 5: 4 } as Record<string, number>);
        const labels = ['very unhappy', 'unhappy', 'neutral', 'happy', 'very happy'];
        emit({
          type: 'survey', url: here(),
          properties: { surveyId: stage === 'purchase' ? 'post-purchase' : 'pulse', instrument: 'emotion5', score: Number(score), label: labels[Number(score) - 1], trigger: { eventId: null, name: stage === 'purchase' ? 'order_completed' : null } },
        });
        if (Number(score) <= 2) pain('negative_survey');
      }
      device.lastUsed = t;
    });

    truth.events = events.length;
    emitted += events.length;
    truth.firstAt = Date.parse(events[0].timestamp);
    truth.lastAt = Date.parse(events[events.length - 1].timestamp);
    if (identifies && !shared) shareable = d1;
    else if (shared) shareable = null;
    yield { truth, events };
  }
}
