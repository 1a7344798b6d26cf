// The skip must be safe: over random event sequences, an event the filter calls irrelevant never
// adds a moment to the customer's journey (judged by the journey built with and without it).
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE_RULES } from '../journey/classify-stages.js';
import { buildJourney } from '../journey/build-journey.js';
import { ev } from '../journey/test-events.js';
import type { JourneyEvent } from '../journey/event.js';
import type { StoredEvent } from '../store/store.js';
import { momentMaker } from './relevance.js';
import { ActionSchema, type Action } from './schema.js';
import { firings } from './triggers.js';

const SECRET = `whsec_${btoa('0123456789abcdef0123456789abcdef')}`;
const ACTIONS: Action[] = [
  { id: 'p', on: 'stage.entered', stage: 'purchase' },
  { id: 'o', on: 'stage.entered', stage: 'onboarding' },
  { id: 'adv', on: 'stage.entered', stage: 'advocacy' },
  { id: 'rage', on: 'painpoint', kind: 'rage_click' },
  { id: 'err', on: 'painpoint', kind: 'js_error' },
  { id: 'sad', on: 'survey.answered', below: 0 },
].map((a) => ActionSchema.parse({ url: 'https://crm.example/hook', secret: SECRET, ...a }));

const VOCABULARY: Partial<JourneyEvent>[] = [
  { path: '/' } as Partial<JourneyEvent>, { path: '/products/shoe' } as Partial<JourneyEvent>, { path: '/checkout/payment' } as Partial<JourneyEvent>, { path: '/onboarding/1' } as Partial<JourneyEvent>, { name: 'product_viewed' }, { name: 'checkout_started' },
  { name: 'order_completed' }, { name: 'repeat_order' }, { name: 'signed_up' }, { name: 'onboarding_completed' },
  { name: 'review_submitted' }, { name: 'subscription_cancelled' }, { name: '$rage_click', properties: { selector: 'button' } },
  { name: '$error', properties: { message: 'boom' } }, { name: '$scroll_depth', properties: { depth: 50 } },
  { type: 'survey', properties: { surveyId: 's', instrument: 'csat', score: 1 } },
];

/** A stored event as ingest would keep it, from a journey event. */
function stored(e: JourneyEvent): StoredEvent {
  return {
    id: e.id, siteId: e.siteId, type: e.type as StoredEvent['type'], name: e.name, anonymousId: e.anonymousId, userId: e.userId,
    sessionId: e.sessionId, at: e.at, receivedAt: e.at, ip: null, flags: [],
    event: { id: e.id, type: e.type, name: e.name ?? undefined, anonymousId: e.anonymousId, sessionId: e.sessionId, timestamp: new Date(e.at).toISOString(),
      properties: e.properties ?? undefined, context: e.url ? { url: e.url } : undefined } as never,
  };
}

function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('moment makers', () => {
  it('never skips an event that adds a moment (400 random journeys)', () => {
    const relevant = momentMaker(ACTIONS, DEFAULT_STAGE_RULES);
    let skipped = 0, checked = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = random(seed);
      const events: JourneyEvent[] = [];
      let minute = 0;
      for (let i = 0; i < 14; i++) {
        minute += rnd() < 0.15 ? 60 * 24 * (1 + Math.floor(rnd() * 30)) : 1 + Math.floor(rnd() * 20);
        const pick = VOCABULARY[Math.floor(rnd() * VOCABULARY.length)] as Partial<JourneyEvent> & { path?: string };
        events.push(ev(minute, { ...pick, sessionId: `s${Math.floor(minute / 30)}` }));
      }
      const journey = (list: JourneyEvent[]) => buildJourney({ customerId: 'c', anonymousIds: ['anon-1'], userIds: [], events: list }, { asOf: events.at(-1)!.at });
      for (let n = 1; n <= events.length; n++) {
        const last = events[n - 1];
        if (relevant(stored(last))) continue;
        skipped++;
        const before = new Set(firings(ACTIONS, journey(events.slice(0, n - 1)), '').map((f) => `${f.actionId}:${f.key}`));
        const after = firings(ACTIONS, journey(events.slice(0, n)), '').map((f) => `${f.actionId}:${f.key}`);
        checked++;
        expect(after.filter((k) => !before.has(k)), `seed ${seed}, event ${n} (${last.name ?? last.url})`).toEqual([]);
      }
    }
    // The filter must skip something, or it saves nothing.
    expect(skipped).toBeGreaterThan(1000);
    expect(checked).toBe(skipped);
  });

  it('looks at every event when an action waits for a stage that time and visits enter', () => {
    const relevant = momentMaker([ActionSchema.parse({ id: 'r', on: 'stage.entered', stage: 'retention', url: 'https://x.example/', secret: SECRET })], DEFAULT_STAGE_RULES);
    expect(relevant(stored(ev(0, { path: '/' })))).toBe(true);
  });
});
