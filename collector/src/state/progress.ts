// Where a full rebuild of the journey states stands, for the read side (no Node imports: the
// app stays runtime-neutral).
import type { Store } from '../store/store.js';

export const FINGERPRINT_KEY = 'fingerprint';
/** How many anonymous ids the running full rebuild marked; '0' when none runs. */
export const REBUILD_TOTAL_KEY = 'rebuild_total';

/** A full rebuild in progress: how many of the anonymous ids marked for it are done; null when none runs. */
export async function rebuildProgress(store: Store): Promise<{ done: number; total: number } | null> {
  const total = Number((await store.states.getMeta(REBUILD_TOTAL_KEY)) ?? 0);
  if (!total) return null;
  const left = await store.states.backlog();
  if (left === 0) return null;
  return { done: Math.max(0, total - left), total };
}
