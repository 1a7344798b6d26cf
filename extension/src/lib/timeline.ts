// The session timeline: touchpoints grouped by session and page, each with its stage badge and
// emotion mark. Pure, so views only render what this returns.
import { normaliseScore, INSTRUMENTS, type Instrument, type Stage } from '../../../wire/index.js';
import type { StageRuleLike } from './messages.js';
import { classifyStages } from './stages.js';
import type { Entry } from './tab-stream.js';

export interface Emotion { score: number; source: 'explicit' | 'inferred'; why: string }

export interface TimelineItem { entry: Entry; stage: Stage; emotion: Emotion | null }
export interface TimelinePage { url: string; items: TimelineItem[] }
export interface TimelineSession { sessionId: string; start: string; end: string; stages: Stage[]; pages: TimelinePage[] }

/** Inferred scores for frustration signals: a guess, labelled as such in the view. */
const FRUSTRATION: Record<string, { score: number; why: string }> = {
  $rage_click: { score: -0.8, why: 'rage click' },
  $dead_click: { score: -0.4, why: 'dead click' },
  $error: { score: -0.6, why: 'JavaScript error' },
};

export function emotionOf(e: Entry['event']): Emotion | null {
  const p = e.properties ?? {};
  if (e.type === 'survey' && INSTRUMENTS.includes(p.instrument as Instrument)) {
    const score = normaliseScore(p.instrument as Instrument, typeof p.score === 'number' ? p.score : null);
    return score === null ? null : { score, source: 'explicit', why: `survey ${String(p.surveyId ?? '')}: ${String(p.label ?? p.score)}` };
  }
  if (e.name === '$note' && typeof p.score === 'number') {
    return { score: normaliseScore('emotion5', p.score)!, source: 'explicit', why: `researcher: ${String(p.label ?? '')}` };
  }
  const f = e.name ? FRUSTRATION[e.name] : undefined;
  return f ? { score: f.score, source: 'inferred', why: f.why } : null;
}

export function buildTimeline(entries: Entry[], rules: StageRuleLike[]): TimelineSession[] {
  const sorted = [...entries].sort((a, b) => a.event.timestamp.localeCompare(b.event.timestamp));
  // The lifecycle runs over the whole stream: a customer's stage carries from one visit to the next.
  const all = classifyStages(sorted.map((e) => ({
    type: e.event.type, name: e.event.name ?? null, url: e.event.context.url ?? e.pageUrl, properties: e.event.properties,
    at: Date.parse(e.event.timestamp), sessionId: e.event.sessionId,
  })), rules);
  const stageOf = new Map(sorted.map((e, i) => [e, all[i]]));
  const bySession = new Map<string, Entry[]>();
  for (const e of sorted) {
    const list = bySession.get(e.event.sessionId) ?? [];
    list.push(e);
    bySession.set(e.event.sessionId, list);
  }
  const sessions: TimelineSession[] = [];
  for (const [sessionId, list] of bySession) {
    const stages = list.map((e) => stageOf.get(e)!);
    const pages: TimelinePage[] = [];
    list.forEach((entry, i) => {
      const url = entry.event.context.url ?? entry.pageUrl;
      const last = pages[pages.length - 1];
      if (!last || entry.event.type === 'page' || last.url !== url) pages.push({ url, items: [] });
      pages[pages.length - 1].items.push({ entry, stage: stages[i], emotion: emotionOf(entry.event) });
    });
    const seen: Stage[] = [];
    for (const s of stages) if (seen[seen.length - 1] !== s) seen.push(s);
    sessions.push({ sessionId, start: list[0].event.timestamp, end: list[list.length - 1].event.timestamp, stages: seen, pages });
  }
  return sessions;
}
