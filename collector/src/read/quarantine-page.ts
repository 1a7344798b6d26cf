// One page of the quarantine, newest first, for the read API and the UI: a row more than shown
// is read to know whether there is a next page, and the cursor is the last shown row's seq.
import type { QuarantinedEvent, QuarantineStore } from '../store/store.js';

export interface QuarantinePage { rows: (QuarantinedEvent & { seq: number })[]; nextCursor: string | null }

export async function quarantinePage(store: QuarantineStore, q: { siteId?: string; limit: number; before?: number }): Promise<QuarantinePage> {
  const rows = await store.listQuarantine({ siteId: q.siteId, limit: q.limit + 1, before: q.before });
  const more = rows.length > q.limit;
  if (more) rows.length = q.limit;
  return { rows, nextCursor: more ? String(rows[rows.length - 1].seq) : null };
}
