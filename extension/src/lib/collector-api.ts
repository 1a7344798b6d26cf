// The two calls the extension makes to a collector: upload a recorded session (the ordinary
// ingest route) and read the site's stage rules (with the read token).
import { MAX_BATCH_EVENTS, WIRE_VERSION, type Batch, type BatchResponse, type WireEvent } from '../../../wire/index.js';
import type { StageRuleLike } from './messages.js';

/** Posts events in batches of at most MAX_BATCH_EVENTS, as text/plain so no CORS preflight is needed. */
export async function uploadEvents(collectorUrl: string, writeKey: string, events: WireEvent[], fetchFn: typeof fetch = fetch): Promise<BatchResponse> {
  if (!collectorUrl) throw new Error('Set the collector URL on the options page first.');
  if (!writeKey) throw new Error('Set the write key on the options page first (npm start prints it).');
  const total: BatchResponse = { accepted: 0, duplicates: 0, duplicateIds: [], rejected: [] };
  for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
    const chunk = events.slice(i, i + MAX_BATCH_EVENTS);
    const res = await fetchFn(`${collectorUrl}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ v: WIRE_VERSION, writeKey, sentAt: new Date().toISOString(), events: chunk } satisfies Batch),
    });
    const body = await res.json().catch(() => ({})) as Partial<BatchResponse> & { error?: string };
    if (!res.ok) {
      const hint = res.status === 403 ? ' Add this extension\'s origin (or "*") to the site\'s origins in the collector config.' : '';
      throw new Error(`The collector answered ${res.status}: ${body.error ?? res.statusText}.${hint}`);
    }
    total.accepted += body.accepted ?? 0;
    total.duplicates += body.duplicates ?? 0;
    total.duplicateIds.push(...(body.duplicateIds ?? []));
    total.rejected.push(...(body.rejected ?? []).map((r) => ({ ...r, index: r.index + i })));
  }
  return total;
}

/** The site's stage rules from `GET /v1/stages` (`{ stages, rules }`); throws with what went wrong so the view can say so. */
export async function fetchStageRules(collectorUrl: string, readToken: string, fetchFn: typeof fetch = fetch): Promise<StageRuleLike[]> {
  let res: Response;
  try {
    res = await fetchFn(`${collectorUrl}/v1/stages`, { headers: { authorization: `Bearer ${readToken}` } });
  } catch {
    throw new Error(`could not reach ${collectorUrl} (allow the extension to access it on the options page)`);
  }
  if (res.status === 401 || res.status === 403) throw new Error(`the collector refused the read token (${res.status}); check it on the options page`);
  if (!res.ok) throw new Error(`the collector answered ${res.status} for its stage rules`);
  const body = await res.json().catch(() => null) as { rules?: unknown } | null;
  const rules = body?.rules;
  if (!Array.isArray(rules) || rules.some((r) => !r || typeof r !== 'object' || typeof (r as StageRuleLike).stage !== 'string' || typeof (r as StageRuleLike).when !== 'object')) {
    throw new Error('the collector\'s stage rules were not in the expected { rules: [{ stage, when }] } shape');
  }
  return rules as StageRuleLike[];
}
