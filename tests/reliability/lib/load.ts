// Runs load clients as separate processes and counts, from the database, what arrived.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundled } from './bundle.js';
import type { ClientOptions, ClientReport } from './load-client.js';

export async function runClient(opts: ClientOptions): Promise<ClientReport> {
  const script = await bundled('tests/reliability/lib/load-client.ts');
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    // A hard stop, in case a client hangs: the test must end by itself.
    const guard = setTimeout(() => p.kill('SIGKILL'), opts.durationMs + opts.drainMs + 30_000);
    p.on('exit', (code) => {
      clearTimeout(guard);
      const line = out.trim().split('\n').pop() ?? '';
      try { resolve(JSON.parse(line)); } catch { reject(new Error(`load client ${opts.client} exited ${code}: ${err || out}`)); }
    });
  });
}

export interface Tally {
  created: number;
  stored: number;
  lost: number;
  duplicated: number;
  requests: number;
  events: number;
  seconds: number;
  failures: number;
  undelivered: number;
}

/**
 * Lost: created ids not in the database. Duplicated: rows beyond one per created id (a client
 * that re-minted an event, or a store that kept one twice), plus events the collector reported
 * as newly accepted more than once (a retried batch must come back as duplicates).
 */
export function tally(dbFile: string, reports: ClientReport[], idsFiles: string[], siteId: string): Tally {
  const ids = idsFiles.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
  const db = new Database(dbFile, { readonly: true });
  try {
    const has = db.prepare('SELECT 1 FROM events WHERE id = ?');
    let stored = 0;
    for (const id of ids) if (has.get(Buffer.from(id.replace(/-/g, ''), 'hex'))) stored++;
    const rows = (db.prepare('SELECT count(*) AS n FROM events WHERE site_id = ?').get(siteId) as { n: number }).n;
    const accepted = reports.reduce((n, r) => n + r.accepted, 0);
    const seconds = Math.max(...reports.map((r) => r.seconds));
    return {
      created: ids.length, stored, lost: ids.length - stored,
      duplicated: Math.max(0, rows - stored) + Math.max(0, accepted - stored),
      requests: reports.reduce((n, r) => n + r.requests, 0),
      events: reports.reduce((n, r) => n + r.delivered, 0),
      seconds,
      failures: reports.reduce((n, r) => n + r.failures, 0),
      undelivered: reports.reduce((n, r) => n + r.undelivered, 0),
    };
  } finally {
    db.close();
  }
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
