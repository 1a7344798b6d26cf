// The SQLite store's two background threads. The writer inserts ingested events, so SQLite's
// work overlaps with reading the next requests; its answers must be what an insert on the main
// connection would give, committed before they resolve. The checkpointer moves the WAL into the
// database file, so commits never do: the events still reach the file and the WAL stays bounded.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { storedEvent } from '../store.contract.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waymark-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  return ok();
};
const size = (f: string) => { try { return statSync(f).size; } catch { return 0; } };
const body = 'x'.repeat(900); // about the size of a real event

it('commits ingested events in the writer thread before answering, duplicates counted', async () => {
  const store = new SqliteStore(join(dir, 'writer.db'));
  expect(await store.threadsReady()).toEqual({ checkpointer: true, writer: true });
  const a = storedEvent(), b = storedEvent(), c = storedEvent();
  // Three requests in one turn form one group; the second repeats an event of the first.
  const [r1, r2, r3] = await Promise.all([store.ingest([a, b], []), store.ingest([b, c], []), store.ingest([a], [])]);
  expect([r1.duplicateIds, r2.duplicateIds, r3.duplicateIds]).toEqual([[], [b.id], [a.id]]);
  // Committed: the main connection reads them at once, and a second connection too.
  expect((store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(3);
  const other = new (await import('better-sqlite3')).default(join(dir, 'writer.db'), { readonly: true });
  expect(other.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 3 });
  other.close();
  // Requests still waiting when the store closes are committed, not dropped.
  const late = Array.from({ length: 20 }, () => store.ingest([storedEvent()], []));
  await store.close();
  await Promise.all(late);
  const reopened = new SqliteStore(join(dir, 'writer.db'), { writerThread: false, backgroundCheckpoints: false });
  expect((reopened.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(23);
  await reopened.close();
});

it('moves committed events into the database file from a background thread', async () => {
  const file = join(dir, 'bg.db');
  const store = new SqliteStore(file);
  // Once the thread is up, commits stop checkpointing.
  expect(await store.threadsReady()).toMatchObject({ checkpointer: true });
  expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
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

it('keeps the WAL bounded while ingest never pauses', async () => {
  // A PASSIVE checkpoint never catches up with a writer that never pauses, and SQLite starts the
  // WAL over only once one has: without a RESTART past 64 MiB the WAL of these 80,000 events
  // (random ids, ~1 KB each) grew to about 500 MB. A RESTART from the checkpoint thread itself
  // rarely found a moment between the writer thread's commits: 229 to 402 MB. The writer thread
  // restarting it when asked: 96 to 109 MB, with both cores busy elsewhere too.
  const file = join(dir, 'sustained.db');
  const store = new SqliteStore(file);
  expect(await store.threadsReady()).toEqual({ checkpointer: true, writer: true });
  let largest = 0;
  const sampler = setInterval(() => { largest = Math.max(largest, size(`${file}-wal`)); }, 10);
  let left = 320;
  const client = async () => {
    while (left-- > 0) await store.ingest(Array.from({ length: 250 }, () => storedEvent({ anonymousId: randomUUID(), json: JSON.stringify({ body }) })), []);
  };
  await Promise.all([client(), client(), client(), client()]);
  clearInterval(sampler);
  largest = Math.max(largest, size(`${file}-wal`));
  expect(largest).toBeLessThan(160 * 1024 * 1024);
  expect((store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(80_000);
  await store.close();
}, 60_000);

it('restarts the WAL from the checkpoint thread when the WAL grows while the writer thread is idle', async () => {
  // The writer thread is asked first; idle, it never answers, and a round later the checkpoint
  // thread restarts the WAL itself. Here the store's own connection writes (as journey states
  // are), ~250 MB in all: without the restart the WAL would hold all of it.
  const file = join(dir, 'main-writes.db');
  const store = new SqliteStore(file);
  expect(await store.threadsReady()).toEqual({ checkpointer: true, writer: true });
  store.db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = store.db.prepare('INSERT INTO filler (body) VALUES (?)');
  const fill = store.db.transaction(() => { for (let i = 0; i < 250; i++) insert.run(body + randomUUID()); });
  let largest = 0;
  for (let t = 0; t < 1000; t++) {
    fill.immediate();
    largest = Math.max(largest, size(`${file}-wal`));
    await new Promise((r) => setTimeout(r, 1));
  }
  expect(largest).toBeLessThan(160 * 1024 * 1024);
  expect((store.db.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n).toBe(250_000);
  await store.close();
}, 60_000);

it('checkpoints in the commit, as SQLite does by default, when asked not to use a thread', async () => {
  const file = join(dir, 'inline.db');
  const store = new SqliteStore(file, { backgroundCheckpoints: false, writerThread: false });
  expect(await store.threadsReady()).toEqual({ checkpointer: false, writer: false });
  expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  expect((await store.ingest([storedEvent()], [])).duplicateIds).toEqual([]);
  await store.close();
});
