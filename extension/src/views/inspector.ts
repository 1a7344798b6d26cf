// The inspector shared by the popup and the DevTools panel: the tab's live touchpoint stream
// with delivery statuses, filters, detail, timeline, network, record mode and notes.
import browser from 'webextension-polyfill';
import { EVENT_TYPES } from '../../../wire/index.js';
import type { RecordingState, StagesAnswer, StreamAnswer, ToBackground } from '../lib/messages.js';
import { isMuted, parseProfiles, type Profiles, type SiteProfile } from '../lib/settings.js';
import { DEFAULT_STAGE_RULES } from '../lib/stages.js';
import type { Entry, TabStream } from '../lib/tab-stream.js';
import { buildTimeline } from '../lib/timeline.js';
import { EMOTIONS } from '../lib/touchpoint.js';
import { clock, face, h, present, shortUrl } from './dom.js';
import { eventDetail } from './event-detail.js';
import { eventLabel } from './event-label.js';
import { statusText } from './status-text.js';
import { timelineView } from './timeline-view.js';

type View = 'stream' | 'timeline' | 'network';

async function ask<T>(msg: ToBackground): Promise<T> {
  const answer = await browser.runtime.sendMessage(msg) as T | { error: string };
  if (answer && typeof answer === 'object' && 'error' in answer && typeof answer.error === 'string') throw new Error(answer.error);
  return answer as T;
}

export function matchesFilter(e: Entry, type: string, text: string): boolean {
  if (type && e.event.type !== type) return false;
  if (!text) return true;
  const t = text.toLowerCase();
  return (e.event.name ?? '').toLowerCase().includes(t) || JSON.stringify(e.event).toLowerCase().includes(t);
}

