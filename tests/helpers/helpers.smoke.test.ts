import { afterAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from './collector.js';
import { launchChromium } from './chromium.js';

let c: RunningCollector | undefined;
afterAll(async () => { await c?.stop(); });

it('starts a collector process and a Chromium that can reach it', async () => {
  c = await startCollector();
  const b = await launchChromium();
  try {
    const page = await b.context.newPage();
    const res = await page.goto(`${c.url}/healthz`);
    expect(await res!.json()).toEqual({ ok: true, store: 'sqlite' });
  } finally {
    await b.close();
  }
  expect(await c.stop()).toBe(0);
  c = undefined;
});
