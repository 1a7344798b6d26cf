import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, postgresForTests, postgresStores } from './test-databases.js';
import { postgresPool, PostgresStore } from './postgres-store.js';
import { storeContract } from '../store.contract.js';
import { statesContract } from '../states.contract.js';

storeContract('postgres', await postgresStores());
statesContract('postgres', await postgresStores());

const server = await postgresForTests();
describe.skipIf('skip' in server)('postgres planner', () => {
  it('runs with JIT off (an over-estimated point query would be compiled first: 15–80 ms instead of 1)', async () => {
    const pool = postgresPool({ connectionString: (server as { url: string }).url, schema: 'public', max: 1 });
    try {
      expect((await pool.query('SHOW jit')).rows[0].jit).toBe('off');
    } finally {
      await pool.end();
    }
  });

  it('analyses tables never analysed, and not again until a tenth of them changed', async () => {
    const db = await createTestDatabase((server as { url: string }).url);
    const schema = `s_${randomBytes(4).toString('hex')}`;
    const admin = postgresPool({ connectionString: db.url, schema: 'public', max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const store = await PostgresStore.open({ connectionString: db.url, schema, max: 2 });
    const analysed = async () => (await admin.query(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND last_analyze IS NOT NULL ORDER BY relname`, [schema])).rows.map((r) => r.relname);
    try {
      expect(await analysed()).toEqual([]);
      expect(await store.refreshStatistics()).toBe(true);
      expect(await analysed()).toEqual(['action_deliveries', 'events', 'identity_links', 'journey_state_dirty', 'journey_state_ids', 'journey_states']);
      expect(await store.refreshStatistics()).toBe(false);
    } finally {
      await store.close();
      await admin.end();
      await db.drop();
    }
  });
});
