// One simulated person: an agent that decides, visit by visit, what to do next with its own
// probabilities — arrives through a channel, reads, evaluates products, buys or abandons the cart,
// onboards or not, comes back days later (by email, search, ...), uses its account, buys again,
// reviews and refers, goes quiet for months, cancels and sometimes comes back. What it decided is
// recorded beside each event (vocabulary.ts `Meaning`); the truth is derived from that alone.
import { seededRandom, type Random } from '../seed/random.js';
import { newDevice, resetDevice, type Device } from './devices.js';
import type { Persuasion } from './persuasion.js';
import { openVisit, type Arrival, type Emitted, type VisitWriter } from './emit.js';
import { click, frustrations, leavePage, NOISE, scroll, surveyWidgetClick, type Observation } from './noise.js';
import { afterVisit, goOn, NO_PROPENSITY, quit, surveyPosition, type Propensity } from './propensity.js';
import { CONFIRMATION_PAGE, EVENTS, eventMeaning, LOGIN_PAGE, NO_MEANING, PAGES, pageMeaning, PRODUCT_PAGES } from './vocabulary.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** What the person came to do in a visit; it may change within the visit (a reader starts evaluating). */
type Mode = 'prospect' | 'evaluator' | 'customer' | 'lost';

/** A device someone else used before, handed to a new person (a shared computer). */
export interface SharedDevice {
  device: Device;
  /** The earlier user logged out (reset()) before the newcomer came. */
  reset: boolean;
  /** Without reset: the newcomer browses before signing in, so their first events carry the earlier user id. */
  browsesFirst: boolean;
}

export interface PersonOptions {
  r: Random;
  /** The person's index, for readable user ids. */
  index: number;
  /** First visit (ms). */
  start: number;
  /** Nothing happens at or after "now". */
  now: number;
  shared?: SharedDevice | null;
  /** Which of its browser visits and events reach the collector (default: all of them). */
  observation?: Observation;
  /**
   * The stream the shop's servers draw from (order confirmations, support tickets): apart from the
   * agent's, so the agent decides exactly as it would without them.
   */
  offSite?: Random;
  /** The chance that a first order fails at payment, after which the person gives up for good (0 by default): a broken checkout. */
  checkoutFailure?: number;
  /** Pages with a known effect on buying, read while evaluating (persuasion.ts); none by default. */
  persuasion?: Persuasion;
  /** The person's traits (propensity.ts): they show in what the person does and move their odds. None by default. */
  propensity?: Propensity;
}

export interface SimulatedPerson {
  userId: string | null;
  /** Everything the agent did, arrived or not (`lost` says which did not). */
  events: Emitted[];
  /** Every device this person used (the first one is the one they arrived on). */
  devices: Device[];
  shared: SharedDevice | null;
  firstChannel: string;
}

const FIRST_CHANNEL = { direct: 20, organic_search: 28, paid_search: 15, social: 14, email: 5, referral: 18 } as const;

/** How a visit arrives through a channel: its referrer and campaign tags, as a browser would send them. */
export function arrive(r: Random, channel: string, campaign: string): Arrival {
  switch (channel) {
    case 'organic_search': return { channel, referrer: r.pick(['https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/']) };
    case 'paid_search': return { channel, referrer: 'https://www.google.com/', utm: { source: 'google', medium: 'cpc', campaign: r.pick(['spring_sale', 'brand', 'trail_shoes']) } };
    case 'social': return r.chance(0.5)
      ? { channel, referrer: r.pick(['https://www.facebook.com/', 'https://t.co/', 'https://www.reddit.com/']) }
      : { channel, referrer: 'https://www.instagram.com/', utm: { source: 'instagram', medium: 'social', campaign: 'launch' } };
    case 'email': return { channel, referrer: '', utm: { source: 'newsletter', medium: 'email', campaign } };
    case 'referral': return { channel, referrer: r.pick(['https://runnersworld.example/best-shoes', 'https://blog.example.org/gear-review']) };
    default: return { channel: 'direct', referrer: '' };
  }
}

