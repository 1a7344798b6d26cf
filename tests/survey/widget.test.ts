// The survey dialog alone (ui.ts), in real Chromium: keyboard, roles and labels, focus, hostile
// site CSS, RTL and a 320-px phone. It is bundled from source here, so these tests do not depend
// on the SDK core (tests/survey/sdk.test.ts covers the whole path). Screenshots of every instrument go to artifacts/survey/.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedSurvey } from '../../wire/index.js';
import { launchChromium, type Chromium } from '../helpers/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = `${root}artifacts/survey`;
let widget: string;
let browser: Chromium;
let page: Page;

beforeAll(async () => {
  const out = await build({
    stdin: { contents: `import { showSurvey } from './sdk/src/survey/ui'; (window as any).showSurvey = showSurvey;`, resolveDir: root, loader: 'ts' },
    bundle: true, minify: true, format: 'iife', write: false, target: 'es2020',
  });
  widget = out.outputFiles[0].text;
  mkdirSync(artifacts, { recursive: true });
  browser = await launchChromium();
  page = await browser.context.newPage();
});
afterAll(async () => browser?.close());

const survey = (over: Partial<ServedSurvey> = {}): ServedSurvey => ({
  id: 'post-purchase', instrument: 'emotion5', question: 'How do you feel about your order?', when: '(?!)', wait: 0, sample: 1, ...over,
});

const HOSTILE_CSS = `* { all: unset !important; } html, body { display: block !important; } head, script, style { display: none !important; }
  html { font-size: 6px !important; }
  div { transform: translateX(40px) scale(.5) !important; filter: blur(2px) !important; }
  button { display: none !important; } body * { font-size: 40px !important; color: red !important; }`;

/** A fresh page with a focused button, the widget file loaded, and the survey shown. */
async function open(def: ServedSurvey, opts: { css?: string; dir?: 'rtl' | 'ltr'; width?: number; focus?: string } = {}) {
  await page.setViewportSize({ width: opts.width ?? 800, height: 640 });
  await page.setContent(`<!doctype html><html dir="${opts.dir ?? 'ltr'}" lang="en"><head><style>${opts.css ?? ''}</style></head>
    <body><h1>Shop</h1><button id="before">Checkout</button><input id="field"></body></html>`);
  await page.addScriptTag({ content: widget });
  await page.evaluate(([def, focus]) => {
    (window as any).results = [];
    (document.getElementById(focus) as HTMLElement).focus();
    (window as any).showSurvey(def, (r: unknown) => (window as any).results.push(r));
  }, [def, opts.focus ?? 'before'] as const);
  // Screenshots after the entrance animation, not halfway through its fade.
  await page.waitForFunction(() => document.querySelector('[data-waymark-survey]')?.shadowRoot?.getAnimations().every((a) => a.playState === 'finished'));
}
const results = () => page.evaluate(() => (window as any).results as unknown[]);
const focusedLabel = () => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id);
const checked = () => page.locator('[role=radio][aria-checked=true]').getAttribute('aria-label');

