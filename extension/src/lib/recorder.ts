// Record mode: on a site without the SDK, the content script captures the researcher's own
// touchpoints with the SDK's capture functions (captures.ts) and hands each one, in the wire
// format, to the background.
import type { Json, WireEvent } from '../../../wire/index.js';
import type { Touchpoint } from '../../../sdk/src/capture/types';
import type { RecordingState } from './messages.js';
import type { CaptureSettings } from './settings.js';
import { CAPTURES } from './captures.js';
import { makeTouchpoint, pageInfo } from './touchpoint.js';

/** Drops `undefined` values: the wire format is JSON, and the SDK's descriptions may leave fields unset. */
function jsonProps(p: Touchpoint['properties']): Record<string, Json> | undefined {
  if (!p) return undefined;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out;
}

export function startRecorder(recording: RecordingState, capture: CaptureSettings, send: (e: WireEvent) => void): () => void {
  const ids = { sessionId: recording.sessionId, anonymousId: recording.anonymousId };
  let lastPage = '';
  const emit = (t: Touchpoint) => {
    if (t.type === 'page') {
      if (location.href === lastPage) return;
      lastPage = location.href;
    }
    send(makeTouchpoint({ type: t.type, name: t.name, properties: jsonProps(t.properties) }, ids, pageInfo()));
  };
  const stops = CAPTURES.filter((c) => c.setting === null || capture[c.setting]).map((c) => c.start(emit));
  // A content script's isolated world does not see the page's own history.pushState calls
  // (each world has its own wrappers), so SPA navigations are also noticed by polling the URL.
  const poll = setInterval(() => emit({ type: 'page' }), 500);
  return () => {
    clearInterval(poll);
    for (const stop of stops) stop();
  };
}
