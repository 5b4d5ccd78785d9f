import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/browser.ts';

// Debian's Chromium, never Playwright's own download (this machine has no internet).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './global-setup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // One worker: the suite is CPU-bound on the 2-core CI machine (one worker keeps both cores 85-99%
  // busy: the encoder, the WASM runtime, the bundler builds), and two or three workers finished no
  // sooner (45 vs 44 tests after 10 minutes) while a spec that asserts no main-thread task over
  // 50 ms failed under the contention. Measured in docs/development.md.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // A subfolder: Playwright empties its outputDir, and test-results/ also holds Vitest's report.
  outputDir: '../test-results/e2e-artifacts',
  reporter: [['list'], ['json', { outputFile: '../test-results/e2e.json' }]],
  use: { launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }, headless: true },
});
