import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB and child processes: two cores, keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    // Quiet structured logs in tests; a test that reads logs sets its own level.
    env: { PARTNERLENS_LOG_LEVEL: 'error' },
  },
});
