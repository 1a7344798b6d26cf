// Every autocapture in the core, by the name init({ autocapture: { name: false } }) switches it off
// with. Web vitals are a plugin (plugins/web-vitals.ts) to keep the core within its size budget.
import { captureClicks } from './capture/clicks';
import { captureDeadClicks } from './capture/dead-clicks';
import { captureErrors } from './capture/errors';
import { captureForms } from './capture/forms';
import { capturePageLeave } from './capture/page-leave';
import { capturePageViews } from './capture/page-views';
import { captureRageClicks } from './capture/rage-clicks';
import { captureScroll } from './capture/scroll';
import type { Emit, Unsubscribe } from './capture/types';

export const AUTOCAPTURE = {
  pageViews: capturePageViews,
  clicks: captureClicks,
  forms: captureForms,
  scroll: captureScroll,
  rageClicks: captureRageClicks,
  deadClicks: captureDeadClicks,
  errors: captureErrors,
  pageLeave: capturePageLeave,
} satisfies Record<string, (emit: Emit) => Unsubscribe>;

export type CaptureName = keyof typeof AUTOCAPTURE;
