// Runs in the page's own world at document_start (manifest `world: "MAIN"`). The SDK's debug
// messages are posted with window.postMessage, which delivers them asynchronously: the ones
// posted in `pagehide` (the beacon's `sent`) are dropped with the unloading document before any
// listener runs. So the call is also passed on synchronously, as a DOM event with the message as
// JSON text, which the content script in its isolated world receives at once.
import { DEBUG_SOURCE } from '../../wire/index.js';
import { SYNC_RELAY_EVENT } from './lib/relay.js';

const original = window.postMessage;
window.postMessage = function (this: Window, message: unknown, ...rest: unknown[]) {
  if (message && typeof message === 'object' && (message as { source?: unknown }).source === DEBUG_SOURCE) {
    try {
      document.dispatchEvent(new CustomEvent(SYNC_RELAY_EVENT, { detail: JSON.stringify(message) }));
    } catch { /* a message that is not JSON: the asynchronous path still carries it */ }
  }
  return (original as (...a: unknown[]) => void).apply(this, [message, ...rest]);
} as typeof window.postMessage;
