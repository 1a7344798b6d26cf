// Upgrading a store whose aliases were stored before an alias's previousId needed a signature of
// its own: none of them carried one, so the migration flags them and stitching stops merging two
// users on their word (an alias naming a victim's user id, stored before the fix, took her over).
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createJourneyService } from '../../collector/src/api/service.js';
import { migrate, POSTGRES_MIGRATIONS } from '../../collector/src/store/postgres/schema.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { INSERT_EVENT } from '../../collector/src/store/sqlite/writer.js';
import { SQLITE_MIGRATIONS } from '../../collector/src/store/sqlite/migrations.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import type { Store } from '../../collector/src/store/store.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from './postgres-db.js';

const T0 = Date.UTC(2026, 0, 1);
/** Before the fix: victim and mallory identified (signed), then mallory's alias naming the victim. */
const old = [
  { anonymousId: 'victim-pc', userId: 'victim', type: 'identify' },
  { anonymousId: 'mallory-pc', userId: 'mallory', type: 'identify' },
  { anonymousId: 'mallory-pc', userId: 'mallory', type: 'alias', previousId: 'victim' },
].map((e, i) => {
  const id = randomUUID();
  const body = { id, sessionId: 's', timestamp: new Date(T0 + i).toISOString(), context: {}, ...e };
  return { ...e, id, at: T0 + i, body };
});

async function expectApart(store: Store) {
  const flags = new Map<string, string[] | undefined>();
  for await (const e of store.scanEvents()) flags.set(e.type, e.flags);
  expect(flags.get('alias')).toEqual(['previous_id_unverified']);
  expect(flags.get('identify')).toEqual([]);
  const service = createJourneyService({ config: { session: { timeoutMinutes: 30 } }, store, now: () => T0 + 60_000 });
  const list = (await service.customers()).customers.map((c) => [c.customerId, c.userIds]);
  expect(list).toEqual([['mallory', ['mallory']], ['victim', ['victim']]]);
}

const server = await postgresForTests();

describe('the unproven-alias migration', () => {
  it('sqlite: flags aliases stored before it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'waymark-migrate-')), 'waymark.db');
    const db = new Database(file);
    db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.name < '006')) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, 0)').run(m.name);
    }
    const insert = db.prepare(INSERT_EVENT);
    for (const e of old) insert.run([e.id, 'shop', e.type, null, e.anonymousId, e.userId, 's', e.at, e.at, null, null, JSON.stringify(e.body)]);
    db.close();
    const store = new SqliteStore(file, { writerThread: false, backgroundCheckpoints: false });
    try {
      await expectApart(store);
    } finally {
      await store.close();
    }
  });

  let db: TestDatabase | undefined;
  afterAll(async () => { await db?.drop(); });
  it.skipIf('skip' in server)('postgres: flags aliases stored before it', async () => {
    db = await createTestDatabase((server as { url: string }).url);
    const schema = `s_${randomBytes(4).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: db.url, options: `-c search_path=${schema}` });
    try {
      await pool.query(`CREATE SCHEMA ${schema}`);
      const client = await pool.connect();
      try {
        await migrate(client, POSTGRES_MIGRATIONS.filter((m) => m.name < '004'));
      } finally {
        client.release();
      }
      for (const e of old) {
        await pool.query(
          `INSERT INTO events (anonymous_id, id, site_id, type, user_id, session_id, at, received_at, body) VALUES ($1, $2, 'shop', $3, $4, 's', $5, $5, $6)`,
          [e.anonymousId, e.id, e.type, e.userId, e.at, JSON.stringify(e.body)],
        );
        await pool.query(`INSERT INTO identity_links VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [e.anonymousId, e.userId, e.previousId ?? '']);
      }
    } finally {
      await pool.end();
    }
    const store = await PostgresStore.open({ connectionString: db.url, schema });
    try {
      await expectApart(store);
    } finally {
      await store.close();
    }
  });
});
