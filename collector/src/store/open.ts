// Picks the store from the configuration: a postgres:// URL selects PostgreSQL, anything else
// the embedded SQLite file.
import type { RateLimiter } from '../ingest/rate-limit.js';
import { postgresRateLimiter } from './postgres-rate-limit.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

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
