/**
 * Vite configuration. Vitest reads its `test` block. The library, worker, script-tag bundle and demo
 * are built by `tools/build.ts` (npm run build), which calls Vite once per output format with
 * settings shared in that file, because one Vite config cannot emit ESM, an IIFE bundle and a
 * module worker side by side.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts', 'eval/**/*.test.ts'],
    environment: 'node',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
