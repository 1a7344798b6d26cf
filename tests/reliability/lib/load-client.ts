// One load client, run as its own process by the crash and flood scenarios. It behaves like the
// SDK's outbox: events get their id when created, batches are retried (backoff with jitter) until
// the collector answers 200, and a batch counts as delivered only then. When done it prints one
// JSON line (ClientReport) and writes the ids it created to `idsFile`.
// Usage: node --import tsx load-client.ts '<ClientOptions as JSON>'
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export interface ClientOptions {
  url: string;
  writeKey: string;
  client: number;
  /** Create new events for this long, then only drain what is left. */
  durationMs: number;
  /** Give up draining after this long (events left are then counted as lost by the caller). */
  drainMs: number;
  batchSize: number;
  concurrency: number;
  /** Pause between a batch's answer and the next send on one lane (0: flat out). */
  pauseMs?: number;
  idsFile?: string;
  /** Record the latency of every 200, for the flood scenario. */
  latencies?: boolean;
  /** A flooder: resends one batch as fast as answers come, ignoring 429s and Retry-After. */
  flood?: boolean;
  /** With flood: flood only in odd windows of this many ms counted from `epoch` (so quiet and flooded phases interleave). */
  windowMs?: number;
  epoch?: number;
}

export interface ClientReport {
  client: number;
  created: number;
  delivered: number;
  requests: number;
  failures: number;
  status429: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  undelivered: number;
  seconds: number;
  latenciesMs?: number[];
}

const opts: ClientOptions = JSON.parse(process.argv[2]);
const report: ClientReport = {
  client: opts.client, created: 0, delivered: 0, requests: 0, failures: 0, status429: 0,
  accepted: 0, duplicates: 0, rejected: 0, undelivered: 0, seconds: 0, latenciesMs: opts.latencies ? [] : undefined,
};
const ids: string[] = [];
const retry: { events: unknown[]; attempt: number }[] = [];
const t0 = Date.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newBatch() {
  const events = Array.from({ length: opts.batchSize }, () => {
    const id = randomUUID();
    ids.push(id);
    report.created++;
    return {
      id, type: 'track', name: 'load', anonymousId: `load-${opts.client}-${report.created % 50}`, sessionId: `s-${opts.client}`,
      timestamp: new Date().toISOString(), properties: { client: opts.client, seq: report.created },
      context: { url: 'http://localhost/load', path: '/load', sdk: { name: 'load-client', version: '1' } },
    };
  });
  return { events, attempt: 0 };
}

async function send(b: { events: unknown[]; attempt: number }): Promise<boolean> {
  report.requests++;
  const start = performance.now();
  try {
    const res = await fetch(`${opts.url}/v1/batch`, {
      method: 'POST', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ v: 1, writeKey: opts.writeKey, sentAt: new Date().toISOString(), events: b.events }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status === 200) {
      const r = JSON.parse(text);
      report.accepted += r.accepted;
      report.duplicates += r.duplicates;
      report.rejected += r.rejected.length;
      report.delivered += b.events.length;
      report.latenciesMs?.push(performance.now() - start);
      return true;
    }
    if (res.status === 429) report.status429++;
    else report.failures++;
  } catch {
    report.failures++;
  }
  return false;
}

async function floodLane() {
  const b = newBatch();
  while (Date.now() - t0 < opts.durationMs) {
    if (opts.windowMs && Math.floor((Date.now() - opts.epoch!) / opts.windowMs) % 2 === 0) await sleep(20);
    else await send(b);
  }
}

async function lane() {
  if (opts.flood) return floodLane();
  for (;;) {
    const creating = Date.now() - t0 < opts.durationMs;
    const b = retry.shift() ?? (creating ? newBatch() : null);
    if (!b) return;
    if (Date.now() - t0 > opts.durationMs + opts.drainMs) { retry.push(b); return; }
    if (await send(b)) {
      if (opts.pauseMs) await sleep(opts.pauseMs);
      continue;
    }
    // Exponential backoff with full jitter, as the SDK does, capped low so a test stays short.
    b.attempt++;
    await sleep(Math.random() * Math.min(1000, 50 * 2 ** b.attempt));
    retry.push(b);
  }
}

await Promise.all(Array.from({ length: opts.concurrency }, lane));
report.undelivered = retry.reduce((n, b) => n + b.events.length, 0);
report.seconds = (Date.now() - t0) / 1000;
if (opts.idsFile) writeFileSync(opts.idsFile, ids.join('\n'));
console.log(JSON.stringify(report));
