// When a failed delivery is tried again: exponential backoff with full jitter, giving up after
// 24 hours (the dead-letter list keeps it for a person to resend).

const BASE_MS = 5_000;
const CAP_MS = 2 * 3_600_000;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/**
 * The next attempt's time after `attempts` failures, or null when the delivery is dead: its first
 * attempt was 24 h ago or more. `random` in [0, 1) spreads receivers' retries (full jitter) so a
 * recovering receiver is not hit by every delivery at once.
 */
export function nextAttemptAt(attempts: number, firstAttemptAt: number, now: number, random: number): number | null {
  if (now - firstAttemptAt >= GIVE_UP_AFTER_MS) return null;
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  // Never sooner than a second, never past the 24 h mark by more than one last try.
  const delay = Math.max(1_000, Math.floor(ceiling * random));
  return Math.min(now + delay, firstAttemptAt + GIVE_UP_AFTER_MS);
}
