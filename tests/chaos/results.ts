// Each chaos scenario records one row; results-table.ts prints them all when the run ends.
import { appendFileSync } from 'node:fs';

export interface ChaosRow {
  scenario: string;
  requestsPerSecond: number | null;
  eventsPerSecond: number | null;
  faults: string;
  inputs: number | null;
  lost: number | null;
  duplicated: number | null;
  /** Names of the checks that failed; empty means pass. */
  failed: string[];
}

/** Records the row (when run under the chaos config) and returns it, for the test to assert on. */
export function record(row: ChaosRow): ChaosRow {
  const file = process.env.WAYMARK_CHAOS_RESULTS;
  if (file) appendFileSync(file, JSON.stringify(row) + '\n');
  return row;
}

/** The names of the checks that are false. */
export function failures(checks: Record<string, boolean>): string[] {
  return Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
}
