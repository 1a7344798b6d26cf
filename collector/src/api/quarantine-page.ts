// One page of the quarantine, newest first, for the read API and the UI: a row more than shown
// is read to know whether there is a next page, and the cursor is the last shown row's seq.
import type { Store } from '../store/store.js';

export async function quarantinePage(store: Store, q: { siteId?: string; limit: number; before?: number }) {
  const rows = await store.listQuarantine({ siteId: q.siteId, limit: q.limit + 1, before: q.before });
  const more = rows.length > q.limit;
  if (more) rows.length = q.limit;
  return { rows, nextCursor: more ? String(rows[rows.length - 1].seq) : null };
}