export async function mountInspector(root: HTMLElement, tabId: number, mode: 'popup' | 'panel'): Promise<void> {
  let stream: TabStream | null = null;
  let recording: RecordingState | null = null;
  let paused = false;
  let view: View = 'stream';
  let selected: string | null = null;
  let filterType = '';
  let filterText = '';
  let emotion: number | null = null;
  let message: { text: string; bad: boolean } | null = null;
  let stages: StagesAnswer = { rules: DEFAULT_STAGE_RULES, source: 'defaults', problem: null };
  let profiles: Profiles = {};
  let shownVersion = -1;

  const loadProfiles = async () => {
    const got = await browser.storage.local.get('profiles');
    try { profiles = parseProfiles(got.profiles ?? {}); } catch { profiles = {}; }
  };
  await loadProfiles();
  browser.storage.onChanged.addListener((changes) => { if (changes.profiles) void loadProfiles().then(render); });
  void ask<StagesAnswer>({ type: 'stages', origin: '' }).then((s) => { stages = s; render(); }).catch(() => {});

  const siteProfile = (): SiteProfile | undefined => {
    const url = stream?.pages[stream.pages.length - 1]?.url;
    try { return url ? profiles[new URL(url).origin] : undefined; } catch { return undefined; }
  };

  const say = (text: string, bad = false) => { message = { text, bad }; render(); setTimeout(() => { if (message?.text === text) { message = null; render(); } }, 4000); };

  async function refresh(): Promise<void> {
    const answer = await ask<StreamAnswer>({ type: 'stream', tabId });
    const changed = answer.stream.version !== shownVersion || answer.recording?.sessionId !== recording?.sessionId;
    recording = answer.recording;
    if (!paused || !stream) stream = answer.stream;
    if (changed && !paused) { shownVersion = answer.stream.version; render(); }
  }

  // Controls are built once and only relabelled, so typing in them survives the live refresh.
  const pauseBtn = h('button', { class: 'btn', 'data-testid': 'pause', title: 'Freeze the view; the background keeps collecting', onclick: () => { paused = !paused; render(); void refresh(); } });
  const recordBtn = h('button', {
    class: 'btn', 'data-testid': 'record', title: 'Record your own journey on this tab with the SDK\'s capture code',
    onclick: async () => {
      try {
        const on = !recording;
        await ask({ type: 'record', tabId, on });
        await refresh();
        say(on ? 'Recording: your pages and clicks on this tab are captured.' : 'Recording stopped; find it under Recordings.');
      } catch (err) { say((err as Error).message, true); }
    },
  });
  const toolbar = h('div', { class: 'toolbar' },
    pauseBtn,
    h('button', { class: 'btn', 'data-testid': 'clear', onclick: async () => { await ask({ type: 'clear', tabId }); selected = null; await refresh(); } }, 'Clear'),
    recordBtn,
    h('span', { class: 'spacer' }),
    h('select', { 'data-testid': 'filter-type', 'aria-label': 'Event type', onchange: (e: Event) => { filterType = (e.target as HTMLSelectElement).value; renderBody(); } },
      h('option', { value: '' }, 'all types'), EVENT_TYPES.map((t) => h('option', { value: t }, t))),
    h('input', { type: 'search', placeholder: 'Filter by name or text', 'aria-label': 'Filter', 'data-testid': 'filter-text', oninput: (e: Event) => { filterText = (e.target as HTMLInputElement).value; renderBody(); } }),
  );

  const noteInput = h('input', { type: 'text', placeholder: 'Note at this moment, e.g. "hesitates at shipping costs"', 'aria-label': 'Note', 'data-testid': 'note-text' });
  const emotionButtons = EMOTIONS.map((m) => h('button', {
    type: 'button', class: 'emo', title: m.label, 'aria-label': m.label, role: 'radio', 'aria-checked': 'false', 'data-emotion': m.value,
    onclick: () => { emotion = emotion === m.value ? null : m.value; markEmotion(); },
  }, face(m.value / 2, 20)));
  const markEmotion = () => emotionButtons.forEach((b, i) => {
    const on = EMOTIONS[i].value === emotion;
    b.classList.toggle('picked', on);
    b.setAttribute('aria-checked', String(on));
  });
  const composer = h('form', {
    class: 'note', onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        await ask({ type: 'annotate', tabId, note: noteInput.value, emotion });
        noteInput.value = '';
        emotion = null;
        markEmotion();
        await refresh();
        say('Note added to the session.');
      } catch (err) { say((err as Error).message, true); }
    },
  },
  noteInput,
  h('span', { class: 'emotions', role: 'radiogroup', 'aria-label': 'Emotion mark' }, emotionButtons),
  h('button', { class: 'btn primary', type: 'submit', 'data-testid': 'add-note' }, 'Add note'));

  const streamList = (entries: Entry[]) => h('table', { class: 'stream', 'data-testid': 'stream' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Type'), h('th', {}, 'Event'), h('th', {}, 'Status'), mode === 'panel' ? h('th', {}, 'Page') : null)),
    h('tbody', {}, entries.map((e) => h('tr', {
      class: `row ${selected === e.event.id ? 'selected' : ''} src-${e.source}`, 'data-event-id': e.event.id, 'data-status': e.status,
      onclick: () => { selected = selected === e.event.id ? null : e.event.id; render(); },
    },
    h('td', { class: 'time' }, clock(e.event.timestamp)),
    h('td', {}, h('span', { class: `type type-${e.event.type}` }, e.event.type)),
    h('td', { class: 'name', 'data-testid': 'event-name', title: eventLabel(e) }, eventLabel(e)),
    h('td', {}, h('span', { class: `status status-${e.status}`, 'data-testid': 'event-status', title: e.errors.join('\n') }, statusText(e))),
    mode === 'panel' ? h('td', { class: 'page muted' }, shortUrl(e.event.context.url ?? e.pageUrl)) : null,
    ))));

  const networkView = (s: TabStream) => s.requests.length
    ? h('table', { class: 'stream', 'data-testid': 'network' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Via'), h('th', {}, 'URL'), h('th', {}, 'Events'), h('th', {}, 'Answer'))),
      h('tbody', {}, [...s.requests].reverse().map((r) => h('tr', {},
        h('td', { class: 'time' }, clock(r.startedAt)), h('td', {}, r.via), h('td', { class: 'muted' }, shortUrl(r.url)),
        h('td', {}, r.ids.length ? String(r.ids.length) : r.via === 'beacon' ? 'body hidden (beacon); see statuses' : '?'),
        h('td', {}, r.error ?? (r.statusCode === null ? 'pending' : `HTTP ${r.statusCode}`))))))
    : h('div', { class: 'empty' }, 'No /v1/batch request seen. Network watching needs site access: ',
      h('button', { class: 'btn', onclick: async () => {
        const url = s.pages[s.pages.length - 1]?.url;
        if (!url) return;
        const granted = await browser.permissions.request({ origins: [`${new URL(url).origin}/*`] });
        say(granted ? 'Site access granted: new batches will show here.' : 'Site access not granted; statuses still come from the debug channel.', !granted);
      } }, 'Grant access to this site'));

  const body = h('main', { class: 'body' });

  function renderBody(): void {
    body.replaceChildren();
    if (!stream) { body.append(h('div', { class: 'empty' }, 'Loading…')); return; }
    const profile = siteProfile();
    const visible = stream.entries.filter((e) => !isMuted(e.event.name, e.event.type, profile));
    if (view === 'stream') {
      const shown = visible.filter((e) => matchesFilter(e, filterType, filterText)).reverse();
      if (!stream.entries.length) {
        body.append(h('div', { class: 'empty' },
          h('p', {}, 'No touchpoints in this tab yet.'),
          h('p', { class: 'muted' }, 'Reload a page that embeds the Waymark SDK, or press ● Record to capture your own journey here.')));
      } else body.append(streamList(shown));
      const sel = selected ? stream.entries.find((e) => e.event.id === selected) : undefined;
      if (sel) body.append(eventDetail(sel, profile, {
        highlight: () => void ask({ type: 'highlight', tabId, eventId: sel.event.id }).then(
          (r) => say((r as { found?: boolean } | undefined)?.found ? 'Outlined on the page.' : 'That element is no longer on the page.'),
          (err: Error) => say(err.message, true)),
        close: () => { selected = null; render(); },
      }));
    } else if (view === 'timeline') {
      const note = stages.source === 'collector' ? 'Stages from the collector\'s rules.' : `Stages from the default rules${stages.problem ? ` (${stages.problem})` : ' (set a read token in Options for the site\'s own)'}.`;
      body.append(timelineView(buildTimeline(visible, stages.rules), note, (id) => { selected = id; view = 'stream'; render(); }));
    } else body.append(networkView(stream));
  }

  const headerSlot = h('div', {});
  const tabsSlot = h('div', {});
  const flashSlot = h('div', {});
  const footerSlot = h('div', {});
  root.replaceChildren(headerSlot, toolbar, tabsSlot, flashSlot, body, composer, footerSlot);

  function render(): void {
    const s = stream;
    pauseBtn.textContent = paused ? '▶ Resume' : '❚❚ Pause';
    pauseBtn.classList.toggle('on', paused);
    recordBtn.textContent = recording ? '■ Stop recording' : '● Record';
    recordBtn.classList.toggle('rec', !!recording);
    const counts = new Map<string, number>();
    for (const e of s?.entries ?? []) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
    const page = s?.pages[s.pages.length - 1]?.url;
    headerSlot.replaceChildren(h('header', { class: 'top' },
      h('img', { src: 'icons/32.png', alt: '', class: 'logo' }),
      h('div', { class: 'title' }, h('strong', {}, 'Waymark'), h('span', { class: 'muted' }, page ? shortUrl(page) : `tab ${tabId}`)),
      recording ? h('span', { class: 'rec-badge', 'data-testid': 'recording' }, '● REC') : null,
      h('span', { class: 'spacer' }),
      h('span', { class: 'counts' }, [...counts].map(([k, n]) => h('span', { class: `status status-${k}` }, `${n} ${k}`))),
      mode === 'popup' ? h('a', { class: 'btn ghost', href: `panel.html?tab=${tabId}`, target: '_blank', title: 'Open the inspector in its own tab' }, '⤢') : null,
      h('a', { class: 'btn ghost', href: 'recordings.html', target: '_blank' }, 'Recordings'),
      h('a', { class: 'btn ghost', href: 'options.html', target: '_blank' }, 'Options'),
    ));
    tabsSlot.replaceChildren(h('nav', { class: 'tabs' }, (['stream', 'timeline', 'network'] as View[]).map((v) =>
      h('button', { class: `tab ${view === v ? 'active' : ''}`, 'data-view': v, onclick: () => { view = v; render(); } },
        v === 'stream' ? `Stream (${s?.entries.length ?? 0})` : v === 'timeline' ? 'Timeline' : `Network (${s?.requests.length ?? 0})`))));
    flashSlot.replaceChildren(...present(message ? h('div', { class: `flash ${message.bad ? 'bad' : ''}`, role: 'status' }, message.text) : null));
    footerSlot.replaceChildren(...present(s?.dropped ? h('footer', { class: 'muted small' }, `Older touchpoints dropped to stay within ${s.entries.length} entries.`) : null));
    renderBody();
  }

  render();
  await refresh().catch((err: Error) => say(err.message, true));
  setInterval(() => void refresh().catch(() => {}), 500);
}

/** The tab an inspector page is bound to: `?tab=<id>`, else the given fallback. */
export function tabFromQuery(search: string): number | null {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null) return null;
  const id = Number(raw);
  return Number.isInteger(id) && id >= 0 ? id : null;
}
