// Survey answers become explicit emotion points on −1..+1 through the one normaliseScore.
import { describe, expect, it } from 'vitest';
import { surveyEmotion } from '../../collector/src/surveys/emotion.js';
import { normaliseScore } from '../../collector/src/wire.js';

const survey = (properties: Record<string, unknown>) => ({ type: 'survey' as const, event: { properties } as any });

describe('normaliseScore', () => {
  it.each([
    ['emotion5', 1, -1], ['emotion5', 3, 0], ['emotion5', 5, 1], ['emotion5', 4, 0.5],
    ['csat', 2, -0.5], ['ces', 1, -1], ['ces', 7, 1], ['ces', 5, 0.333],
    ['nps', 0, -1], ['nps', 10, 1], ['nps', 9, 0.8], ['nps', 12, 1],
    ['text', 3, null], ['csat', null, null],
  ] as const)('%s %s → %s', (instrument, score, expected) => {
    expect(normaliseScore(instrument, score)).toBe(expected);
  });
});

describe('surveyEmotion', () => {
  it('keeps the raw answer, the normalised score and the trigger', () => {
    expect(surveyEmotion(survey({ surveyId: 'p', instrument: 'nps', score: 9, trigger: { eventId: 'e1', name: 'order_completed' } }))).toEqual({
      surveyId: 'p', instrument: 'nps', raw: 9, score: 0.8, triggerEventId: 'e1',
    });
  });
  it.each([
    ['a dismissal', survey({ surveyId: 'p', instrument: 'csat', dismissed: true })],
    ['a track event', { type: 'track' as const, event: { properties: { instrument: 'csat', score: 5 } } as any }],
    ['an unknown instrument', survey({ surveyId: 'p', instrument: 'stars', score: 5 })],
  ])('gives no emotion for %s', (_name, e) => {
    expect(surveyEmotion(e)).toBeNull();
  });
  it('gives a free-text answer no score', () => {
    expect(surveyEmotion(survey({ surveyId: 't', instrument: 'text', comment: 'slow' }))?.score).toBeNull();
  });
});
