// Declared for http(s) pages at document_start: switches the SDK's debug channel on
// before the page's scripts run and relays it; also runs record mode and highlights elements.
import browser from 'webextension-polyfill';
import type { HelloAnswer, RecordingState, ToBackground, ToContent } from './lib/messages.js';
import { findElement, highlight } from './lib/highlight.js';
import { startRecorder } from './lib/recorder.js';
import { startRelay, switchDebugOn } from './lib/relay.js';
import type { CaptureSettings } from './lib/settings.js';

const send = (msg: ToBackground) => browser.runtime.sendMessage(msg).catch(() => undefined);

switchDebugOn(document);
startRelay(window, (message) => void send({ type: 'debug', message, url: location.href }));

let stopRecorder: (() => void) | null = null;
let recordingId: string | null = null;

function applyRecording(recording: RecordingState | null, capture: CaptureSettings): void {
  if (recording?.sessionId === recordingId) return;
  stopRecorder?.();
  stopRecorder = null;
  recordingId = recording?.sessionId ?? null;
  if (!recording) return;
  const start = () => {
    if (recordingId !== recording.sessionId) return;
    stopRecorder = startRecorder(recording, capture, (event) => void send({ type: 'recorded', event, url: location.href }));
  };
  // Captures need the body; at document_start it may not exist yet.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

void (send({ type: 'hello', url: location.href, title: document.title }) as Promise<HelloAnswer | undefined>).then((answer) => {
  if (answer?.recording) applyRecording(answer.recording, answer.capture);
});

browser.runtime.onMessage.addListener((raw: unknown) => {
  const msg = raw as ToContent;
  if (msg.type === 'record') applyRecording(msg.recording, msg.capture);
  if (msg.type === 'highlight') {
    const el = findElement(document, msg.event);
    if (el) highlight(document, el);
    return Promise.resolve({ found: !!el });
  }
  return undefined;
});
