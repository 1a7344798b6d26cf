// Both stores for a reliability scenario that must hold on each: a SQLite file in a temp directory
// (its path given, so a test can read the raw bytes), or a throwaway PostgreSQL database, which is
// skipped with the reason when the server is unreachable (see tests/store/postgres-db.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../../collector/src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../collector/src/store/store.js';
import { createTestDatabase, postgresForTests } from '../../store/postgres-db.js';

export interface OpenedStore {
  store: Store;
  /** The SQLite database file, for tests that search its bytes; null on PostgreSQL. */
  file: string | null;
  /** Removes the database (after the store is closed). */
  drop(): Promise<void>;
}

/** `[name, open]` rows for describe.each; `open` is the reason to skip when the database is unreachable. */
export async function scenarioStores(): Promise<[string, (() => Promise<OpenedStore>) | string][]> {
  const pg = await postgresForTests();
  return [
    ['sqlite', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'waymark-scenario-'));
      const file = join(dir, 'waymark.db');
      const store = new SqliteStore(file);
      await store.threadsReady(); // as a collector runs: writer and checkpoint threads up
      return { store, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    }],
    ['postgres', 'skip' in pg ? pg.skip : async () => {
      const db = await createTestDatabase(pg.url);
      return { store: await PostgresStore.open({ connectionString: db.url }), file: null, drop: () => db.drop() };
    }],
  ];
}

/**
 * The read API of an in-process collector, as an analyst and an operator call it: reads with the
 * read token; DELETE (erasure) with the admin token and a reason. JSON is parsed when it is JSON.
 */
export function apiOf(c: { url: string; readToken: string; adminToken: string }) {
  return async (path: string, method = 'GET') => {
    const erase = method === 'DELETE';
    const res = await fetch(erase ? `${c.url}${path}?reason=test` : `${c.url}${path}`, {
      method, headers: { authorization: `Bearer ${erase ? c.adminToken : c.readToken}` },
    });
    const text = await res.text();
    let json: any = null;
    try { json = JSON.parse(text); } catch { /* ndjson or csv */ }
    return { status: res.status, json, text };
  };
}
