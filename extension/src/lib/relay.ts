// The content script's half of the debug channel: switch it on for the page, pass on what the
// SDK posts. Kept apart from content.ts so the filtering rules are unit-tested.
import { DEBUG_ATTRIBUTE, type DebugMessage } from '../../../wire/index.js';
import { isDebugMessage } from './messages.js';

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

/** The DOM event page-relay.ts dispatches, synchronously, for each SDK debug message. */
export const SYNC_RELAY_EVENT = 'waymark-debug-relay';

/**
 * Passes on SDK messages posted by this very window to its own origin; anything else (other
 * frames, other origins, other libraries' messages) is ignored. Each message arrives twice when
 * page-relay.ts runs: at once as a DOM event (so messages posted during `pagehide` are not lost),
 * later as the real `message` event, which is then skipped.
 */
export function startRelay(win: Window, send: (msg: DebugMessage) => void): () => void {
  const early = new Map<string, number>();
  const onSync = (e: Event) => {
    const text = (e as CustomEvent).detail;
    if (typeof text !== 'string') return;
    let data: unknown;
    try { data = JSON.parse(text); } catch { return; }
    if (!isDebugMessage(data)) return;
    early.set(text, (early.get(text) ?? 0) + 1);
    send(data);
  };
  const onMessage = (e: MessageEvent) => {
    if (e.source !== win || e.origin !== win.location.origin) return;
    if (!isDebugMessage(e.data)) return;
    const text = JSON.stringify(e.data);
    const n = early.get(text);
    if (n) {
      if (n === 1) early.delete(text);
      else early.set(text, n - 1);
      return;
    }
    send(e.data);
  };
  win.document.addEventListener(SYNC_RELAY_EVENT, onSync);
  win.addEventListener('message', onMessage);
  return () => {
    win.document.removeEventListener(SYNC_RELAY_EVENT, onSync);
    win.removeEventListener('message', onMessage);
  };
}
