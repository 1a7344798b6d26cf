// Data the UI tests send through the real ingest route: one known customer whose journey the
// timeline must show in order, and hostile customers whose every field carries a payload.
import { randomUUID } from 'node:crypto';

const DAY = 86_400_000;
const MIN = 60_000;

export const ALICE = { userId: 'u-alice', anonymousId: 'anon-alice', email: 'alice@example.com' };

/** A payload that sets window.__pwned if it ever runs, in every shape an injection takes. */
export const XSS = {
  script: '<script>window.__pwned=1</script>',
  img: '"><img src=x onerror="window.__pwned=1">',
  js: 'javascript:window.__pwned=1//',
  svg: '<svg onload="window.__pwned=1"></svg>',
  rtl: '\u202Eevil\u202C مرحبا بالعالم 🎉🔥',
  long: 'L'.repeat(5000),
};

function ev(over: Record<string, unknown>, at: number, url: string, extra: Record<string, unknown> = {}) {
  const u = (() => { try { return new URL(url); } catch { return null; } })();
  return {
    id: randomUUID(), type: 'page', anonymousId: ALICE.anonymousId, sessionId: 's', timestamp: new Date(at).toISOString(),
    context: { url, path: u?.pathname ?? url, title: 'Shop', sdk: { name: 'test', version: '0' }, ...extra },
    ...over,
  };
}

/** Alice: organic search → pricing → product, back by email to buy, then onboarding, then back to browse as a customer. In time order. */
export function aliceEvents(now: number) {
  const s1 = now - 3 * DAY, s2 = now - 2 * DAY, s3 = now - 1 * DAY;
  const site = 'https://shop.example';
  return [
    ev({ sessionId: 'alice-1' }, s1, `${site}/`, { referrer: 'https://www.google.com/search?q=shoes' }),
    ev({ sessionId: 'alice-1' }, s1 + 1 * MIN, `${site}/pricing`),
    ev({ sessionId: 'alice-1', type: 'track', name: 'product_viewed', properties: { sku: 'A1' } }, s1 + 2 * MIN, `${site}/product/a1`),
    ev({ sessionId: 'alice-2' }, s2, `${site}/cart?utm_source=newsletter&utm_medium=email&utm_campaign=spring`, { utm: { source: 'newsletter', medium: 'email', campaign: 'spring' } }),
    ev({ sessionId: 'alice-2', type: 'track', name: 'order_completed', properties: { total: 42 } }, s2 + 3 * MIN, `${site}/checkout/done`),
    ev({ sessionId: 'alice-2', type: 'identify', userId: ALICE.userId, traits: { email: ALICE.email, name: 'Alice' } }, s2 + 4 * MIN, `${site}/checkout/done`),
    ev({ sessionId: 'alice-3', userId: ALICE.userId }, s3, `${site}/welcome`),
    ev({ sessionId: 'alice-3', userId: ALICE.userId, type: 'track', name: 'onboarding_completed' }, s3 + 5 * MIN, `${site}/welcome/done`),
    ev({ sessionId: 'alice-4', userId: ALICE.userId }, now - 6 * 60 * MIN, `${site}/product/a2`),
  ];
}

/** The labels the customer page shows for Alice's touchpoints, in order (identify is not a touchpoint label we assert). */
export const ALICE_ORDER = ['Page view', 'Page view', 'product_viewed', 'Page view', 'order_completed'];

export const HOSTILE_USER = `${XSS.img}${XSS.rtl}`.slice(0, 200);

/** Hostile customers: ids, names, properties, traits, URLs and survey comments with payloads. */
export function hostileEvents(now: number, n = 30) {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const anon = `${XSS.img}-${i}`;
    const at = now - 5 * DAY + i * MIN;
    const base = { anonymousId: anon, sessionId: `${XSS.script}-${i}` };
    out.push(ev({ ...base, properties: { note: XSS.script, long: XSS.long } }, at, XSS.js, { title: XSS.svg, referrer: XSS.js }));
    out.push(ev({ ...base }, at + 1000, `https://shop.example/${encodeURIComponent('"><img src=x onerror=window.__pwned=1>')}`, { title: XSS.rtl }));
    out.push(ev({ ...base, type: 'track', name: XSS.script, properties: { html: XSS.img, rtl: XSS.rtl } }, at + 2000, 'https://shop.example/pricing'));
    out.push(ev({ ...base, type: 'track', name: '$rage_click', properties: { element: XSS.img } }, at + 3000, 'https://shop.example/pricing'));
  }
  const who = { anonymousId: `${XSS.img}-0`, sessionId: `${XSS.script}-0` };
  out.push(ev({ ...who, type: 'identify', userId: HOSTILE_USER, traits: { name: XSS.script, bio: XSS.long, rtl: XSS.rtl } }, now - 5 * DAY + 5000, 'https://shop.example/pricing'));
  out.push(ev({
    ...who, userId: HOSTILE_USER, type: 'survey',
    properties: { surveyId: 'post-purchase', instrument: 'emotion5', score: 1, label: XSS.img, comment: `${XSS.script} ${XSS.img} ${XSS.rtl}`, trigger: { eventId: null, name: XSS.script } },
  }, now - 5 * DAY + 6000, 'https://shop.example/pricing'));
  return out;
}

export function surveyAnswer(anonymousId: string, sessionId: string, at: number, score: number, comment?: string) {
  return ev({ anonymousId, sessionId, type: 'survey', properties: { surveyId: 'post-purchase', instrument: 'emotion5', score, comment, trigger: { eventId: null, name: 'order_completed' } } }, at, 'https://shop.example/checkout/done');
}

export async function postBatch(url: string, writeKey: string, events: unknown[]) {
  const res = await fetch(`${url}/v1/batch`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, writeKey, sentAt: new Date().toISOString(), events }),
  });
  if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<{ accepted: number; rejected: { index: number; errors: string[] }[] }>;
}

export const CAROL = { anonymousId: 'anon-carol' };

/** Carol: a product page with a title, a click on "Add to cart", autocapture noise, then the cart. */
export function carolEvents(now: number) {
  const at = now - 2 * 3_600_000;
  const site = 'https://shop.example';
  const base = { anonymousId: CAROL.anonymousId, sessionId: 'carol-1' };
  return [
    ev(base, at, `${site}/products/trail-30`, { title: 'Trail runner 30' }),
    ev({ ...base, type: 'track', name: '$scroll_depth', properties: { depth: 50 } }, at + 10_000, `${site}/products/trail-30`),
    ev({ ...base, type: 'track', name: '$click', properties: { tag: 'button', text: 'Add to cart', selector: '#add' } }, at + 20_000, `${site}/products/trail-30`),
    ev({ ...base, type: 'track', name: '$scroll_depth', properties: { depth: 100 } }, at + 30_000, `${site}/products/trail-30`),
    ev({ ...base, type: 'track', name: '$page_leave', properties: { timeOnPage: 40_000 } }, at + 40_000, `${site}/products/trail-30`),
    ev(base, at + 41_000, `${site}/cart`, { title: 'Your cart' }),
  ];
}
