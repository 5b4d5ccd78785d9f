/**
 * Launches Debian's Chromium through playwright-core (Playwright's own browser download cannot work
 * offline). The flags keep Chromium from phoning home: this machine has no network, and the product
 * promises that pages make no request beyond their own origin.
 */
import { type Browser, chromium } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
  // A diagnosis may add one flag, e.g. `CHROMIUM_EXTRA_ARG=--js-flags=--trace-gc-nvp` with
  // `DEBUG=pw:browser` (docs/notes/first-visit-memory.md); never set by the tests or benches.
  ...(process.env.CHROMIUM_EXTRA_ARG ? [process.env.CHROMIUM_EXTRA_ARG] : []),
];

/** Starts headless Chromium; `webgpu` adds --enable-unsafe-webgpu (a SwiftShader fallback adapter here). */
export function launchChromium(options: { webgpu?: boolean } = {}): Promise<Browser> {
  const args = options.webgpu ? [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--enable-unsafe-webgpu'] : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}
