// The toolbar popup: the inspector for the active tab, or for `?tab=<id>` when opened as a page.
import browser from 'webextension-polyfill';
import { mountInspector, tabFromQuery } from './views/inspector.js';

async function main(root: HTMLElement): Promise<void> {
  const tabId = tabFromQuery(location.search) ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) root.textContent = 'No tab to inspect.';
  else await mountInspector(root, tabId, 'popup');
}

void main(document.getElementById('app')!);
