// Recorded sessions: list, review, export as JSON, import, upload to a collector, delete.
import browser from 'webextension-polyfill';
import type { WireEvent } from '../../wire/index.js';
import { uploadEvents } from './lib/collector-api.js';
import { openRecordings, type RecordedSession } from './lib/recordings.js';
import { parseSettings } from './lib/settings.js';
import { clock, download, h, present, readJsonFile, shortUrl } from './views/dom.js';

async function main(root: HTMLElement): Promise<void> {
  const db = await openRecordings();
  let reviewing: { session: RecordedSession; events: WireEvent[] } | null = null;
  const flash = h('div', { class: 'flash hidden', role: 'status', 'data-testid': 'recordings-message' });
  const say = (text: string, bad = false) => { flash.textContent = text; flash.className = `flash ${bad ? 'bad' : ''}`; };
  const list = h('div', {});

  async function upload(s: RecordedSession): Promise<void> {
    const settings = parseSettings((await browser.storage.local.get('settings')).settings);
    const events = await db.events(s.id);
    const r = await uploadEvents(settings.collectorUrl, settings.writeKey, events);
    await db.markUploaded(s.id, { at: new Date().toISOString(), accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected.length });
    say(`Uploaded: ${r.accepted} accepted, ${r.duplicates} duplicates, ${r.rejected.length} rejected${r.rejected.length ? ` (${r.rejected[0].errors.join('; ')})` : ''}.`, r.rejected.length > 0);
  }

  async function render(): Promise<void> {
    const sessions = await db.list();
    list.replaceChildren(...present(
      sessions.length ? h('table', { class: 'stream', 'data-testid': 'sessions' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Started'), h('th', {}, 'Site'), h('th', {}, 'Kind'), h('th', {}, 'Touchpoints'), h('th', {}, 'Upload'), h('th', {}, ''))),
        h('tbody', {}, sessions.map((s) => h('tr', { 'data-session-id': s.id },
          h('td', { class: 'time' }, `${new Date(s.startedAt).toLocaleDateString()} ${clock(s.startedAt)}`),
          h('td', {}, s.site || '—'),
          h('td', {}, s.kind === 'recorded' ? (s.endedAt ? 'recorded' : 'recording…') : 'notes on an SDK session'),
          h('td', {}, String(s.events)),
          h('td', { class: 'small' }, s.upload ? `${s.upload.accepted} accepted · ${s.upload.duplicates} duplicate · ${s.upload.rejected} rejected` : 'not uploaded'),
          h('td', {}, h('div', { class: 'row-actions' },
            h('button', { class: 'btn', onclick: async () => { reviewing = { session: s, events: await db.events(s.id) }; await render(); } }, 'Review'),
            h('button', { class: 'btn', 'data-testid': 'export', onclick: async () => download(`waymark-${s.id.slice(0, 8)}.json`, await db.exportSession(s.id)) }, 'Export JSON'),
            h('button', { class: 'btn', onclick: async () => { try { await upload(s); } catch (err) { say((err as Error).message, true); } await render(); } }, 'Upload'),
            h('button', { class: 'btn danger', onclick: async () => { if (confirm('Delete this recording?')) { await db.remove(s.id); if (reviewing?.session.id === s.id) reviewing = null; await render(); } } }, 'Delete'),
          )))))) : h('div', { class: 'empty' }, 'No recordings yet. Press ● Record in the popup on any site.'),
      reviewing ? h('section', { class: 'card' },
        h('h2', {}, `Session ${reviewing.session.id.slice(0, 8)} · ${reviewing.events.length} touchpoints`),
        h('table', { class: 'stream' }, h('tbody', {}, reviewing.events.map((e) => h('tr', {},
          h('td', { class: 'time' }, clock(e.timestamp)),
          h('td', {}, h('span', { class: `type type-${e.type}` }, e.type)),
          h('td', { class: 'name' }, e.name ?? e.context.title ?? ''),
          h('td', { class: 'muted' }, e.name === '$note' ? String(e.properties?.note ?? '') : shortUrl(e.context.url ?? '')),
        ))))) : null,
    ));
  }

  const fileInput = h('input', { type: 'file', accept: 'application/json,.json', multiple: true, class: 'hidden', 'data-testid': 'import' });
  fileInput.addEventListener('change', async () => {
    try {
      let n = 0;
      for (const f of fileInput.files ?? []) n += (await db.importSessions(await readJsonFile(f))).length;
      say(`Imported ${n} session${n === 1 ? '' : 's'}.`);
    } catch (err) { say((err as Error).message, true); }
    fileInput.value = '';
    await render();
  });

  root.replaceChildren(
    h('header', { class: 'top' }, h('img', { src: 'icons/32.png', alt: '', class: 'logo' }), h('div', { class: 'title' }, h('strong', {}, 'Waymark'), h('span', { class: 'muted' }, 'Recordings')),
      h('span', { class: 'spacer' }), h('button', { class: 'btn', onclick: () => fileInput.click() }, 'Import JSON…'), fileInput,
      h('a', { class: 'btn ghost', href: 'options.html' }, 'Options')),
    h('div', { class: 'page' }, flash, list),
  );
  await render();
}

void main(document.getElementById('app')!);
