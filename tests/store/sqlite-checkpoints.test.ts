// WAL checkpoints run in a background thread, not in the commit that answers ingest requests:
// the store's connection never checkpoints, yet the events reach the database file and the WAL
// does not grow without bound.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { storedEvent } from '../../collector/src/store/store.contract.js';
import { SqliteStore } from '../../collector/src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'waymark-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  return ok();
};
const size = (f: string) => { try { return statSync(f).size; } catch { return 0; } };
const body = 'x'.repeat(900); // about the size of a real event

it('moves committed events into the database file from a background thread', async () => {
  const file = join(dir, 'bg.db');
  const store = new SqliteStore(file);
  // Once the thread is up, commits on this connection stop checkpointing.
  expect(await until(() => store.db.pragma('wal_autocheckpoint', { simple: true }) === 0, 5000)).toBe(true);
  const before = size(file);
  for (let b = 0; b < 40; b++) {
    await store.ingest(Array.from({ length: 500 }, () => storedEvent({ json: JSON.stringify({ body }) })), []);
  }
  // 20,000 events of ~1 KB: ~20 MB of WAL if nothing checkpointed. The thread copies them into
  // the database file within a few of its 250 ms rounds.
  expect(await until(() => size(file) - before > 15e6, 5000)).toBe(true);
  expect(size(`${file}-wal`)).toBeLessThan(64 * 1024 * 1024 + 65536);
  await store.close();
  const check = new (await import('better-sqlite3')).default(file, { readonly: true });
  expect(check.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 20_000 });
  check.close();
});

it('checkpoints in the commit, as SQLite does by default, when asked not to use a thread', async () => {
  const file = join(dir, 'inline.db');
  const store = new SqliteStore(file, { backgroundCheckpoints: false });
  await new Promise((r) => setTimeout(r, 300));
  expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  await store.close();
});
