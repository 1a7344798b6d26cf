// The content script's half of the debug channel: switch it on for the page, pass on what the
// SDK posts. Kept apart from content.ts so the filtering rules are unit-tested.
import type { DebugMessage, DEBUG_ATTRIBUTE as WireDebugAttribute } from '../../../collector/src/wire.js';
import { isDebugMessage } from './messages.js';

// Typed as the wire module's constant, so the compiler catches drift; a value import would put
// zod into a content script that runs on every page.
const DEBUG_ATTRIBUTE: typeof WireDebugAttribute = 'data-waymark-debug';

/** Sets the flag the SDK reads; at document_start <html> may not exist yet, so wait for it. */
export function switchDebugOn(doc: Document): void {
  if (doc.documentElement) {
    doc.documentElement.setAttribute(DEBUG_ATTRIBUTE, '');
    return;
  }
  const mo = new MutationObserver(() => {
    if (!doc.documentElement) return;
    doc.documentElement.setAttribute(DEBUG_ATTRIBUTE, '');
    mo.disconnect();
  });
  mo.observe(doc, { childList: true });
}

/**
 * Passes on SDK messages posted by this very window to its own origin; anything else (other
 * frames, other origins, other libraries' messages) is ignored.
 */
export function startRelay(win: Window, send: (msg: DebugMessage) => void): () => void {
  const onMessage = (e: MessageEvent) => {
    if (e.source !== win || e.origin !== win.location.origin) return;
    if (isDebugMessage(e.data)) send(e.data);
  };
  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}
