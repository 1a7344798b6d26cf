// Launches Debian's Chromium through playwright-core with the flags this machine needs (no
// network beyond loopback, no sandbox as root) and a fresh profile unless one is given.
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface Chromium {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * A person's user agent. Headless Chromium says "HeadlessChrome", which the collector counts as
 * a bot and leaves out of journeys; a test that plays a customer and reads their journey uses this.
 */
export const PERSON_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export async function launchChromium(opts: { userDataDir?: string; extensionDir?: string; keepProfile?: boolean; userAgent?: string } = {}): Promise<Chromium> {
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'waymark-chromium-'));
  const args = [...CHROMIUM_ARGS];
  if (opts.extensionDir) args.push('--headless=new', `--load-extension=${opts.extensionDir}`, `--disable-extensions-except=${opts.extensionDir}`);
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args, userAgent: opts.userAgent });
  return {
    context,
    userDataDir,
    async close() {
      await context.close().catch(() => {});
      if (!opts.keepProfile && !opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
