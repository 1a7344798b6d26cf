// One batch to POST /v1/batch with the server key, tried again on network errors, 5xx and 429
// until the collector answers for it. Retrying is safe because every event keeps its id: a batch
// the collector stored before the connection dropped comes back as duplicates, never as new rows.
import { backoffDelay, retryable } from '../../sdk/src/backoff.js';
import type { BatchResponse } from '../../wire/index.js';

export interface SendOptions {
  /** The collector's `/v1/batch` URL. */
  url: string;
  serverKey: string;
  /** Attempts after the first one before the batch is given up. */
  maxRetries: number;
  /** The first retry waits about this long; each next one twice as long, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt: a collector that stops answering counts as a network error. */
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Told before each wait, so a caller can say why it is slow. */
  onRetry?: (attempt: number, reason: string, waitMs: number) => void;
  /** Resolves early when the caller gives up waiting (close with a deadline). */
  sleep?: (ms: number) => Promise<void>;
}

/** The collector refused the batch as a whole (401, 403, 400, 413…): sending it again will not help. */
export class BatchRefusedError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'BatchRefusedError';
  }
}

/** Retries ran out: the collector was unreachable or kept failing. */
export class CollectorUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectorUnavailableError';
  }
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function sendBatch(body: string, o: SendOptions): Promise<BatchResponse> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? wait;
  for (let attempt = 0; ; attempt++) {
    let status = 0;
    let reason: string;
    let retryAfter: number | null = null;
    try {
      const res = await doFetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.serverKey}` },
        body,
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      if (status === 200) return JSON.parse(text) as BatchResponse;
      reason = `${status} ${errorText(text)}`;
      const ra = Number(res.headers.get('retry-after'));
      if (Number.isFinite(ra) && ra > 0) retryAfter = ra;
      if (!retryable(status)) throw new BatchRefusedError(status, `the collector refused the batch: ${reason}`);
    } catch (e) {
      if (e instanceof BatchRefusedError) throw e;
      if (status === 0) reason = `cannot reach ${o.url}: ${describe(e)}`;
      else reason = `${status}: ${describe(e)}`;
    }
    if (attempt >= o.maxRetries) throw new CollectorUnavailableError(`gave up after ${attempt + 1} attempts: ${reason!}`);
    const ms = backoffDelay(attempt, retryAfter, Math.random, o.baseDelayMs, o.maxDelayMs);
    o.onRetry?.(attempt + 1, reason!, ms);
    await sleep(ms);
  }
}

function errorText(text: string): string {
  try {
    const e = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof e === 'string') return e;
  } catch {
    // not JSON: a proxy's page, say
  }
  return text.slice(0, 200);
}

function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'no answer in time';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}
