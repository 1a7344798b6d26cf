import type { Entry } from '../lib/tab-stream.js';

/** What a row calls an event: its name, a page's title, else its type. */
export function eventLabel(e: Entry): string {
  return e.event.name ?? (e.event.type === 'page' ? e.event.context.title || e.event.context.path || 'page view' : e.event.type);
}
