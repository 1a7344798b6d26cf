// The detail of one touchpoint: delivery history, network, validation against the wire format
// and the event JSON as the site profile wants it shown.
import { EventSchema, describeIssues } from '../../../wire/schema.js';
import { applyProfile, type SiteProfile } from '../lib/settings.js';
import type { Entry } from '../lib/tab-stream.js';
import { clock, h } from './dom.js';
import { statusText } from './status-text.js';

const HIGHLIGHTABLE = new Set(['$click', '$rage_click', '$dead_click', '$submit']);

export function validation(entry: Entry): { ok: true } | { ok: false; issues: string[] } {
  const r = EventSchema.safeParse(entry.event);
  return r.success ? { ok: true } : { ok: false, issues: describeIssues(r.error) };
}

export function eventDetail(entry: Entry, profile: SiteProfile | undefined, actions: { highlight(): void; close(): void }): HTMLElement {
  const v = validation(entry);
  const e = entry.event;
  return h('section', { class: 'detail', 'data-testid': 'detail' },
    h('header', {},
      h('h2', {}, e.name ?? e.type),
      h('span', { class: `status status-${entry.status}` }, statusText(entry)),
      h('span', { class: 'spacer' }),
      e.name && HIGHLIGHTABLE.has(e.name) ? h('button', { class: 'btn', onclick: actions.highlight, title: 'Outline this element on the page' }, 'Highlight on page') : null,
      h('button', { class: 'btn ghost', onclick: actions.close, title: 'Close the detail' }, '✕'),
    ),
    entry.errors.length ? h('ul', { class: 'errors' }, entry.errors.map((m) => h('li', {}, m))) : null,
    h('div', { class: `validation ${v.ok ? 'ok' : 'bad'}` },
      v.ok ? '✓ Valid against the wire format (v1)' : h('div', {}, h('strong', {}, '✗ Not valid against the wire format:'),
        h('ul', {}, v.issues.map((i) => h('li', {}, i))))),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Source'), h('dd', {}, entry.source === 'sdk' ? 'SDK debug channel' : entry.source === 'record' ? 'Record mode' : 'Researcher note'),
      h('dt', {}, 'Delivery'), h('dd', {}, entry.history.map((s) => `${s.status} ${clock(s.at)}`).join(' → ')),
      h('dt', {}, 'Network'), h('dd', {}, entry.network.length
        ? entry.network.map((n) => `${n.via} ${n.statusCode ?? n.error ?? '…'} ${clock(n.at)}`).join(', ')
        : 'not seen (grant site access to watch /v1/batch, or it was a beacon)'),
      h('dt', {}, 'Session'), h('dd', {}, e.sessionId),
      h('dt', {}, 'Customer'), h('dd', {}, e.userId ? `${e.userId} (anon ${e.anonymousId})` : e.anonymousId),
    ),
    h('pre', { class: 'json', 'data-testid': 'event-json' }, JSON.stringify(applyProfile(e, profile), null, 2)),
  );
}
