import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/browser.ts';

/**
 * Specs that assert how the page behaves while it has the machine to itself (no main-thread task
 * over 50 ms while the catalog embeds): they run alone, after every other spec.
 */
const ALONE = /demo\.spec\.ts$/;

// Debian's Chromium, never Playwright's own download (this machine has no internet).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './global-setup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // Spec files run three at a time: most of a spec's time is spent waiting (timers, watchdogs,
  // servers), not computing. The tests of one file stay in order. Each worker has its own servers
  // (fixtures.ts) and every spec writes to its own folders.
  workers: 3,
  fullyParallel: false,
  projects: [
    { name: 'shared', testIgnore: ALONE },
    { name: 'alone', testMatch: ALONE, dependencies: ['shared'] },
  ],
  retries: 0,
  // A subfolder: Playwright empties its outputDir, and test-results/ also holds Vitest's report.
  outputDir: '../test-results/e2e-artifacts',
  reporter: [['list'], ['json', { outputFile: '../test-results/e2e.json' }]],
  use: { launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }, headless: true },
});
