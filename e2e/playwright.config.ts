import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/browser.ts';

// Debian's Chromium, never Playwright's own download (this machine has no internet).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './global-setup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // Spec files run two at a time (this machine and CI have 2 cores); the tests of one file stay in
  // order. Each worker has its own servers (fixtures.ts) and every spec writes to its own folders.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  // A subfolder: Playwright empties its outputDir, and test-results/ also holds Vitest's report.
  outputDir: '../test-results/e2e-artifacts',
  reporter: [['list'], ['json', { outputFile: '../test-results/e2e.json' }]],
  use: { launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }, headless: true },
});
