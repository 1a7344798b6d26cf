// A survey answer as an explicit emotion point (DESIGN §1, §6). The stored event keeps the raw
// answer exactly as sent; this is the one place that turns it into −1..+1, via normaliseScore.
import type { StoredEvent } from '../store/store.js';
import { INSTRUMENTS, normaliseScore, type Instrument } from '../wire.js';

export interface SurveyEmotion {
  surveyId: string;
  instrument: Instrument;
  /** The answer as given (1–5, 1–7, 0–10), null for free text. */
  raw: number | null;
  /** The answer on −1..+1, null for free text. */
  score: number | null;
  /** The touchpoint that prompted the survey, when the SDK knew one. */
  triggerEventId: string | null;
}

/** The emotion an answered survey event carries; null for other events and for dismissals (asked, declined: no feeling given). */
export function surveyEmotion(e: Pick<StoredEvent, 'type' | 'event'>): SurveyEmotion | null {
  if (e.type !== 'survey') return null;
  const p = (e.event.properties ?? {}) as Record<string, any>;
  if (p.dismissed === true || !INSTRUMENTS.includes(p.instrument)) return null;
  const raw = typeof p.score === 'number' ? p.score : null;
  return {
    surveyId: String(p.surveyId),
    instrument: p.instrument,
    raw,
    score: normaliseScore(p.instrument, raw),
    triggerEventId: typeof p.trigger?.eventId === 'string' ? p.trigger.eventId : null,
  };
}
