// What real data has besides the journey itself, and how often. Rates are per page view unless
// said otherwise; each helper emits exactly what the SDK's capture modules would, and marks the
// pain points that are truly there (a rage burst is one rage click, not also its dead clicks; a
// click in Waymark's own survey widget is nobody's pain). The last rates are observation loss:
// events the agent truly did that never reach the collector (`observe()` below).
import type { Random } from '../seed/random.js';
import type { Emitted, VisitWriter } from './emit.js';

export const NOISE = {
  /** Share of simulated people that are crawlers or headless browsers. */
  bots: 0.03,
  rageBurst: 0.012,
  deadClick: 0.02,
  jsError: 0.01,
  /** Pages whose vitals are reported (the SDK reports when the page is hidden; some pages never are). */
  vitalsReported: 0.6,
  /** Of reported vitals, share that are poor (LCP > 4 s, INP > 500 ms or CLS > 0.25). */
  slowPage: 0.07,
  /** Of pages with a form (shipping details, contact, newsletter) where the form was started, share left unsubmitted. */
  formAbandoned: 0.3,
  /** Of survey prompts, share where the person also clicks the widget's text (a dead click inside the widget). */
  surveyWidgetClick: 0.35,
  /** Per visit: the device was offline and delivers the visit hours or days later. */
  lateDelivery: 0.03,
  /** Per visit: a back-and-forth A → B → A. */
  loop: 0.04,
  /** Per customer: a second device, signed into on its first visit. */
  secondDevice: 0.3,
  /** Per new person: uses a device an earlier customer used. */
  sharedDevice: 0.035,
  /** Of shared devices: the earlier customer did not log out (no reset()). */
  sharedWithoutReset: 0.45,
  /** Of shared devices without reset: the newcomer browses before signing in (inherently the earlier customer's). */
  sharedBrowsesFirst: 0.2,
  /** Per visit of a signed-in customer: logs out at the end (reset()). */
  logout: 0.06,
  /** Per gap between a customer's visits: a long absence (more than 90 days). */
  lapse: 0.06,
  /** Per sign-in: alias() instead of identify(). */
  alias: 0.12,

  // Observation loss: the agent still does what it does; the collector never hears of it.
  /** Per person: a blocker whose filter list catches the SDK (surveys put ad-blocker use near a third of desktop browsers; most lists let a first-party collector through). */
  adBlocker: 0.08,
  /** Per visit of a person with such a blocker: the SDK is blocked (not every browser or device they use has it; some visits are from an allow-listed profile). */
  blockedVisit: 0.5,
  /** Per browser event: never arrives (tab closed before the beacon, a network drop); sendBeacon and keepalive fetch keep this under 1 %. */
  lostEvent: 0.005,
  /** Per person: declines the cookie banner on the first visit, so the SDK sends nothing (a mixed audience where only part sees an opt-in banner; EU-only sites with one-click reject see far more). */
  consentDeclined: 0.05,
  /** Of those who declined: accept on a later visit (2nd to 4th), from when on their events arrive (the banner asks again, or a feature needs it). */
  consentLater: 0.4,
} as const;

/** Why an event the agent did never reached the collector. */
export type LossKind = 'blocked' | 'consent' | 'lost';

/** One person's observation loss, drawn from its own random stream so the agent decides exactly as without loss. */
export interface Observation {
  /** For each browser visit, in order: the whole visit is unseen (blocked SDK or no consent yet), or null. */
  visit(): LossKind | null;
  /** For each browser event of a seen visit: it never arrives. */
  lost(): boolean;
}

export function observe(r: Random): Observation {
  const blocker = r.chance(NOISE.adBlocker);
  // The visit (0-based) from which consent is given: 0 for most, later or never for decliners.
  const consentFrom = !r.chance(NOISE.consentDeclined) ? 0 : r.chance(NOISE.consentLater) ? r.int(1, 3) : Infinity;
  let visits = 0;
  return {
    visit() {
      if (visits++ < consentFrom) return 'consent';
      return blocker && r.chance(NOISE.blockedVisit) ? 'blocked' : null;
    },
    lost: () => r.chance(NOISE.lostEvent),
  };
}

const SELECTORS = [
  { tag: 'img', selector: 'div.product-gallery > img.hero', text: undefined },
  { tag: 'span', selector: 'div.price-box > span.price', text: '£89.00' },
  { tag: 'div', selector: 'section.size-chart > div.cell:nth-of-type(4)', text: 'UK 9' },
  { tag: 'p', selector: 'div.delivery-note > p', text: 'Free delivery over £50' },
];

