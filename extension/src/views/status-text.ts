import type { Entry } from '../lib/tab-stream.js';

/** An entry's delivery status in words: a beacon's answer is unreadable, so `sent` says so until confirmed. */
export function statusText(e: Entry): string {
  return e.status === 'sent' && e.beacon ? 'sent by beacon, answer not readable' : e.status;
}
