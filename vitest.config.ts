import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Integration tests run real ffmpeg and real HTTP servers; two cores are all CI has.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
