// The debug channel: every touchpoint and delivery status posted to the page's own
// origin, where the extension's content script listens. On when init({ debug: true }) or when the
// extension has marked <html> with `data-waymark-debug` (checked per message: it is set at
// document_start, but a page may also switch it on later).
import { DEBUG_ATTRIBUTE, DEBUG_SOURCE, type DebugMessage } from '../../wire';

type WithoutSource<T> = T extends unknown ? Omit<T, 'source'> : never;
export type DebugPost = (msg: WithoutSource<DebugMessage>) => void;

export function debugChannel(forced: () => boolean): DebugPost {
  return (msg) => {
    if (!forced() && !document.documentElement.hasAttribute(DEBUG_ATTRIBUTE)) return;
    try {
      window.postMessage({ source: DEBUG_SOURCE, ...msg }, location.origin);
    } catch {
      // opaque origins (file:, sandboxed frames) cannot be targeted; nothing to debug there
    }
  };
}
