// The SDK's own capture functions (sdk/src/capture/*), imported, never copied, so record mode
// captures exactly what the SDK would; each is switchable on the options page.
import { captureClicks } from '../../../sdk/src/capture/clicks';
import { captureDeadClicks } from '../../../sdk/src/capture/dead-clicks';
import { captureErrors } from '../../../sdk/src/capture/errors';
import { captureForms } from '../../../sdk/src/capture/forms';
import { capturePageLeave } from '../../../sdk/src/capture/page-leave';
import { capturePageViews } from '../../../sdk/src/capture/page-views';
import { captureRageClicks } from '../../../sdk/src/capture/rage-clicks';
import { captureScroll } from '../../../sdk/src/capture/scroll';
import type { Emit, Unsubscribe } from '../../../sdk/src/capture/types';
import type { CaptureSettings } from './settings.js';

export interface RecorderCapture { setting: keyof CaptureSettings | null; start(emit: Emit): Unsubscribe }

export const CAPTURES: RecorderCapture[] = [
  { setting: null, start: capturePageViews },
  { setting: 'clicks', start: captureClicks },
  { setting: 'submits', start: captureForms },
  { setting: 'scroll', start: captureScroll },
  { setting: 'rageClicks', start: (emit) => captureRageClicks(emit) },
  { setting: 'deadClicks', start: (emit) => captureDeadClicks(emit) },
  { setting: 'errors', start: (emit) => captureErrors(emit) },
  { setting: 'pageLeave', start: capturePageLeave },
];
