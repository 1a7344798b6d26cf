// The session timeline: grouping by session and page, stage badges, emotion marks.
import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../wire/index.js';
import { DEFAULT_STAGE_RULES } from '../../extension/src/lib/stages.js';
import { addEntry, emptyStream } from '../../extension/src/lib/tab-stream.js';
import { buildTimeline, emotionOf } from '../../extension/src/lib/timeline.js';

let n = 0;
function ev(type: WireEvent['type'], name: string | undefined, url: string, sessionId = 's1', properties?: WireEvent['properties']): WireEvent {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type, ...(name ? { name } : {}), anonymousId: 'a', sessionId,
    timestamp: new Date(Date.UTC(2026, 10, 25, 10, 0, n)).toISOString(), ...(properties ? { properties } : {}), context: { url },
  };
}

/** One line per page: `session | url: name(stage) ...`, readable in a diff. */
function dump(events: WireEvent[]): string[] {
  const s = emptyStream(1);
  for (const e of events) addEntry(s, e, 'sdk', e.context.url!, e.timestamp);
  return buildTimeline(s.entries, DEFAULT_STAGE_RULES).flatMap((sess) =>
    sess.pages.map((p) => `${sess.sessionId} | ${new URL(p.url).pathname}: ${p.items.map((i) => `${i.entry.event.name ?? i.entry.event.type}(${i.stage})`).join(' ')}`));
}

describe('timeline', () => {
  it('groups by session and page and carries the stage forward', () => {
    expect(dump([
      ev('page', undefined, 'https://shop.example/'),
      ev('track', '$click', 'https://shop.example/'),
      ev('page', undefined, 'https://shop.example/pricing'),
      ev('track', 'checkout_started', 'https://shop.example/pricing'),
      ev('page', undefined, 'https://shop.example/', 's2'),
    ])).toEqual([
      's1 | /: page(awareness) $click(awareness)',
      's1 | /pricing: page(consideration) checkout_started(purchase)',
      's2 | /: page(purchase)',
    ]);
  });

  it.each<[string, WireEvent, { score: number; source: string } | null]>([
    ['a survey answer, normalised', ev('survey', undefined, 'https://x/', 's1', { surveyId: 'p', instrument: 'emotion5', score: 1 }), { score: -1, source: 'explicit' }],
    ['an NPS 10', ev('survey', undefined, 'https://x/', 's1', { surveyId: 'p', instrument: 'nps', score: 10 }), { score: 1, source: 'explicit' }],
    ['a researcher note with a mark', ev('track', '$note', 'https://x/', 's1', { note: 'hm', score: 4 }), { score: 0.5, source: 'explicit' }],
    ['a rage click, inferred', ev('track', '$rage_click', 'https://x/'), { score: -0.8, source: 'inferred' }],
    ['a JS error, inferred', ev('track', '$error', 'https://x/'), { score: -0.6, source: 'inferred' }],
    ['a plain click', ev('track', '$click', 'https://x/'), null],
    ['a free-text survey answer', ev('survey', undefined, 'https://x/', 's1', { surveyId: 'p', instrument: 'text', comment: 'ok' }), null],
  ])('emotion of %s', (_, e, expected) => {
    const got = emotionOf(e);
    expect(got && { score: got.score, source: got.source }).toEqual(expected);
  });
});
