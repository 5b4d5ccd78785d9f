import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/browser.ts';

/** Specs whose subject is embedding hundreds of items in the page. */
const BULK_EMBEDDING = /(demo|resume)\.spec\.ts/;

/**
 * Specs that assert a time limit on a browser's reaction (a dead worker noticed within 1 s, a 1 s
 * stall limit, a frozen endpoint answered within 5 s): they run alone, after the parallel part.
 */
const TIMED = /(worker-death|stalls|remote)\.spec\.ts/;

const LIFTOFF = { launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--js-flags=--liftoff-only'] } };

// Debian's Chromium, never Playwright's own download (this machine has no internet).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './global-setup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  // Two workers, one spec file each at a time: most specs wait on the network, IndexedDB or a timer
  // for part of their run, so one worker left the 2 cores 41% idle; two ran the 105 tests in 6.2 min
  // instead of 11.0. Specs whose subject is time or the main thread's smoothness run alone at the
  // end (projects below), where no other browser competes for the cores: a spec that asserts no
  // main-thread task over 50 ms failed under contention when every spec ran in parallel.
  workers: 2,
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
    { name: 'liftoff', testIgnore: [BULK_EMBEDDING, TIMED], use: LIFTOFF },
    // Alone, one after the other, once everything above has finished.
    { name: 'timed', testMatch: TIMED, use: LIFTOFF, dependencies: ['liftoff'], workers: 1 },
    // Specs that embed hundreds of items in the page keep V8's default tiering: with Liftoff only
    // they ran 1.1-1.4x slower, and the demo's main-thread check sees the page users get.
    { name: 'default-tiering', testMatch: BULK_EMBEDDING, dependencies: ['timed'], workers: 1 },
  ],
});