describe('survey widget', () => {
  it.each([
    ['emotion5', { question: 'How do you feel about your order?' }],
    ['csat', { question: 'How satisfied are you with checkout?' }],
    ['ces', { question: 'How easy was it to find what you needed?' }],
    ['nps', { question: 'How likely are you to recommend us to a friend?' }],
    ['text', { question: 'What could we do better?' }],
  ] as const)('renders %s accessibly; screenshot on a desktop and a 320-px phone', async (instrument, over) => {
    await open(survey({ instrument, ...over }));
    const dialog = page.getByRole('dialog', { name: over.question });
    await expect(dialog.isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Close survey' }).count()).resolves.toBe(1);
    await page.screenshot({ path: `${artifacts}/${instrument}-desktop.png` });
    if (instrument === 'text') {
      await expect(page.getByRole('textbox', { name: over.question }).count()).resolves.toBe(1);
    } else {
      const group = page.getByRole('radiogroup', { name: over.question });
      const radios = group.getByRole('radio');
      const n = { emotion5: 5, csat: 5, ces: 7, nps: 11 }[instrument];
      await expect(radios.count()).resolves.toBe(n);
      const names = await radios.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(names.every((x) => x.trim().length > 0)).toBe(true);
      // Roving tabindex: exactly one radio is in the tab order.
      await expect(page.locator('[role=radio][tabindex="0"]').count()).resolves.toBe(1);
    }
    await open(survey({ instrument, ...over }), { width: 320 });
    await page.screenshot({ path: `${artifacts}/${instrument}-phone.png` });
    const boxes = await page.locator('[data-waymark-survey] >> [role=radio], button, textarea').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    for (const b of boxes) {
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(320);
      expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(24); // WCAG 2.2 target size
    }
  });

  it('names the five faces from very unhappy to delighted', async () => {
    await open(survey());
    const names = await page.getByRole('radio').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(names).toEqual(['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Delighted']);
  });

  it('moves the choice with arrow keys without submitting, confirms with Enter, and gives focus back', async () => {
    await open(survey());
    expect(await focusedLabel()).toBe('Very unhappy');
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowDown', 'End', 'Home', 'ArrowLeft']) await page.keyboard.press(key);
    expect(await checked()).toBe('Delighted'); // Left from the first wraps to the last
    await page.keyboard.press('ArrowLeft');
    expect(await results()).toEqual([]);
    expect(await focusedLabel()).toBe('Happy');
    await page.keyboard.press('Enter');
    expect(await results()).toEqual([{ score: 4, label: 'Happy' }]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('before');
    await expect(page.getByRole('status').textContent()).resolves.toBe('Thank you!');
  });

  it('confirms with Space', async () => {
    await open(survey({ instrument: 'nps' }));
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press(' ');
    expect(await results()).toEqual([{ score: 9, label: '9' }]);
  });

  it('records Escape as a dismissal, removes itself and returns focus', async () => {
    await open(survey({ instrument: 'csat' }));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    expect(await results()).toEqual([null]);
    await expect(page.locator('[data-waymark-survey]').count()).resolves.toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('before');
  });

  it('asks the free-text follow-up after a tap, and keeps the score when the follow-up is closed', async () => {
    await open(survey({ instrument: 'ces', followUp: 'What made it hard?' }));
    await page.getByRole('radio', { name: '2' }).click();
    const box = page.getByRole('textbox', { name: 'What made it hard?' });
    await box.fill('Shipping <b>costs</b> hidden');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Send
    expect(await results()).toEqual([{ score: 2, label: '2', comment: 'Shipping <b>costs</b> hidden' }]);

    await open(survey({ instrument: 'ces', followUp: 'What made it hard?' }));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await results()).toEqual([{ score: 1, label: '1' }]);
  });

  it('does not take focus from a customer who is typing', async () => {
    await open(survey(), { focus: 'field' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field');
  });

  it('survives hostile site CSS: stays fixed in the corner, visible and usable', async () => {
    await open(survey({ instrument: 'csat', question: 'Rate checkout' }), { css: HOSTILE_CSS });
    await page.screenshot({ path: `${artifacts}/csat-hostile-css.png` });
    const box = await page.getByRole('dialog').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeGreaterThan(780); // bottom-right corner, not shifted or scaled
    expect(box!.y + box!.height).toBeGreaterThan(620);
    const style = await page.getByRole('radio').first().evaluate((e) => ({ display: getComputedStyle(e).display, color: getComputedStyle(e).color }));
    expect(style.display).toBe('flex');
    expect(style.color).not.toBe('rgb(255, 0, 0)');
    await page.getByRole('radio', { name: /Satisfied$/ }).first().click();
    expect(await results()).toEqual([{ score: 4, label: 'Satisfied' }]);
  });

  it('mirrors for right-to-left pages: bottom-left corner, ArrowLeft moves forward', async () => {
    await open(survey({ instrument: 'csat', question: 'ما مدى رضاك؟', strings: { csat: 'سيئ جدا|سيئ|محايد|جيد|ممتاز', close: 'إغلاق' } }), { dir: 'rtl' });
    await page.screenshot({ path: `${artifacts}/csat-rtl.png` });
    const box = await page.getByRole('dialog').boundingBox();
    expect(box!.x).toBeLessThan(20);
    await page.keyboard.press('ArrowLeft');
    expect(await checked()).toBe('2, سيئ');
    await expect(page.getByRole('button', { name: 'إغلاق' }).count()).resolves.toBe(1);
  });

  it('follows prefers-reduced-motion and takes theme colours from CSS custom properties', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await open(survey(), { css: ':root { --waymark-survey-bg: rgb(10, 20, 30); --waymark-survey-fg: rgb(250, 250, 250); }' });
    const s = await page.getByRole('dialog').evaluate((e) => ({ anim: getComputedStyle(e).animationName, bg: getComputedStyle(e).backgroundColor, fg: getComputedStyle(e).color }));
    expect(s).toEqual({ anim: 'none', bg: 'rgb(10, 20, 30)', fg: 'rgb(250, 250, 250)' });
    await page.keyboard.press('ArrowRight');
    await page.screenshot({ path: `${artifacts}/emotion5-dark-theme.png` });
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  });
});
