// Test builders: a journey event from the few fields a test cares about, and a readable one-line
// text dump of customers and journeys for snapshots (`u1 | s1 /→/pricing | s2 order_completed`).
import type { JourneyEvent } from './event.js';
import type { Customer } from './stitch-identities.js';
import type { Journey } from './types.js';

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

let seq = 0;
/** An event at T0 + `min` minutes; `page` when given a path, `track` when given a name. */
export function ev(min: number, fields: Partial<JourneyEvent> & { path?: string } = {}): JourneyEvent {
  const { path, ...rest } = fields;
  const type = rest.type ?? (rest.name ? 'track' : 'page');
  return {
    id: rest.id ?? `e${String(++seq).padStart(4, '0')}`,
    siteId: 'shop',
    type,
    name: null,
    anonymousId: 'anon-1',
    userId: null,
    sessionId: 'client-s',
    at: T0 + min * MIN,
    url: path !== undefined ? `https://shop.example${path}` : type === 'page' ? 'https://shop.example/' : null,
    referrer: null,
    utm: null,
    channel: null,
    properties: null,
    flags: [],
    ...rest,
  };
}

/** `customerId: anon-a,anon-b [e1 e2]` per customer. */
export function customersText(customers: Customer[]): string[] {
  return customers.map((c) => `${c.customerId}${c.userIds.length ? ` (${c.userIds.join(',')})` : ''}: ${c.anonymousIds.join(',')} [${c.events.map((e) => e.id).join(' ')}]`);
}

function label(t: Journey['touchpoints'][number]): string {
  if (t.type === 'page') return t.url ? t.url.replace(/^https?:\/\/[^/]+/, '') || '/' : '(page)';
  return t.name ?? t.type;
}

/** `u1 | s1 direct /→/pricing | s2 email order_completed ✔` with ✔ once the customer has purchased. */
export function journeyText(j: Journey): string {
  const parts = j.sessions.map((s) => {
    const tps = j.touchpoints.filter((t) => t.sessionId === s.id);
    return `${s.id} ${s.channel}${s.offSite ? ' (off-site)' : ''} ${tps.map(label).join('→')}`;
  });
  const bought = ['purchase', 'onboarding', 'retention', 'advocacy'].includes(j.furthestStage) ? ' ✔' : '';
  return [j.customerId, ...parts].join(' | ') + bought;
}
