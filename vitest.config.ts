import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB and child processes: two cores, keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
  },
});
