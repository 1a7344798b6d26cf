// Attack, SDK half: a button label whose emoji straddles the SDK's 60-character cut of an
// element's text (and an error message whose emoji straddles the 500-character cut) used to
// leave half the emoji, a lone surrogate, in the event. The real SDK in Chromium on the demo
// shop: the touchpoint it makes and the event the collector stores must end before the emoji.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { grantConsent, recordDebug, storedEvents, until } from '../sdk/e2e-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let collector: RunningCollector;
let browser: Chromium | undefined;

beforeAll(async () => {
  if (!existsSync(`${root}dist/sdk/waymark.iife.js`)) throw new Error('dist/sdk/waymark.iife.js is missing; run `npm run build` first');
  collector = await startCollector();
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

it('the SDK never cuts a string between the two halves of an emoji', async () => {
  browser = await launchChromium();
  await grantConsent(browser.context);
  const debug = await recordDebug(browser.context);
  const page = await browser.context.newPage();
  await page.goto(`${collector.url}/demo/`);
  const label = `${'A'.repeat(59)}😀 now`; // code units 59 and 60 are the emoji's two halves
  // Chromium reports it as "Uncaught Error: " + message: 16 + 483 puts the emoji at 499 and 500.
  const message = `${'E'.repeat(483)}😀 failed`;
  await page.evaluate(([label, message]) => {
    const b = document.createElement('button');
    b.id = 'long-label';
    b.textContent = label;
    document.body.prepend(b);
    setTimeout(() => { throw new Error(message); });
  }, [label, message]);
  await page.click('#long-label');
  await page.evaluate(() => window.waymark.flush());

  const made = await until('the $click and $error touchpoints', () => debug.touchpoints(),
    (ts) => ts.some((t) => t.name === '$click' && t.properties?.id === 'long-label') && ts.some((t) => t.name === '$error'));
  const click = made.find((t) => t.name === '$click' && t.properties?.id === 'long-label')!;
  const error = made.find((t) => t.name === '$error')!;
  expect(click.properties!.text).toBe('A'.repeat(59));
  expect(error.properties!.message).toBe(`Uncaught Error: ${'E'.repeat(483)}`);

  const stored = await until('both at the collector', () => storedEvents(collector.dbFile),
    (es) => es.some((e) => e.id === click.id) && es.some((e) => e.id === error.id));
  expect(stored.find((e) => e.id === click.id)!.properties!.text).toBe('A'.repeat(59));
  expect(stored.find((e) => e.id === error.id)!.properties!.message).toBe(error.properties!.message);
});
