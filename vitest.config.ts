import { defineConfig } from 'vitest/config';

// One runner for every part. Browser and process tests start real servers and a real
// Chromium, so they get generous timeouts; files run in parallel on the two cores.
export default defineConfig({
  test: {
    include: ['wire/**/*.test.ts', 'sdk/**/*.test.ts', 'server/**/*.test.ts', 'extension/**/*.test.ts', 'collector/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'tests/chaos/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
