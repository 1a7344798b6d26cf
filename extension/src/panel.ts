// The DevTools panel: the inspector for the inspected tab, or for `?tab=<id>` when popped out.
import browser from 'webextension-polyfill';
import { mountInspector, tabFromQuery } from './views/inspector.js';

const root = document.getElementById('app')!;
const tabId = tabFromQuery(location.search) ?? browser.devtools?.inspectedWindow?.tabId;
if (tabId === undefined) root.textContent = 'Open this page from DevTools, or as panel.html?tab=<tabId>.';
else void mountInspector(root, tabId, 'panel');
