// The inspector shared by the popup and the DevTools panel: the tab's live touchpoint stream
// with delivery statuses, filters, detail, timeline, network, record mode and notes. What it
// shows is lib/inspector-state.ts; here, how, and the calls to the background.
import browser from 'webextension-polyfill';
import { EVENT_TYPES } from '../../../wire/index.js';
import {
  currentPage, inspectorState, receive, selectedEntry, siteProfile, stagesNote, statusCounts, streamRows, toggleEmotion,
  toggleSelected, visibleEntries, VIEWS,
} from '../lib/inspector-state.js';
import type { StagesAnswer, StreamAnswer, ToBackground } from '../lib/messages.js';
import { parseProfiles } from '../lib/settings.js';
import type { Entry, TabStream } from '../lib/tab-stream.js';
import { buildTimeline } from '../lib/timeline.js';
import { EMOTIONS } from '../lib/touchpoint.js';
import { clock, face, h, present, shortUrl } from './dom.js';
import { eventDetail } from './event-detail.js';
import { eventLabel } from './event-label.js';
import { statusText } from './status-text.js';
import { timelineView } from './timeline-view.js';

async function ask<T>(msg: ToBackground): Promise<T> {
  const answer = await browser.runtime.sendMessage(msg) as T | { error: string };
  if (answer && typeof answer === 'object' && 'error' in answer && typeof answer.error === 'string') throw new Error(answer.error);
  return answer as T;
}

