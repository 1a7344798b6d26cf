// Messages between the content script, the background and the extension pages. One union, so
// each side's handler is checked by the compiler.
import { DEBUG_SOURCE, type DebugMessage, type Stage, type WireEvent } from '../../../wire/index.js';
import type { TabStream } from './tab-stream.js';
import type { CaptureSettings } from './settings.js';

export interface RecordingState { sessionId: string; anonymousId: string; startedAt: string }

export type ToBackground =
  | { type: 'hello'; url: string; title: string }
  | { type: 'debug'; message: DebugMessage; url: string }
  | { type: 'recorded'; event: WireEvent; url: string }
  | { type: 'stream'; tabId: number }
  | { type: 'clear'; tabId: number }
  | { type: 'record'; tabId: number; on: boolean }
  | { type: 'annotate'; tabId: number; note: string; emotion: number | null }
  | { type: 'highlight'; tabId: number; eventId: string }
  | { type: 'stages'; origin: string };

export interface HelloAnswer { recording: RecordingState | null; capture: CaptureSettings }
export interface StreamAnswer { stream: TabStream; recording: RecordingState | null }
export interface StagesAnswer { rules: StageRuleLike[]; source: 'collector' | 'defaults'; problem: string | null }
export interface StageRuleLike { stage: Stage; when: { event?: string; url?: string; properties?: Record<string, string | number | boolean | null> }; signal?: 'purchased' | 'onboarded' | 'lost' }

export type ToContent =
  | { type: 'record'; recording: RecordingState | null; capture: CaptureSettings }
  | { type: 'highlight'; event: WireEvent }
  | { type: 'note'; event: WireEvent };

/** True for a message the SDK's debug channel posted on this page. */
export function isDebugMessage(data: unknown): data is DebugMessage {
  if (!data || typeof data !== 'object') return false;
  const m = data as Record<string, unknown>;
  if (m.source !== DEBUG_SOURCE) return false;
  if (m.kind === 'touchpoint') return !!m.event && typeof (m.event as { id?: unknown }).id === 'string';
  if (m.kind === 'status') return Array.isArray(m.ids) && typeof m.status === 'string';
  return false;
}
