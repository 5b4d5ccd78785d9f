import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/browser.ts';

/** Specs whose subject is embedding hundreds of items in the page. */
const BULK_EMBEDDING = /(demo|resume)\.spec\.ts/;

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
  projects: [
    // Most specs load the model in a fresh profile and then embed a few dozen items. In such a visit
    // V8's TurboFan tier-up of onnxruntime-web's 27 MB module costs ~4.5 s of CPU on this machine
    // (a visit to the 60-item page: 16.4 s -> 12.0 s median of 3 with Liftoff only), while the
    // behaviour under test is the same. The full suite took 19.4 min, 15.9 min with Liftoff only.
    {
      name: 'liftoff',
      testIgnore: BULK_EMBEDDING,
      use: { launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--js-flags=--liftoff-only'] } },
    },
    // Specs that embed hundreds of items in the page keep V8's default tiering: with Liftoff only
    // they ran 1.1-1.4x slower, and the demo's main-thread check sees the page users get.
    { name: 'default-tiering', testMatch: BULK_EMBEDDING },
  ],
});
