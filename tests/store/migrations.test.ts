// Several collectors starting at once against an empty PostgreSQL: the advisory lock lets one
// apply the migrations while the others wait, and then find nothing left to do.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../collector/src/store/postgres/schema.js';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import { createTestDatabase, postgresForTests, type TestDatabase } from './postgres-db.js';

const server = await postgresForTests();
if ('skip' in server) console.warn(`\n${server.skip}\n`);

describe.skipIf('skip' in server)('PostgreSQL migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase((server as { url: string }).url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('are applied exactly once when six collectors start at the same moment', async () => {
    const schema = `s_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const stores = await Promise.all(Array.from({ length: 6 }, () => PostgresStore.open({ connectionString: db.url, schema, max: 2 })));
      await Promise.all(stores.map((s) => s.close()));
      const { rows } = await admin.query(`SELECT name FROM ${schema}.schema_migrations ORDER BY name`);
      expect(rows.map((r) => r.name)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.name).sort());
    } finally {
      await admin.end();
    }
  });

  it('say what to fix when the server cannot be reached', async () => {
    await expect(PostgresStore.open({ connectionString: 'postgres://nobody:secret@127.0.0.1:1/none' }))
      .rejects.toThrow(/cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: .*check DATABASE_URL/);
  });

  it('refuse a schema name that is not a plain identifier', async () => {
    await expect(PostgresStore.open({ connectionString: db.url, schema: 'x; DROP TABLE events' })).rejects.toThrow(/plain lower-case identifier/);
  });
});
