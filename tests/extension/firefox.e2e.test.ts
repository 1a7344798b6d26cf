// The Firefox build in a real Firefox ESR (when installed): it installs, and its content script
// switches the SDK's debug channel on at document_start, before the page's first script runs.
// Firefox does not let WebDriver open moz-extension:// pages, so the inspector pages themselves
// are covered in Chromium and by firefox-background.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { firefoxDir, requireBuiltExtension, serveSites, type Sites } from './fixtures.js';
import { hasFirefox, launchFirefox, type Firefox } from './firefox-bidi.js';

const WRITE_KEY = 'wk_extension_ff';

describe.skipIf(!hasFirefox())('Firefox ESR (skipped when /usr/bin/firefox-esr is not installed)', () => {
  let collector: RunningCollector;
  let sites: Sites;
  let ff: Firefox;

  beforeAll(async () => {
    requireBuiltExtension();
    collector = await startCollector({ config: { sites: [{ id: 'ff', writeKey: WRITE_KEY, origins: ['*'] }] } });
    sites = await serveSites(collector.url, WRITE_KEY);
    ff = await launchFirefox();
  });
  afterAll(async () => {
    await ff?.close();
    await sites?.close();
    await collector?.stop();
  });

  const evaluate = async (context: string, expression: string) => {
    const r = await ff.cmd<{ type: string; result?: { value: unknown }; exceptionDetails?: { text: string } }>('script.evaluate', { expression, target: { context }, awaitPromise: true });
    if (r.type !== 'success') throw new Error(`evaluate failed: ${r.exceptionDetails?.text}`);
    return r.result!.value;
  };

  it('installs the Firefox build and switches the debug channel on before the page\'s scripts run', async () => {
    const installed = await ff.cmd<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: firefoxDir } });
    expect(installed.extension).toBe('waymark-inspector@waymark.dev');
    const { context } = await ff.cmd<{ context: string }>('browsingContext.create', { type: 'tab' });
    await ff.cmd('browsingContext.navigate', { context, url: `${sites.url}/shop/`, wait: 'complete' });
    expect(await evaluate(context, 'document.documentElement.hasAttribute("data-waymark-debug")')).toBe(true);
    // The shop page's first inline script records whether the flag was already there.
    expect(await evaluate(context, 'window.flagAtFirstScript')).toBe(true);
    // The SDK, seeing the flag, posts on the debug channel: the content script has something to relay.
    const posted = await evaluate(context, `new Promise((resolve) => {
      const seen = [];
      addEventListener('message', (e) => { if (e.data && e.data.source === 'waymark-sdk') seen.push(e.data.kind + ':' + (e.data.status || e.data.event.name || e.data.event.type)); });
      waymark.track('added_to_cart', { sku: 'tea-1' });
      setTimeout(() => resolve(JSON.stringify(seen)), 3000);
    })`) as string;
    expect(JSON.parse(posted)).toEqual(expect.arrayContaining(['touchpoint:added_to_cart', 'status:accepted']));
  });
});
