// What journey states depend on besides events: when it changes, every state is rebuilt.
import { createHash } from 'node:crypto';
import type { JourneyOptions } from '../journey/index.js';

/** Bumped when the state's shape or how it is built changes. */
export const STATE_FORMAT = 2; // 2: event names, visited pages and the mean survey score, for segments

export function stateFingerprint(opts: JourneyOptions): string {
  const what = { format: STATE_FORMAT, stageRules: opts.stageRules ?? null, lifecycle: opts.lifecycle ?? null, timeoutMinutes: opts.timeoutMinutes ?? null, channelRules: opts.channelRules ?? null };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 16);
}