export async function mountInspector(root: HTMLElement, tabId: number, mode: 'popup' | 'panel'): Promise<void> {
  const st = inspectorState();

  const loadProfiles = async () => {
    const got = await browser.storage.local.get('profiles');
    try { st.profiles = parseProfiles(got.profiles ?? {}); } catch { st.profiles = {}; }
  };
  await loadProfiles();
  browser.storage.onChanged.addListener((changes) => { if (changes.profiles) void loadProfiles().then(render); });
  void ask<StagesAnswer>({ type: 'stages', origin: '' }).then((s) => { st.stages = s; render(); }).catch(() => {});

  const say = (text: string, bad = false) => { st.message = { text, bad }; render(); setTimeout(() => { if (st.message?.text === text) { st.message = null; render(); } }, 4000); };

  async function refresh(): Promise<void> {
    if (receive(st, await ask<StreamAnswer>({ type: 'stream', tabId }))) render();
  }

  // Controls are built once and only relabelled, so typing in them survives the live refresh.
  const pauseBtn = h('button', { class: 'btn', 'data-testid': 'pause', title: 'Freeze the view; the background keeps collecting', onclick: () => { st.paused = !st.paused; render(); void refresh(); } });
  const recordBtn = h('button', {
    class: 'btn', 'data-testid': 'record', title: 'Record your own journey on this tab with the SDK\'s capture code',
    onclick: async () => {
      try {
        const on = !st.recording;
        await ask({ type: 'record', tabId, on });
        await refresh();
        say(on ? 'Recording: your pages and clicks on this tab are captured.' : 'Recording stopped; find it under Recordings.');
      } catch (err) { say((err as Error).message, true); }
    },
  });
  const toolbar = h('div', { class: 'toolbar' },
    pauseBtn,
    h('button', { class: 'btn', 'data-testid': 'clear', onclick: async () => { await ask({ type: 'clear', tabId }); st.selected = null; await refresh(); } }, 'Clear'),
    recordBtn,
    h('span', { class: 'spacer' }),
    h('select', { 'data-testid': 'filter-type', 'aria-label': 'Event type', onchange: (e: Event) => { st.filterType = (e.target as HTMLSelectElement).value; renderBody(); } },
      h('option', { value: '' }, 'all types'), EVENT_TYPES.map((t) => h('option', { value: t }, t))),
    h('input', { type: 'search', placeholder: 'Filter by name or text', 'aria-label': 'Filter', 'data-testid': 'filter-text', oninput: (e: Event) => { st.filterText = (e.target as HTMLInputElement).value; renderBody(); } }),
  );

  const noteInput = h('input', { type: 'text', placeholder: 'Note at this moment, e.g. "hesitates at shipping costs"', 'aria-label': 'Note', 'data-testid': 'note-text' });
  const emotionButtons = EMOTIONS.map((m) => h('button', {
    type: 'button', class: 'emo', title: m.label, 'aria-label': m.label, role: 'radio', 'aria-checked': 'false', 'data-emotion': m.value,
    onclick: () => { toggleEmotion(st, m.value); markEmotion(); },
  }, face(m.value / 2, 20)));
  const markEmotion = () => emotionButtons.forEach((b, i) => {
    const on = EMOTIONS[i].value === st.emotion;
    b.classList.toggle('picked', on);
    b.setAttribute('aria-checked', String(on));
  });
  const composer = h('form', {
    class: 'note', onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        await ask({ type: 'annotate', tabId, note: noteInput.value, emotion: st.emotion });
        noteInput.value = '';
        st.emotion = null;
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
      class: `row ${st.selected === e.event.id ? 'selected' : ''} src-${e.source}`, 'data-event-id': e.event.id, 'data-status': e.status,
      onclick: () => { toggleSelected(st, e.event.id); render(); },
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
        const url = currentPage(st);
        if (!url) return;
        const granted = await browser.permissions.request({ origins: [`${new URL(url).origin}/*`] });
        say(granted ? 'Site access granted: new batches will show here.' : 'Site access not granted; statuses still come from the debug channel.', !granted);
      } }, 'Grant access to this site'));

  const body = h('main', { class: 'body' });

  function renderBody(): void {
    body.replaceChildren();
    const stream = st.stream;
    if (!stream) { body.append(h('div', { class: 'empty' }, 'Loading…')); return; }
    if (st.view === 'stream') {
      if (!stream.entries.length) {
        body.append(h('div', { class: 'empty' },
          h('p', {}, 'No touchpoints in this tab yet.'),
          h('p', { class: 'muted' }, 'Reload a page that embeds the Waymark SDK, or press ● Record to capture your own journey here.')));
      } else body.append(streamList(streamRows(st)));
      const sel = selectedEntry(st);
      if (sel) body.append(eventDetail(sel, siteProfile(st), {
        highlight: () => void ask({ type: 'highlight', tabId, eventId: sel.event.id }).then(
          (r) => say((r as { found?: boolean } | undefined)?.found ? 'Outlined on the page.' : 'That element is no longer on the page.'),
          (err: Error) => say(err.message, true)),
        close: () => { st.selected = null; render(); },
      }));
    } else if (st.view === 'timeline') {
      body.append(timelineView(buildTimeline(visibleEntries(st), st.stages.rules), stagesNote(st.stages), (id) => { st.selected = id; st.view = 'stream'; render(); }));
    } else body.append(networkView(stream));
  }

  const headerSlot = h('div', {});
  const tabsSlot = h('div', {});
  const flashSlot = h('div', {});
  const footerSlot = h('div', {});
  root.replaceChildren(headerSlot, toolbar, tabsSlot, flashSlot, body, composer, footerSlot);

  function render(): void {
    const s = st.stream;
    pauseBtn.textContent = st.paused ? '▶ Resume' : '❚❚ Pause';
    pauseBtn.classList.toggle('on', st.paused);
    recordBtn.textContent = st.recording ? '■ Stop recording' : '● Record';
    recordBtn.classList.toggle('rec', !!st.recording);
    const page = currentPage(st);
    headerSlot.replaceChildren(h('header', { class: 'top' },
      h('img', { src: 'icons/32.png', alt: '', class: 'logo' }),
      h('div', { class: 'title' }, h('strong', {}, 'Waymark'), h('span', { class: 'muted' }, page ? shortUrl(page) : `tab ${tabId}`)),
      st.recording ? h('span', { class: 'rec-badge', 'data-testid': 'recording' }, '● REC') : null,
      h('span', { class: 'spacer' }),
      h('span', { class: 'counts' }, statusCounts(st).map(([k, n]) => h('span', { class: `status status-${k}` }, `${n} ${k}`))),
      mode === 'popup' ? h('a', { class: 'btn ghost', href: `panel.html?tab=${tabId}`, target: '_blank', title: 'Open the inspector in its own tab' }, '⤢') : null,
      h('a', { class: 'btn ghost', href: 'recordings.html', target: '_blank' }, 'Recordings'),
      h('a', { class: 'btn ghost', href: 'options.html', target: '_blank' }, 'Options'),
    ));
    tabsSlot.replaceChildren(h('nav', { class: 'tabs' }, VIEWS.map((v) =>
      h('button', { class: `tab ${st.view === v ? 'active' : ''}`, 'data-view': v, onclick: () => { st.view = v; render(); } },
        v === 'stream' ? `Stream (${s?.entries.length ?? 0})` : v === 'timeline' ? 'Timeline' : `Network (${s?.requests.length ?? 0})`))));
    const message = st.message;
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
