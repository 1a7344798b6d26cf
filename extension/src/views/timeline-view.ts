// Renders the session timeline computed by lib/timeline.ts.
import type { TimelineSession } from '../lib/timeline.js';
import { clock, face, h, shortUrl } from './dom.js';
import { eventLabel } from './event-label.js';
import { statusText } from './status-text.js';


export function timelineView(sessions: TimelineSession[], rulesNote: string, onPick: (id: string) => void): HTMLElement {
  if (!sessions.length) return h('div', { class: 'empty' }, 'No touchpoints yet.');
  return h('div', { class: 'timeline', 'data-testid': 'timeline' },
    h('p', { class: 'muted small' }, rulesNote),
    sessions.map((s) => h('section', { class: 'session' },
      h('header', {},
        h('strong', {}, 'Session '), h('code', {}, s.sessionId.slice(0, 8)),
        h('span', { class: 'muted' }, ` ${clock(s.start)}–${clock(s.end)}`),
        h('span', { class: 'stages' }, s.stages.map((st) => h('span', { class: `stage stage-${st}` }, st))),
      ),
      s.pages.map((p) => h('div', { class: 'tl-page' },
        h('div', { class: 'tl-url' }, shortUrl(p.url)),
        h('ol', {}, p.items.map((it) => h('li', { class: 'tl-item', onclick: () => onPick(it.entry.event.id) },
          h('span', { class: 'time' }, clock(it.entry.event.timestamp)),
          h('span', { class: `stage stage-${it.stage}`, title: 'stage' }, it.stage),
          h('span', { class: 'name', title: eventLabel(it.entry) }, eventLabel(it.entry)),
          it.emotion ? h('span', { class: `emotion ${it.emotion.source}`, title: `${it.emotion.source}: ${it.emotion.why} (${it.emotion.score})` },
            face(it.emotion.score, 16), it.emotion.source === 'inferred' ? ` inferred: ${it.emotion.why}` : '') : null,
          it.entry.event.name === '$note' ? h('span', { class: 'note-text' }, String(it.entry.event.properties?.note ?? '')) : null,
          h('span', { class: `status status-${it.entry.status}` }, statusText(it.entry)),
        ))),
      )),
    )),
  );
}
