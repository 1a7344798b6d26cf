// A person clicking through the demo shop in real Chromium, as a newcomer does after `npm start`
// with no configuration: the journey the collector reconstructs must read as the lifecycle they
// went through, count one burst of clicks as one pain point, and show their survey answer.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, PERSON_USER_AGENT, type Chromium } from '../helpers/chromium.js';
import { startCollector, type RunningCollector } from '../helpers/collector.js';
import { until } from '../sdk/e2e-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let collector: RunningCollector;
let browser: Chromium;

beforeAll(async () => {
  if (!existsSync(`${root}dist/sdk/waymark.iife.js`)) throw new Error('dist/sdk/waymark.iife.js is missing; run `npm run build` first');
  collector = await startCollector();
  browser = await launchChromium({ userAgent: PERSON_USER_AGENT });
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

const journeyOf = async (customerId: string) => {
  const res = await fetch(`${collector.url}/v1/customers/${encodeURIComponent(customerId)}/journey`, { headers: { authorization: `Bearer ${collector.readToken}` } });
  return res.status === 200 ? res.json() as Promise<any> : null;
};

it('the demo shop reads awareness → consideration → purchase → onboarding, then retention on a return visit', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${collector.url}/demo/`);
  await page.click('#consent-accept');
  await page.click('text=View lamp');
  // Five quick clicks on the price, which does nothing: one rage click, not six pain points.
  const box = (await page.locator('#price').boundingBox())!;
  for (let i = 0; i < 5; i++) await page.mouse.click(box.x + 5, box.y + 5);
  await page.waitForTimeout(1500);
  await page.click('#add');
  await page.click('text=Go to cart');
  await page.fill('#fullname', 'Grace Hopper');
  await page.fill('#email', 'grace@example.com');
  await page.click('#pay');
  await page.waitForSelector('#done:not([hidden])');
  // The demo survey (shipped with no configuration) asks how checkout felt.
  await page.getByRole('radio', { name: 'Delighted' }).click({ timeout: 15_000 });
  await page.getByRole('textbox').fill('Quick and easy');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForTimeout(1500);
  await page.click('#who');
  await page.fill('#login-email', 'grace@example.com');
  await page.fill('#password', 'secret-password');
  await page.click('#login-submit');
  await page.waitForURL('**/demo/account/');
  await page.click('#start');
  for (let i = 0; i < 3; i++) await page.click('#next');
  await page.waitForSelector('#setup-done');
  await page.click('text=Your orders');
  await page.waitForSelector('#orders li');
  await page.evaluate(() => window.waymark.flush());

  const customerId = 'user-grace-example-com';
  const first = await until('the first visit\'s journey', () => journeyOf(customerId), (j) => j?.touchpoints.some((t: any) => t.name === 'onboarding_completed'), 60_000);
  expect(first.stages.map((s: any) => s.stage)).toEqual(['awareness', 'consideration', 'purchase', 'onboarding']);
  expect(first.currentStage).toBe('onboarding');
  const frustration = first.painPoints.filter((p: any) => p.kind === 'rage_click' || p.kind === 'dead_click');
  expect(frustration.map((p: any) => p.kind)).toEqual(['rage_click']);
  expect(first.emotion.filter((e: any) => e.source === 'explicit').map((e: any) => e.score)).toEqual([1]);
  expect(first.emotion.some((e: any) => e.source === 'inferred' && e.score > 0)).toBe(true);
  // The shop's backend mailed an order confirmation (with the server key): an off-site
  // touchpoint in a session of its own, at the purchase stage.
  const mailed = first.touchpoints.filter((t: any) => t.offSite);
  expect(mailed.map((t: any) => [t.name, t.channel, t.stage])).toEqual([['order_confirmation', 'email', 'purchase']]);
  expect(first.sessions.filter((s: any) => s.offSite).map((s: any) => s.channel)).toEqual(['email']);

  // A return visit through an email campaign: a new session, and a retained customer.
  await page.goto(`${collector.url}/demo/account/?utm_source=newsletter&utm_medium=email&utm_campaign=tips`);
  await page.evaluate(() => window.waymark.flush());
  const visits = (j: any) => j.sessions.filter((s: any) => !s.offSite);
  const back = await until('the return visit', () => journeyOf(customerId), (j) => j && visits(j).length === 2, 60_000);
  expect(back.stages.map((s: any) => s.stage)).toEqual(['awareness', 'consideration', 'purchase', 'onboarding', 'retention']);
  expect(back.currentStage).toBe('retention');
  expect(visits(back)[1].channel).toBe('email');
  expect(back.painPoints.filter((p: any) => p.kind === 'dead_click')).toEqual([]);
});
