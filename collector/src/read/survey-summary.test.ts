// Survey answers summarised per survey: counted, averaged on the -1..+1 scale, bucketed by
// stage and trigger, with comments newest first. Fixtures are stored events built from a few fields.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/store.js';
import type { SurveyDefinition } from '../../../wire/schema.js';
import { summariseSurveys } from './survey-summary.js';

const T0 = Date.UTC(2026, 2, 1, 12);
const DAY = 86_400_000;
let n = 0;

function answer(at: number, properties: Record<string, unknown>, url = 'https://shop.example/checkout/done'): StoredEvent {
  const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  return {
    id, siteId: 'shop', type: 'survey', name: null, anonymousId: `anon-${n}`, userId: null, sessionId: 's', at, receivedAt: at,
    event: { id, type: 'survey', anonymousId: `anon-${n}`, sessionId: 's', timestamp: new Date(at).toISOString(), properties, context: { url, path: new URL(url).pathname } } as StoredEvent['event'],
  };
}

async function* events(list: StoredEvent[]) { yield* list; }

const checkout: SurveyDefinition = { id: 'checkout', instrument: 'emotion5', question: 'How did checkout feel?', trigger: { event: 'order_completed', stage: 'purchase' }, sample: 1 };

describe('summariseSurveys', () => {
  it('counts, averages, buckets and keeps the comments of each survey', async () => {
    const trigger = { eventId: 'e', name: 'order_completed' };
    const [summary, other] = await summariseSurveys(events([
      answer(T0, { surveyId: 'checkout', instrument: 'emotion5', score: 5, trigger }),
      answer(T0 + 1, { surveyId: 'checkout', instrument: 'emotion5', score: 1, comment: 'the address form lost my input', trigger }),
      answer(T0 + DAY, { surveyId: 'checkout', instrument: 'emotion5', score: 4, comment: 'quick', trigger }),
      answer(T0 + DAY + 1, { surveyId: 'checkout', instrument: 'emotion5', dismissed: true, trigger }),
      answer(T0 + 2, { surveyId: 'nps', instrument: 'nps', score: 10 }, 'https://shop.example/pricing'),
    ]), { surveys: [checkout] });
    expect(summary).toMatchObject({
      surveyId: 'checkout', instrument: 'emotion5', question: 'How did checkout feel?', answers: 3, dismissed: 1,
      distribution: [{ key: '1', count: 1 }, { key: '4', count: 1 }, { key: '5', count: 1 }],
      trend: [{ day: '2026-03-01', count: 2, average: 0 }, { day: '2026-03-02', count: 1, average: 0.5 }],
      byStage: [{ key: 'purchase', count: 3 }],
      byTouchpoint: [{ key: 'order_completed', count: 3 }],
    });
    expect(summary.average).toBeCloseTo((1 - 1 + 0.5) / 3);
    expect(summary.comments.map((c) => c.text)).toEqual(['quick', 'the address form lost my input']);
    // A survey without a definition: no question, its stage from the page it was answered on.
    expect(other).toMatchObject({ surveyId: 'nps', question: null, answers: 1, average: 1, byTouchpoint: [{ key: '/pricing', count: 1 }] });
  });

  it('passes over events that are not survey answers', async () => {
    const page = { ...answer(T0, { surveyId: 'checkout' }), type: 'page' as const };
    expect(await summariseSurveys(events([page, answer(T0, { instrument: 'nps', score: 3 })]), { surveys: [] })).toEqual([]);
  });
});
