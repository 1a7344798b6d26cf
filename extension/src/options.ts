// Options: collector URL, write key, read token, record-mode captures (storage.local), and the
// per-site profiles, which a team can export and import as one JSON file.
import browser from 'webextension-polyfill';
import { DEFAULT_CAPTURE, parseProfiles, parseSettings, type CaptureSettings, type Settings } from './lib/settings.js';
import { download, h, readJsonFile } from './views/dom.js';

const CAPTURE_LABELS: Record<keyof CaptureSettings, string> = {
  clicks: 'Clicks on interactive elements', submits: 'Form submits', scroll: 'Scroll depth', rageClicks: 'Rage clicks',
  deadClicks: 'Dead clicks', errors: 'JavaScript errors', pageLeave: 'Page leave (time on page)',
};

async function main(root: HTMLElement): Promise<void> {
  const got = await browser.storage.local.get(['settings', 'profiles']);
  let settings: Settings;
  try { settings = parseSettings(got.settings); } catch { settings = parseSettings({}); }
  const flash = h('div', { class: 'flash hidden', role: 'status', 'data-testid': 'options-message' });
  const say = (text: string, bad = false) => { flash.textContent = text; flash.className = `flash ${bad ? 'bad' : ''}`; };

  const field = (name: 'collectorUrl' | 'writeKey' | 'readToken', label: string, hint: string, placeholder: string) =>
    h('label', { class: 'field' }, h('span', {}, label),
      h('input', { name, value: settings[name], placeholder, autocomplete: 'off', spellcheck: 'false' }),
      h('small', { class: 'muted' }, hint));

  const form = h('form', { class: 'card', 'data-testid': 'settings-form' },
    h('h2', {}, 'Collector'),
    field('collectorUrl', 'Collector URL', 'Where recordings are uploaded and stage rules are read from.', 'http://127.0.0.1:8787'),
    field('writeKey', 'Write key', 'Used to upload recorded sessions (POST /v1/batch). npm start prints it.', 'wk_…'),
    field('readToken', 'Read token', 'Optional: read the site\'s stage rules for the timeline badges.', 'rt_…'),
    h('h2', {}, 'Record mode captures'),
    h('div', { class: 'checks' }, (Object.keys(DEFAULT_CAPTURE) as (keyof CaptureSettings)[]).map((k) =>
      h('label', {}, h('input', { type: 'checkbox', name: `capture.${k}`, checked: settings.capture[k] }), ` ${CAPTURE_LABELS[k]}`))),
    h('div', { class: 'actions' }, h('button', { class: 'btn primary', type: 'submit' }, 'Save')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const capture = Object.fromEntries((Object.keys(DEFAULT_CAPTURE) as string[]).map((k) => [k, data.get(`capture.${k}`) === 'on']));
    try {
      const next = parseSettings({ collectorUrl: data.get('collectorUrl'), writeKey: data.get('writeKey'), readToken: data.get('readToken'), capture });
      // Reading stage rules sends an Authorization header, which needs host access to the collector.
      const permission = next.collectorUrl && next.readToken
        ? browser.permissions.request({ origins: [`${new URL(next.collectorUrl).origin}/*`] }).catch(() => false)
        : Promise.resolve(true);
      await browser.storage.local.set({ settings: next });
      settings = next;
      say((await permission) ? 'Saved.' : 'Saved. Without access to the collector the timeline uses the default stage rules.');
    } catch (err) { say((err as Error).message, true); }
  });

  let profilesText = JSON.stringify(got.profiles ?? {}, null, 2);
  const editor = h('textarea', { rows: 12, spellcheck: 'false', 'data-testid': 'profiles' }, profilesText);
  const saveProfiles = async (raw: unknown) => {
    const profiles = parseProfiles(raw);
    await browser.storage.local.set({ profiles });
    profilesText = JSON.stringify(profiles, null, 2);
    editor.value = profilesText;
    return Object.keys(profiles).length;
  };
  const fileInput = h('input', { type: 'file', accept: 'application/json,.json', class: 'hidden', 'data-testid': 'profiles-import' });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    try { say(`Imported ${await saveProfiles(await readJsonFile(file))} site profiles.`); } catch (err) { say((err as Error).message, true); }
    fileInput.value = '';
  });

  root.replaceChildren(
    h('header', { class: 'top' }, h('img', { src: 'icons/32.png', alt: '', class: 'logo' }), h('div', { class: 'title' }, h('strong', {}, 'Waymark'), h('span', { class: 'muted' }, 'Options'))),
    h('div', { class: 'page' },
      flash,
      form,
      h('section', { class: 'card' },
        h('h2', {}, 'Site profiles'),
        h('p', { class: 'muted' }, 'Per site origin: fields to show (dotted paths; empty shows all), fields to hide, event names to mute in the stream. Share them with your team by exporting.'),
        h('pre', { class: 'example' }, '{ "https://shop.example": { "show": [], "hide": ["context.userAgent"], "muted": ["$scroll_depth"] } }'),
        editor,
        h('div', { class: 'actions' },
          h('button', { class: 'btn primary', onclick: async () => {
            try { JSON.parse(editor.value); } catch { say('Profiles are not valid JSON: check commas and quotes.', true); return; }
            try { say(`Saved ${await saveProfiles(JSON.parse(editor.value))} site profiles.`); } catch (err) { say((err as Error).message, true); }
          } }, 'Save profiles'),
          h('button', { class: 'btn', onclick: async () => download('waymark-profiles.json', (await browser.storage.local.get('profiles')).profiles ?? {}) }, 'Export'),
          h('button', { class: 'btn', onclick: () => fileInput.click() }, 'Import…'),
          fileInput),
      ),
    ),
  );
}

void main(document.getElementById('app')!);
