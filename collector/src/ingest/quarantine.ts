// What the quarantine keeps of a rejected event, and how it stays bounded. Junk is free to send:
// without bounds, 16 senders of 70 KB junk events grew a database by 1.5 GB in 15 s. So a row
// keeps the first 4 KB of the event (enough to see what is wrong) and at most 20 reasons, and
// each site keeps its newest `limits.quarantineRows` rows for `limits.quarantineDays` days.
import type { Store } from '../store/store.js';

export const QUARANTINE_RAW_BYTES = 4096;
export const QUARANTINE_MAX_ERRORS = 20;
const DAY_MS = 86_400_000;
/** Retention is applied at least this often per site that sends, even without new rejects. */
const RETENTION_EVERY_MS = 3_600_000;

/** `text` (an event's JSON) cut to 4 KB on a UTF-8 character boundary, with a marker when cut. */
export function quarantineRaw(text: string): string {
  // A UTF-8 character is at most 3 bytes per UTF-16 code unit: short texts need no counting.
  if (text.length * 3 <= QUARANTINE_RAW_BYTES) return text;
  const bytes = Buffer.from(text);
  if (bytes.length <= QUARANTINE_RAW_BYTES) return text;
  let end = QUARANTINE_RAW_BYTES;
  while ((bytes[end] & 0xc0) === 0x80) end--; // not inside a multi-byte character
  return `${bytes.subarray(0, end).toString('utf8')}…[cut: the event was ${bytes.length} bytes; the first ${end} are kept]`;
}

export function quarantineErrors(errors: string[]): string[] {
  if (errors.length <= QUARANTINE_MAX_ERRORS) return errors;
  return [...errors.slice(0, QUARANTINE_MAX_ERRORS), `…and ${errors.length - QUARANTINE_MAX_ERRORS} more`];
}

export interface QuarantineLimits { quarantineRows: number; quarantineDays: number }

/**
 * Trims a site's quarantine after a batch quarantined something (and hourly while the site
 * sends, for the retention). One trim per site at a time: requests arriving meanwhile ask for
 * one more run after it instead of each running their own, so a flood of junk costs one
 * trim at a time, not one per request.
 */
export function quarantineTrimmer(store: Store, limits: QuarantineLimits, now: () => number) {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const lastRun = new Map<string, number>();
  const trim = (siteId: string): Promise<void> => {
    const busy = running.get(siteId);
    if (busy) {
      again.add(siteId);
      return busy;
    }
    const run = (async () => {
      do {
        again.delete(siteId);
        lastRun.set(siteId, now());
        await store.trimQuarantine(siteId, { rows: limits.quarantineRows, since: now() - limits.quarantineDays * DAY_MS });
      } while (again.has(siteId));
    })().catch((e) => console.error(`quarantine trim for site "${siteId}" failed (retried with the next reject):`, e))
      .finally(() => running.delete(siteId));
    running.set(siteId, run);
    return run;
  };
  return {
    /** After a site's batch is stored; resolves when its quarantine is within bounds again. */
    afterIngest(siteId: string, quarantined: number): Promise<void> {
      if (quarantined > 0 || now() - (lastRun.get(siteId) ?? -Infinity) > RETENTION_EVERY_MS) return trim(siteId);
      return Promise.resolve();
    },
  };
}
