// Global setup of the chaos run: gives every test file one results file (through the
// environment the workers inherit) and prints the table when the run ends.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChaosRow } from './results.js';

const fmt = (n: number | null) => (n === null ? '–' : n.toLocaleString('en-US'));

export function formatTable(rows: ChaosRow[], when = new Date()): string {
  const header = ['scenario', 'load held (req/s, events/s)', 'faults injected', 'inputs tried', 'events lost', 'events duplicated', 'result'];
  const lines = rows.map((r) => [
    r.scenario,
    r.requestsPerSecond === null ? '–' : `${fmt(r.requestsPerSecond)} req/s, ${fmt(r.eventsPerSecond)} ev/s`,
    r.faults, fmt(r.inputs), fmt(r.lost), fmt(r.duplicated),
    r.failed.length ? `FAIL (${r.failed.join(', ')})` : 'pass',
  ]);
  const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return [
    `Waymark reliability (npm run test:chaos), ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
}

export default function setup() {
  const file = join(mkdtempSync(join(tmpdir(), 'waymark-chaos-')), 'results.ndjson');
  process.env.WAYMARK_CHAOS_RESULTS = file;
  return () => {
    const rows: ChaosRow[] = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    console.log(`\n${formatTable(rows)}\n`);
  };
}
