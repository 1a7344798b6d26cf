import { describe, expect, it } from 'vitest';
import { postgresForTests, postgresStores } from './test-databases.js';
import { postgresPool } from './postgres-store.js';
import { storeContract } from '../store.contract.js';
import { statesContract } from '../states.contract.js';

storeContract('postgres', await postgresStores());
statesContract('postgres', await postgresStores());

const server = await postgresForTests();
describe.skipIf('skip' in server)('postgres pool', () => {
  it('runs with JIT off (an over-estimated point query would be compiled first: 15–80 ms instead of 1)', async () => {
    const pool = postgresPool({ connectionString: (server as { url: string }).url, schema: 'public', max: 1 });
    try {
      expect((await pool.query('SHOW jit')).rows[0].jit).toBe('off');
    } finally {
      await pool.end();
    }
  });
});
