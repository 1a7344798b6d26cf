// One manifest source for both browsers (MV3). Firefox wants background scripts and a gecko id;
// Chromium wants a service worker. Every permission is justified in extension/README.md.
export type Target = 'chromium' | 'firefox';

export const GECKO_ID = 'waymark-inspector@waymark.dev';

export function manifestFor(target: Target, version: string): Record<string, unknown> {
  const common = {
    manifest_version: 3,
    name: 'Waymark Inspector',
    short_name: 'Waymark',
    version,
    description: 'Inspect, record and annotate customer journeys: the live touchpoint stream of a page that embeds the Waymark SDK.',
    icons: { 16: 'icons/16.png', 32: 'icons/32.png', 48: 'icons/48.png', 128: 'icons/128.png' },
    permissions: ['storage', 'webRequest'],
    // Host access only where needed and only when the researcher grants it: the collector (stage
    // rules with the read token) and sites whose /v1/batch traffic should be watched.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: 'Waymark Inspector', default_popup: 'popup.html', default_icon: { 16: 'icons/16.png', 32: 'icons/32.png' } },
    devtools_page: 'devtools.html',
    options_ui: { page: 'options.html', open_in_tab: true },
    content_scripts: [
      { matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_start', all_frames: false },
      // In the page's world, so debug messages posted during pagehide still reach content.js.
      { matches: ['http://*/*', 'https://*/*'], js: ['page-relay.js'], run_at: 'document_start', all_frames: false, world: 'MAIN' },
    ],
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
  };
  const gecko = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: '142.0',
      // Nothing leaves the browser unless the researcher uploads a recording to their own collector.
      data_collection_permissions: { required: ['none'] },
    },
  };
  if (target === 'chromium') {
    // Chromium runs the service worker and ignores `scripts` (Chrome 121+); the fallback and the
    // gecko id keep the same manifest valid for Mozilla's linter, which checks both outputs.
    return { ...common, minimum_chrome_version: '121', background: { service_worker: 'background.js', scripts: ['background.js'] }, browser_specific_settings: gecko };
  }
  return { ...common, background: { scripts: ['background.js'] }, browser_specific_settings: gecko };
}
