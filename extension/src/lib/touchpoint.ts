// Touchpoints the extension itself makes: record-mode captures and researcher notes. They use
// the wire format unchanged, so a recorded session uploads like any SDK batch.
import type { Json, WireEvent } from '../../../wire/index.js';

export const EXTENSION_SDK = { name: 'waymark-extension', version: '0.1.0' } as const;

export interface PageInfo {
  url: string;
  title: string;
  referrer: string;
  locale: string;
  userAgent: string;
  screen: { width: number; height: number };
  viewport: { width: number; height: number };
}

export function pageInfo(): PageInfo {
  return {
    url: location.href,
    title: document.title,
    referrer: document.referrer,
    locale: navigator.language,
    userAgent: navigator.userAgent,
    screen: { width: screen.width, height: screen.height },
    viewport: { width: innerWidth, height: innerHeight },
  };
}

export function makeTouchpoint(
  base: { type: WireEvent['type']; name?: string; properties?: Record<string, Json> },
  ids: { sessionId: string; anonymousId: string; userId?: string },
  page: Partial<PageInfo> & { url: string },
  at: Date = new Date(),
): WireEvent {
  let path = '';
  try { path = new URL(page.url).pathname; } catch { /* keep empty: the url is shown as given */ }
  return {
    id: crypto.randomUUID(),
    type: base.type,
    ...(base.name ? { name: base.name } : {}),
    anonymousId: ids.anonymousId,
    ...(ids.userId ? { userId: ids.userId } : {}),
    sessionId: ids.sessionId,
    timestamp: at.toISOString(),
    ...(base.properties ? { properties: base.properties } : {}),
    context: {
      url: page.url, path,
      ...(page.title !== undefined ? { title: page.title } : {}),
      ...(page.referrer !== undefined ? { referrer: page.referrer } : {}),
      ...(page.locale ? { locale: page.locale } : {}),
      ...(page.userAgent ? { userAgent: page.userAgent } : {}),
      ...(page.screen ? { screen: page.screen } : {}),
      ...(page.viewport ? { viewport: page.viewport } : {}),
      sdk: { ...EXTENSION_SDK },
    },
  };
}

/** Emotion marks, −2..+2 as the researcher picks them, stored as an `emotion5` score 1..5. */
export const EMOTIONS = [
  { value: -2, label: 'very negative' },
  { value: -1, label: 'negative' },
  { value: 0, label: 'neutral' },
  { value: 1, label: 'positive' },
  { value: 2, label: 'very positive' },
] as const;

export function noteTouchpoint(
  note: string,
  emotion: number | null,
  ids: { sessionId: string; anonymousId: string; userId?: string },
  page: Partial<PageInfo> & { url: string },
  at?: Date,
): WireEvent {
  const mark = EMOTIONS.find((e) => e.value === emotion);
  const properties: Record<string, Json> = { note, author: 'researcher' };
  if (mark) Object.assign(properties, { emotion: mark.value, instrument: 'emotion5', score: mark.value + 3, label: mark.label });
  return makeTouchpoint({ type: 'track', name: '$note', properties }, ids, page, at);
}
