// Picks the store from the configuration: a postgres:// URL selects PostgreSQL, anything else
// the embedded SQLite file.
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