export function simulatePerson(o: PersonOptions): SimulatedPerson {
  const { r, now } = o;
  const out: Emitted[] = [];
  const shared = o.shared ?? null;
  const primary = shared?.device ?? newDevice(r);
  if (shared?.reset) resetDevice(r, primary);
  const devices: Device[] = [primary];
  // Who this person is and will do, decided up front with the agent's own odds.
  const who = o.propensity ?? NO_PROPENSITY;
  const interested = r.chance(goOn(0.62, who));
  const buyer = interested && r.chance(goOn(0.5, who));
  const userId = `user-${o.index + 1}-${r.uuid().slice(0, 8)}`;
  let hasAccount = false;
  let hasEmail = false;
  let mode: Mode = 'prospect';
  let gaveUp = false;
  let onboarding = 'none' as 'none' | 'started' | 'done';
  let prospectVisits = r.int(1, 3);
  let evaluatorVisits = r.int(1, 3);
  let session = 0;
  let t = o.start;
  const off = o.offSite ?? seededRandom(o.index ^ 0x0ff5);
  /** Per channel, the last off-site touchpoint: one within 30 minutes of it is the same contact (two mails in a row). */
  const lastOffSite = new Map<string, { at: number; session: number }>();
  /**
   * What a server of the shop sends about this person at `at`: an off-site touchpoint, apart from
   * the visits. `rand`: the stream its ids come from. Returns the writer (its clock moved on).
   */
  const fromServer = (rand: Random, device: Device, at: number, channel: string, name: string, properties: Record<string, unknown>) => {
    const last = lastOffSite.get(channel);
    const contact = last && at - last.at <= 30 * MIN ? last.session : session++;
    lastOffSite.set(channel, { at, session: contact });
    const w = openVisit({ r: rand, device, start: at, session: contact, arrival: { channel, referrer: '' }, deliveryDelay: 0, out });
    w.server(name, channel, properties);
    return w;
  };
  let firstChannel = '';
  let second: Device | null = null;
  /** This visit's pages, for going back. */
  const history: [string, keyof typeof PAGES][] = [];

  // A newcomer on a shared device that was not logged out has an account they sign into first
  // thing (an invitation link), or, rarely, browses first and signs in later.
  const invited = !!shared && !shared.reset;
  if (invited) { hasAccount = true; hasEmail = true; }

  const signIn = (w: VisitWriter) => {
    if (r.chance(NOISE.alias) && w.device.userId === null) w.alias(userId);
    else w.identify(userId, { email: `${userId}@example.com` });
    hasAccount = true;
    hasEmail = true;
  };

  /** A page with the autocapture around it; returns the page's $page_leave when a form was abandoned. */
  const view = (w: VisitWriter, category: keyof typeof PAGES, path?: string, extra?: () => void, form: 'none' | 'submitted' | 'maybe-abandoned' = 'none') => {
    const list = PAGES[category] as readonly string[];
    let p = path ?? r.pick(list);
    // Never the same path twice in a row: a reload is not a journey step.
    for (let i = 0; i < 5 && w.path()?.split('?')[0] === p.split('?')[0]; i++) p = r.pick(list);
    if (w.path()?.split('?')[0] === p.split('?')[0]) return;
    w.page(p, pageMeaning(category));
    history.push([p, category]);
    if (r.chance(0.5)) scroll(w, r);
    if (r.chance(0.35)) click(w, r);
    extra?.();
    frustrations(w, r, who.frustration);
    leavePage(w, r, form);
  };
  const track = (w: VisitWriter, category: keyof typeof EVENTS, name: string, props: Record<string, unknown> = {}) =>
    w.track(name, props, eventMeaning(category, name));

  const survey = (w: VisitWriter, trigger: Emitted, surveyId: string, instrument: 'emotion5' | 'csat' | 'nps') => {
    w.wait(r.int(3_000, 20_000));
    if (r.chance(NOISE.surveyWidgetClick)) surveyWidgetClick(w);
    const [lo, hi] = instrument === 'nps' ? [0, 10] : [1, 5];
    const score = Math.min(hi, Math.max(lo, Math.round(lo + (hi - lo) * surveyPosition(Math.pow(r.next(), 0.6), who))));
    const negative = instrument === 'nps' ? score <= 6 : score <= 2;
    const labels = ['very unhappy', 'unhappy', 'neutral', 'happy', 'very happy'];
    w.survey({
      surveyId, instrument, score, label: instrument === 'nps' ? String(score) : labels[score - 1],
      ...(negative && r.chance(0.5) ? { comment: r.pick(['Delivery took too long', 'Checkout kept failing', 'Too expensive']) } : {}),
      trigger: { eventId: trigger.event.id, name: trigger.event.type === 'track' ? trigger.event.name! : trigger.event.type },
    }, negative ? 'negative_survey' : null);
  };

  /** Whether the pages read in this visit persuaded the person to buy now. */
  let persuaded = false;
  const evaluate = (w: VisitWriter) => {
    for (let n = r.int(1, 4); n > 0; n--) {
      if (r.chance(0.7)) {
        const p = r.pick(PRODUCT_PAGES);
        view(w, 'consideration', p, () => {
          track(w, 'consideration', 'product_viewed', { product: p.slice(10) });
          if (r.chance(0.2)) track(w, 'consideration', r.pick(['product_added', 'added_to_cart']), { product: p.slice(10) });
        });
      } else view(w, 'consideration', r.pick(['/pricing', '/compare', '/features', '/compare?a=trail-shoe-1&b=road-shoe-2']));
      if (r.chance(0.15)) view(w, r.chance(0.5) ? 'none' : 'unknown');
    }
    // Having looked at the products, some read about them before deciding.
    persuaded = !!o.persuasion?.visit((p) => view(w, 'unknown', p));
    if (r.chance(0.08)) view(w, 'consideration', '/request-demo', () => track(w, 'consideration', 'demo_requested'));
    if (!hasAccount && r.chance(0.1)) {
      // A trial or an account before buying: signs up, which is not onboarding for a non-customer.
      view(w, 'consideration', '/pricing', () => track(w, 'consideration', 'trial_started'));
      view(w, 'onboarding', '/welcome', () => { signIn(w); track(w, 'onboarding', 'signed_up'); }, 'submitted');
    }
  };

  /** Cart and checkout; returns true when the order is placed. */
  const checkout = (w: VisitWriter, buys: boolean, repeat: boolean): boolean => {
    view(w, 'purchase', '/cart');
    view(w, 'purchase', '/checkout', () => track(w, 'purchase', 'checkout_started'));
    if (!buys) {
      view(w, 'purchase', '/checkout/shipping', undefined, 'maybe-abandoned');
      return false;
    }
    view(w, 'purchase', '/checkout/shipping', undefined, 'submitted');
    view(w, 'purchase', '/checkout/payment', () => { if (w.device.userId !== userId) signIn(w); }, 'submitted');
    // Drawn only when checkout is broken, so populations without it are the same as ever.
    if (!repeat && o.checkoutFailure && r.chance(o.checkoutFailure)) { gaveUp = true; return false; }
    view(w, 'purchase', CONFIRMATION_PAGE, () => {
      const name = repeat ? r.pick(['repeat_order', 'order_completed']) : r.chance(0.8) ? 'order_completed' : 'subscription_started';
      const orderId = r.uuid().slice(0, 8);
      const order = track(w, 'completed', name, { orderId, total: r.int(40, 240) });
      // The shop mails a confirmation a minute or two later, while the visit goes on.
      fromServer(off, w.device, order.at + off.int(1, 3) * MIN, 'email', 'order_confirmation', { orderId });
      if (r.chance(Math.min(1, 0.3 * who.surveys))) survey(w, order, 'post-purchase', 'emotion5');
    });
    return true;
  };

  const onboard = (w: VisitWriter) => {
    if (onboarding === 'none') view(w, 'onboarding', '/welcome', () => track(w, 'onboarding', r.pick(['signed_up', 'account_created'])));
    onboarding = 'started';
    for (const step of [1, 2, 3]) {
      if (r.chance(0.12)) return; // stops here; may pick it up on a later visit
      view(w, 'onboarding', r.chance(0.2) ? `/account/onboarding/${step}` : `/onboarding/${step}`, () => track(w, 'onboarding', r.pick(['onboarding_step', 'onboarding_step_completed']), { step }), 'submitted');
    }
    view(w, 'onboarding', '/getting-started', () => track(w, 'onboarding', 'onboarding_completed'));
    onboarding = 'done';
  };

  const use = (w: VisitWriter) => {
    for (let n = r.int(1, 4); n > 0; n--) view(w, 'retention');
    if (r.chance(0.35)) evaluate(w); // customers browse products too
    if (r.chance(0.05 * who.surveys)) view(w, 'retention', '/account/settings', () => survey(w, w.track('$click', { tag: 'a', selector: 'nav.account > a', text: 'Settings' }), 'nps-quarterly', 'nps'));
  };

  // ---- the visit loop ----
  for (let visit = 0; t < now; visit++) {
    // Device: a customer sometimes uses a second one, signing in there on its first visit.
    let device = primary;
    if (mode === 'customer' && hasAccount) {
      if (!second && r.chance(NOISE.secondDevice / 3)) { second = newDevice(r); devices.push(second); }
      if (second && r.chance(0.5)) device = second;
    }
    const known = hasAccount && device.userId === userId;
    let channel: string;
    if (visit === 0) channel = invited ? 'email' : r.weighted(FIRST_CHANNEL);
    else if (mode === 'lost') channel = 'email';
    else channel = r.weighted({ direct: 30, organic_search: 25, email: hasEmail ? 30 : 0, social: 8, paid_search: 7 });
    const campaign = mode === 'lost' ? 'win-back' : invited && visit === 0 ? 'invitation' : `weekly-${Math.floor(t / (7 * DAY))}`;
    const arrival = arrive(r, channel, campaign);
    if (visit === 0) firstChannel = arrival.channel;

    // A server saw the newsletter opened: its own touchpoint, minutes before the click-through.
    if (channel === 'email' && known && r.chance(0.3)) t = fromServer(r, device, t, 'email', 'email_opened', { campaign }).now() + r.int(2, 20) * MIN;
    const late = r.chance(NOISE.lateDelivery) ? r.int(1, 72) * HOUR : 0;
    // The agent browses the same whether or not its SDK is heard; the browser keeps its ids either
    // way (the site identifies a signed-in user on every page load).
    const w = openVisit({ r, device, start: t, session: session++, arrival, deliveryDelay: late, unseen: o.observation?.visit() ?? null, lost: o.observation?.lost, out });
    /** The person as this visit leaves them: its frustrations so far weigh on what they decide next. */
    const visitStart = out.length;
    let helped = false;
    const feeling = () => afterVisit(who, { pains: out.slice(visitStart).filter((e) => e.pain && e.pain !== 'loop' && e.pain !== 'slow_page').length, helped });

    history.length = 0;
    let stop = false;
    if (visit === 0 && invited) {
      if (!shared!.browsesFirst) {
        // Signed in by the invitation link before the first page view.
        w.land('/');
        signIn(w);
        view(w, 'none', '/');
      } else {
        // Browses first: these events still carry the earlier user's id (no reset()).
        view(w, 'none');
        view(w, 'unknown');
        view(w, 'none', LOGIN_PAGE, () => signIn(w), 'submitted');
      }
    } else {
      const landing: keyof typeof PAGES = mode === 'customer' ? 'retention'
        : channel === 'paid_search' || (channel === 'social' && arrival.utm) ? (r.chance(0.7) ? 'consideration' : 'unknown')
        : r.chance(0.75) ? 'none' : 'unknown';
      view(w, landing);
      // Someone with an account on a browser that does not know them signs in early (the account pages ask).
      if (hasAccount && device.userId !== userId) view(w, 'none', LOGIN_PAGE, () => signIn(w), 'submitted');
    }

    if (mode === 'prospect') {
      for (let n = r.int(0, 3); n > 0; n--) view(w, r.chance(0.7) ? 'none' : 'unknown');
      if (!hasEmail && r.chance(0.12)) {
        view(w, 'none', '/blog/winter-running', () => track(w, 'none', 'newsletter_signup'), 'maybe-abandoned');
        hasEmail = true;
      }
      prospectVisits--;
      if (interested && (r.chance(0.5) || prospectVisits <= 0)) mode = 'evaluator';
      else if (prospectVisits <= 0) stop = true;
    }
    if (mode === 'evaluator' || mode === 'lost') {
      evaluate(w);
      const ready = mode === 'lost' || (buyer && (r.chance(goOn(0.5, feeling())) || evaluatorVisits <= 1)) || persuaded;
      const toCart = ready || r.chance(0.35);
      if (toCart && checkout(w, ready, false)) {
        mode = 'customer';
        if (onboarding !== 'done' && r.chance(goOn(0.55, who))) onboard(w);
      } else if (gaveUp || --evaluatorVisits <= 0) stop = true; // stops coming back
    } else if (mode === 'customer') {
      if (onboarding !== 'done' && r.chance(goOn(0.45, who))) onboard(w);
      use(w);
      if (r.chance(0.12)) checkout(w, true, true);
      if (r.chance(0.05)) view(w, 'retention', '/account/billing', () => track(w, 'completed', 'subscription_renewed', { plan: 'plus' }));
      if (r.chance(goOn(0.07, who))) {
        const [name, path] = r.pick([['review_submitted', '/orders/1001/review'], ['referral_sent', '/account/referrals'], ['invite_sent', '/app/team']] as const);
        view(w, 'retention', path, () => track(w, 'advocacy', name));
      }
      if (r.chance(quit(0.035, feeling()))) {
        const [name, path] = r.chance(0.8) ? ['subscription_cancelled', '/account/subscription'] : ['account_closed', '/account/close'];
        view(w, 'retention', path, () => track(w, 'loss', name), 'submitted');
        mode = 'lost';
      }
    }
    if (history.length >= 2 && r.chance(NOISE.loop)) {
      // Back to the page before: A → B → A.
      const [path, category] = history[history.length - 2];
      view(w, category, path);
    }

    // Now and then a customer writes to the help desk soon after a visit.
    if (mode === 'customer' && device.userId === userId && off.chance(0.06 * who.support)) {
      helped = true;
      fromServer(off, device, w.now() + off.int(5, 25) * MIN, 'support', 'ticket_opened', { topic: off.pick(['delivery', 'sizing', 'returns', 'billing']) });
    }
    device.lastUsed = w.now();
    if (device.userId && r.chance(NOISE.logout)) resetDevice(r, device);
    t = w.now();
    if (stop) break;
    // The next visit: minutes to weeks later; a customer sometimes disappears for months.
    // Less engaged people come back more slowly.
    let gap = 40 * MIN + Math.pow(r.next(), 2) * 20 * DAY * Math.exp(-0.3 * feeling().engagement);
    if (mode === 'customer' && r.chance(NOISE.lapse)) gap = r.int(95, 200) * DAY;
    if (mode === 'lost') {
      if (!r.chance(goOn(0.35, feeling()))) break; // never comes back
      gap = r.int(20, 120) * DAY;
    }
    if (mode === 'customer' && r.chance(quit(0.16, feeling()))) break; // stops using the product (and may drop off)
    t += gap;
  }
  // A server's touchpoint may fall within a visit that was written out before it.
  return { userId: hasAccount ? userId : null, events: out.filter((e) => e.at < now).sort((a, b) => a.at - b.at), devices, shared, firstChannel };
}
