// SQLite for tests: each fresh store is a new file in a temp directory, removed after the suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { StoreFactory } from '../../collector/src/store/store.contract.js';

export function sqliteStores(): StoreFactory {
  const dirs: string[] = [];
  return {
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'waymark-store-'));
      dirs.push(dir);
      // Once its threads are up, so the contract runs against the writer thread, as a collector does.
      const another = async () => {
        const store = new SqliteStore(join(dir, 'waymark.db'));
        await store.threadsReady();
        return store;
      };
      return { store: await another(), another };
    },
    async done() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
