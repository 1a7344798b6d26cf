// One hostile-input run against a collector process over real HTTP, shared by the short test
// (npm test) and the long chaos variant: generated cases (made and sent in rounds, so the
// sender's memory stays small), malformed HTTP, slow bodies; then the checks that matter: no 5xx,
// still alive, valid neighbours stored, rejected events quarantined, the collector's peak memory
// bounded. Prototype pollution is checked in-process by the unit-level run (see the test).
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { ingestCases, readCases, validEvent } from './hostile.js';
import { malformedHttp, rawRequest, sendAll, slowBodies } from './send.js';

export interface HostileTarget { url: string; writeKey: string; readToken: string; dbFile: string; pid?: number }

export interface HostileReport {
  inputs: number;
  byKind: Record<string, { cases: number; statuses: Record<number, number> }>;
  problems: string[];
  validSent: number;
  validMissing: number;
  rejectedAnswered: number;
  quarantined: number;
  /** The collector's peak resident memory (VmHWM), when its pid is known. */
  peakRssMb: number | null;
  slowStatuses: number[];
  seconds: number;
  requestsPerSecond: number;
}

export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export async function hostileRun(t: HostileTarget, opts: { ingest: number; read: number; slow: { n: number; ms: number }; seed: number; concurrency?: number; round?: number }): Promise<HostileReport> {
  const t0 = Date.now();
  const problems: string[] = [];
  const byKind: HostileReport['byKind'] = {};
  const expected = new Set<string>();
  let rejectedAnswered = 0;
  let sent = 0;
  const round = opts.round ?? 700;

  const runRound = async (cases: ReturnType<typeof ingestCases>) => {
    for (const o of await sendAll(t.url, cases, opts.concurrency ?? 8, [t.readToken])) {
      const k = (byKind[o.c.kind] ??= { cases: 0, statuses: {} });
      k.cases++;
      k.statuses[o.status] = (k.statuses[o.status] ?? 0) + 1;
      for (const p of o.problems) problems.push(`${o.c.kind} ${o.c.method} ${o.c.path.slice(0, 80)}: ${p}`);
      if (o.status === 200 && o.c.method === 'POST' && o.c.path.startsWith('/v1/batch')) {
        o.c.validIds.forEach((id) => expected.add(id));
        try { rejectedAnswered += JSON.parse(o.body).rejected?.length ?? 0; } catch { /* counted as a problem by sendCase */ }
      }
    }
    sent += cases.length;
  };
  for (let i = 0; i * round < opts.ingest; i++) await runRound(ingestCases(t.writeKey, Math.min(round, opts.ingest - i * round), opts.seed + i * 97));
  for (let i = 0; i * round < opts.read; i++) await runRound(readCases(t.readToken, Math.min(round, opts.read - i * round), opts.seed + 50_000 + i * 97));

  const port = Number(new URL(t.url).port);
  const malformed = malformedHttp(t.writeKey);
  const rawStatuses = await Promise.all(malformed.map((m) => rawRequest(port, m)));
  rawStatuses.forEach((s, i) => { if (s >= 500) problems.push(`malformed HTTP #${i} answered ${s}`); });

  // Slow bodies hold connections open while an honest client keeps sending.
  const slow = slowBodies(port, opts.slow.n, opts.slow.ms);
  await new Promise((r) => setTimeout(r, Math.min(1000, opts.slow.ms / 2)));
  const honest = validEvent();
  const health = await fetch(`${t.url}/healthz`).catch(() => null);
  const honestRes = await fetch(`${t.url}/v1/batch`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, writeKey: t.writeKey, sentAt: new Date().toISOString(), events: [honest] }),
  }).catch(() => null);
  const slowStatuses = await slow;
  if (health?.status !== 200) problems.push(`/healthz answered ${health?.status ?? 'nothing'} during slow bodies`);
  if (honestRes?.status !== 200) problems.push(`an honest batch answered ${honestRes?.status ?? 'nothing'} during slow bodies`);
  else expected.add(honest.id);
  if (slowStatuses.some((s) => s >= 500)) problems.push(`a slow body got ${slowStatuses.join(',')}`);
  const after = await fetch(`${t.url}/healthz`).catch(() => null);
  if (after?.status !== 200) problems.push('the collector is not answering /healthz after the run');

  // Valid events that rode in batches the collector accepted must all be stored, and every
  // rejected event must be in quarantine.
  const db = new Database(t.dbFile, { readonly: true });
  let stored = 0;
  let quarantined = 0;
  try {
    const has = db.prepare('SELECT 1 FROM events WHERE id = ?');
    for (const id of expected) if (has.get(Buffer.from(id.replace(/-/g, ''), 'hex'))) stored++;
    quarantined = (db.prepare('SELECT count(*) AS n FROM quarantine').get() as { n: number }).n;
  } finally {
    db.close();
  }
  if (stored < expected.size) problems.push(`${expected.size - stored} of ${expected.size} valid events in accepted batches were not stored`);
  if (quarantined !== rejectedAnswered) problems.push(`${rejectedAnswered} events rejected but ${quarantined} quarantined`);

  const seconds = (Date.now() - t0) / 1000;
  return {
    inputs: sent + malformed.length + opts.slow.n, byKind, problems, validSent: expected.size, validMissing: expected.size - stored,
    rejectedAnswered, quarantined, peakRssMb: t.pid ? peakRssMb(t.pid) : null, slowStatuses, seconds,
    requestsPerSecond: Math.round(sent / seconds),
  };
}
