// What the extension's browser tests share: the built extension, a page server with a site that
// embeds the real SDK and one that does not, and helpers to reach the extension's pages.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Worker } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const chromiumDir = join(root, 'dist/extension/chromium');
export const firefoxDir = join(root, 'dist/extension/firefox');
export const artifacts = join(root, 'artifacts');

export function requireBuiltExtension(): void {
  if (!existsSync(join(chromiumDir, 'manifest.json'))) {
    throw new Error('dist/extension/chromium is missing: run `npm run build` first (npm test does it for you)');
  }
}

/** The SDK's script-tag bundle: the built one, else bundled here from sdk/src/iife.ts. */
export async function sdkBundle(): Promise<string> {
  const built = join(root, 'dist/sdk/waymark.iife.js');
  if (existsSync(built)) return readFileSync(built, 'utf8');
  const out = await build({ entryPoints: [join(root, 'sdk/src/iife.ts')], bundle: true, format: 'iife', write: false, target: 'es2020' });
  return out.outputFiles[0].text;
}

export interface Sites { url: string; close(): Promise<void> }

/** `/shop/…` embeds the SDK (debug comes from the extension's flag only); `/plain/…` does not. */
export async function serveSites(collectorUrl: string, writeKey: string): Promise<Sites> {
  const sdk = await sdkBundle();
  const shop = (title: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<script>window.flagAtFirstScript = document.documentElement.hasAttribute('data-waymark-debug');</script>
<script>window.waymark = window.waymark || []; window.waymark.push(['init', { writeKey: ${JSON.stringify(writeKey)}, endpoint: ${JSON.stringify(collectorUrl)}, flushInterval: 200 }]);</script>
<script src="/waymark.iife.js"></script></head>
<body><h1>${title}</h1><button id="add-to-cart" class="cta">Add to cart</button> <a href="/shop/pricing">Pricing</a>
<script>document.getElementById('add-to-cart').addEventListener('click', () => waymark.track('added_to_cart', { sku: 'tea-1' }));</script>
</body></html>`;
  const plain = `<!doctype html><html><head><meta charset="utf-8"><title>Plain site</title></head>
<body><h1>A site without the SDK</h1><nav><a id="to-pricing" href="/plain/pricing">Pricing</a></nav>
<button id="signup" class="cta">Start free trial</button><form id="f"><input name="email" placeholder="Email"><button type="submit">Go</button></form>
<script>document.getElementById('f').addEventListener('submit', (e) => e.preventDefault());</script></body></html>`;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/waymark.iife.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(sdk); return; }
    if (path.startsWith('/shop/')) { res.writeHead(200, { 'content-type': 'text/html' }); res.end(shop(path === '/shop/pricing' ? 'Pricing' : 'Tea shop')); return; }
    if (path.startsWith('/plain/')) { res.writeHead(200, { 'content-type': 'text/html' }); res.end(plain); return; }
    res.writeHead(404); res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

export async function extensionWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? context.waitForEvent('serviceworker', { timeout: 30_000 });
}

/** The tab id the extension knows for a page, found through the streams it keeps per tab. */
export async function tabIdOf(worker: Worker, pageUrl: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const id = await worker.evaluate(async (url) => {
      const all = await (globalThis as any).chrome.storage.session.get(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(all)) {
        if (k.startsWith('stream:') && (v as { pages: { url: string }[] }).pages.some((p) => p.url === url)) return Number(k.slice(7));
      }
      return null;
    }, pageUrl);
    if (id !== null) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the extension never saw ${pageUrl}: is the content script declared for http pages?`);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
