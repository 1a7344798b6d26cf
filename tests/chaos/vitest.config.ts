import { defineConfig } from 'vitest/config';

// The long variants of the reliability scenarios (npm run test:chaos). Files run one after the
// other, so one scenario's load does not skew another's figures; the results table is printed
// at the end by results-table.ts.
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.chaos.test.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['tests/chaos/results-table.ts'],
  },
});
