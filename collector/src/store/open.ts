// Picks the store from the configuration: a postgres:// URL selects PostgreSQL, anything else
// the embedded SQLite file. Node only (the database drivers), like server.ts that calls it.
import Database from 'better-sqlite3';
import type { RateLimiter } from '../ingest/rate-limit.js';
import { postgresPool, PostgresStore } from './postgres/postgres-store.js';
import { postgresRateLimiter } from './postgres/rate-limit.js';
import { postgresJourneyReader } from './postgres/journey-rows.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { sqliteJourneyReader } from './sqlite/journey-rows.js';
import type { JourneyReader, ReaderSource, Store } from './store.js';

export interface StoreOptions {
  databaseUrl?: string;
  sqliteFile: string;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    return PostgresStore.open({ connectionString: opts.databaseUrl });
  }
  return new SqliteStore(opts.sqliteFile);
}

/**
 * The rate limiter collectors must share: on PostgreSQL one budget per write key for all of
 * them; on SQLite (one process) undefined, so the ingest route keeps its in-process bucket.
 */
export function sharedRateLimiter(store: Store, perSecond: number, windowSeconds?: number): RateLimiter | undefined {
  return store instanceof PostgresStore ? postgresRateLimiter(store.pool, { perSecond, windowSeconds }) : undefined;
}

/**
 * A JourneyReader of its own on a store's data (Store.readerSource), for a worker thread: a
 * read-only connection to the SQLite file, or a small pool on the PostgreSQL schema.
 */
export function openJourneyReader(source: ReaderSource): { reader: JourneyReader; close(): Promise<void> } {
  if (source.kind === 'sqlite') {
    const db = new Database(source.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return { reader: sqliteJourneyReader(db), close: async () => { db.close(); } };
  }
  // Two connections: one reads the next page of the range while the other answers the point
  // queries for linked ids outside it.
  const pool = postgresPool({ ...source, max: 2 });
  pool.on('error', () => {}); // an idle connection's failure surfaces in the next query
  return { reader: postgresJourneyReader(pool), close: () => pool.end() };
}