/** A burst of 3–6 clicks on something that does not respond: one $rage_click, then the SDK's $dead_click per click. */
export function rageBurst(w: VisitWriter, r: Random): void {
  const el = r.pick(SELECTORS);
  const clicks = r.int(3, 6);
  const gap = r.int(90, 220);
  // The third click reports the burst; every click's dead-click timer fires 1 s after it.
  w.wait(gap * 2);
  w.track('$rage_click', { tag: el.tag, selector: el.selector, ...(el.text ? { text: el.text } : {}), clicks: 3 }, undefined, 'rage_click', 1000 - 2 * gap);
  for (let i = 0; i < clicks; i++) w.track('$dead_click', { tag: el.tag, selector: el.selector, ...(el.text ? { text: el.text } : {}) }, undefined, null, i === clicks - 1 ? 2_000 : gap);
}

export function deadClick(w: VisitWriter, r: Random): void {
  const el = r.pick(SELECTORS);
  w.wait(1_000);
  w.track('$dead_click', { tag: el.tag, selector: el.selector, ...(el.text ? { text: el.text } : {}) }, undefined, 'dead_click');
}

/** A click on the survey widget's question text: the SDK sees a dead click in Waymark's own UI. */
export function surveyWidgetClick(w: VisitWriter): void {
  w.track('$dead_click', { tag: 'p', selector: 'div.waymark-survey > p.waymark-survey-question', text: 'How do you feel?' }, undefined, null, 3_000);
}

const ERRORS = ["TypeError: Cannot read properties of undefined (reading 'price')", 'ReferenceError: dataLayer is not defined', 'Unhandled rejection: NetworkError when attempting to fetch resource.'];
export function jsError(w: VisitWriter, r: Random): void {
  w.track('$error', { kind: 'error', message: r.pick(ERRORS), source: 'https://shop.example/assets/app.js', line: r.int(1, 4000), column: r.int(1, 80) }, undefined, 'js_error');
}

export function scroll(w: VisitWriter, r: Random): void {
  for (const depth of [25, 50, 75, 100].slice(0, r.int(1, 4))) w.track('$scroll_depth', { depth });
}

export function click(w: VisitWriter, r: Random): void {
  const el = r.pick([
    { tag: 'a', selector: 'nav > a.menu-link:nth-of-type(2)', text: 'Shop', href: '/collections/trail' },
    { tag: 'button', selector: 'button.size-option', text: 'UK 9' },
    { tag: 'a', selector: 'footer > a:nth-of-type(3)', text: 'Returns', href: '/help/returns' },
  ]);
  w.track('$click', el);
}

/** The end of a page: web vitals (when reported) then $page_leave, with the form state if a form was on it. */
export function leavePage(w: VisitWriter, r: Random, form: 'none' | 'submitted' | 'maybe-abandoned' = 'none'): Emitted | null {
  const start = w.now();
  if (r.chance(NOISE.vitalsReported)) {
    const slow = r.chance(NOISE.slowPage);
    const which = slow ? r.pick(['lcp', 'inp', 'cls'] as const) : null;
    const vitals = {
      lcp: which === 'lcp' ? r.int(4_200, 9_000) : r.int(600, 3_800),
      cls: which === 'cls' ? Math.round((0.3 + r.next() * 0.4) * 1000) / 1000 : Math.round(r.next() * 0.2 * 1000) / 1000,
      ...(which === 'inp' ? { inp: r.int(560, 1_400) } : r.chance(0.7) ? { inp: r.int(24, 450) } : {}),
    };
    w.track('$web_vitals', vitals, undefined, slow ? 'slow_page' : null, 200);
  }
  const abandoned = form === 'maybe-abandoned' && r.chance(NOISE.formAbandoned);
  const timeOnPage = Math.max(1_000, w.now() - start + r.int(2_000, 60_000));
  const e = w.track('$page_leave', {
    url: `https://shop.example${w.path() ?? '/'}`, timeOnPage, visibleTime: Math.round(timeOnPage * 0.9),
    ...(form === 'none' ? {} : { formStarted: true, formSubmitted: !abandoned }),
  }, undefined, abandoned ? 'form_abandonment' : null, r.int(300, 4_000));
  return abandoned ? e : null;
}

/** Frustrations that may happen on any page. */
/** `proneness`: multiplies each rate (a person's propensity to meet them; 1 for the population's rates). */
export function frustrations(w: VisitWriter, r: Random, proneness = 1): void {
  if (r.chance(NOISE.rageBurst * proneness)) rageBurst(w, r);
  if (r.chance(NOISE.deadClick * proneness)) deadClick(w, r);
  if (r.chance(NOISE.jsError * proneness)) jsError(w, r);
}
