// PostgreSQL for tests: a throwaway database per test file (dropped at the end), a fresh schema
// per store. Which server: WAYMARK_TEST_DB (a postgres:// URL, or `postgres` to require the
// default one, or `sqlite` to skip), else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from '../../collector/src/store/postgres/postgres-store.js';
import type { StoreFactory } from '../../collector/src/store/store.contract.js';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const HOW_TO_ENABLE = 'start PostgreSQL (e.g. `pg_ctlcluster 15 main start`) on 127.0.0.1:5432, or set WAYMARK_TEST_DB=postgres://user@host:port/db';

export type PostgresForTests = { url: string; required: boolean } | { skip: string };

/** The server tests should use, or why the PostgreSQL half is skipped. Fails if it was required but is down. */
export async function postgresForTests(): Promise<PostgresForTests> {
  const setting = process.env.WAYMARK_TEST_DB;
  if (setting === 'sqlite' || setting === 'off') return { skip: `PostgreSQL tests skipped: WAYMARK_TEST_DB=${setting}; unset it to run them` };
  const required = !!setting;
  const url = setting?.startsWith('postgres') && setting.includes('://') ? setting
    : process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : DEFAULT_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { url, required };
  } catch (e) {
    const why = `PostgreSQL at ${url} is unreachable (${(e as Error).message})`;
    if (required) throw new Error(`${why}; WAYMARK_TEST_DB=${setting} requires it: ${HOW_TO_ENABLE}`);
    return { skip: `PostgreSQL tests SKIPPED: ${why}. To run them: ${HOW_TO_ENABLE}` };
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `waymark_test_<random>` on the server and returns its URL; drop() removes it. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `waymark_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** The contract suite's factory: each fresh() is a new schema in this file's throwaway database. */
export async function postgresStores(): Promise<StoreFactory | { skip: string }> {
  const server = await postgresForTests();
  if ('skip' in server) return server;
  let db: Promise<TestDatabase> | undefined;
  return {
    async fresh() {
      db ??= createTestDatabase(server.url);
      const { url } = await db;
      const schema = `s_${randomBytes(6).toString('hex')}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
      const another = () => PostgresStore.open({ connectionString: url, schema, max: 4 });
      return { store: await another(), another };
    },
    async done() {
      if (db) await (await db).drop();
    },
  };
}
