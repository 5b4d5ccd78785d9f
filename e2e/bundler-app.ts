/**
 * Shared parts of the bundler end-to-end tests (e2e/bundler-*.spec.ts): pack the built package as
 * npm would publish it, install it into a temp app from the registry, run the app's own dev server
 * or production build, and check in Chromium that the README's snippets work, or fail loudly when
 * an asset is missing. The apps live in temp folders and are removed afterwards.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from '../test/paths.ts';
import { expect } from './fixtures.ts';
import { textUnderDismiss } from './widget-helpers.ts';

export { SNIPPETS, withoutVectors } from './readme-snippets.ts';

/**
 * The environment of an app's commands: a developer's shell, not the test runner's (Playwright sets
 * NODE_ENV=production, with which npm would leave out the app's devDependencies such as vite).
 */
export function appEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', BROWSER: 'none' };
  delete env.NODE_ENV;
  return env;
}

/** Runs npm (or npx) in `cwd`; returns stdout. Installs come from the registry or npm's cache. */
export function npm(args: string[], cwd: string, command: 'npm' | 'npx' = 'npm'): string {
  return execFileSync(command, [...(command === 'npm' ? ['--loglevel=error'] : []), ...args], {
    cwd,
    encoding: 'utf8',
    env: appEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `npm pack` of the built package into `dest` (no scripts run), as it would be published. */
export function packTarball(dest: string): { path: string; size: number; unpackedSize: number; files: { path: string; size: number }[] } {
  const [pack] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dest], ROOT)) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string; size: number }[];
  }[];
  return { path: join(dest, pack!.filename), size: pack!.size, unpackedSize: pack!.unpackedSize, files: pack!.files };
}

/** 24 demo items, the first renamed `sku-42` as in the README, without images (no image files here). */
export function writeTestCatalog(file: string): { id: string; title: string }[] {
  const items = (JSON.parse(readFileSync(join(ROOT, 'public', 'demo', 'catalog.json'), 'utf8')) as Record<string, unknown>[])
    .slice(0, 24)
    .map(({ image: _image, ...item }, i): Record<string, unknown> => ({ ...item, id: i === 0 ? 'sku-42' : item.id, url: `/p/${i}` }));
  writeFileSync(file, JSON.stringify(items));
  return items.map((i) => ({ id: String(i.id), title: String(i.title) }));
}

/** A free port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => ok(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A dev or preview server the test started; `stop` ends its process group. */
export interface AppServer {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `command args` in `cwd` (its own process group) and waits until `url` answers. */
export async function startServer(command: string, args: string[], cwd: string, url: string): Promise<AppServer> {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none' },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(url)).ok) return { url, output: () => output, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${url} did not answer within 90 s:\n${output}`);
    }
    await new Promise((ok) => setTimeout(ok, 300));
  }
}

/** What a page load saw: responses by URL and the element's events. */
export interface Visit {
  responses: { url: string; status: number; type: string; encoding: string }[];
  events: () => Promise<{ type: string; detail: { code?: string; message?: string; count?: number; warming?: boolean } }[]>;
}

/** Opens `url`, recording every response (the worker's too) and the `<inpage-rec>` events. */
export async function open(page: Page, url: string): Promise<Visit> {
  const responses: Visit['responses'] = [];
  page.context().on('response', (r) =>
    responses.push({
      url: r.url(),
      status: r.status(),
      type: r.headers()['content-type'] ?? '',
      encoding: r.headers()['content-encoding'] ?? '',
    }),
  );
  await page.addInitScript(() => {
    const log: unknown[] = [];
    (window as unknown as { __events: unknown[] }).__events = log;
    for (const type of ['inpage-rec:render', 'inpage-rec:error'])
      document.addEventListener(type, (e) => log.push({ type, detail: (e as CustomEvent).detail }));
  });
  await page.goto(url);
  return { responses, events: () => page.evaluate(() => (window as unknown as { __events: never[] }).__events) };
}

/** Paths under /inpage-rec/ that a working first visit fetches (on WASM: the WASM-only runtime, src/encoder/runtime-flavours.ts). */
const ASSETS = [
  '/inpage-rec/inpage-rec.worker.js',
  '/inpage-rec/inpage-rec.encoder.js',
  '/inpage-rec/models/use-lite-en/onnx/model_quantized.onnx',
  '/inpage-rec/ort/ort-wasm-simd-threaded.wasm',
];

/**
 * The element page works: 8 cards of catalog titles, ranked by vectors (a render that is not the
 * warming fallback), every asset 200. Returns the titles in their vector-ranked order.
 */
export async function expectElementWorks(page: Page, visit: Visit, titles: string[]): Promise<string[]> {
  await expect
    .poll(async () => (await visit.events()).some((e) => e.type === 'inpage-rec:render' && e.detail.warming === false), {
      timeout: 120_000,
    })
    .toBe(true);
  expect((await visit.events()).filter((e) => e.type === 'inpage-rec:error')).toEqual([]);
  const shown = await page.locator('inpage-rec .title').allTextContents();
  expect(shown).toHaveLength(8);
  for (const t of shown) expect(titles).toContain(t);
  expect(shown).not.toContain(titles[0]);
  expectAssetsServed(visit);
  return shown;
}

/**
 * The React page works: the snippet's own cards (`<strong>` titles) reach the vector-ranked order
 * the element showed (the warming fallback ranks by shared words, not this order), clear of the
 * dismiss button, and every asset was served.
 */
export async function expectReactWorks(page: Page, visit: Visit, ranked: string[]): Promise<void> {
  const section = page.locator('section.inpage-rec[data-inpage-rec="ready"][aria-busy="false"]');
  await expect(section).toBeVisible({ timeout: 120_000 });
  await expect.poll(() => section.locator('li strong').allTextContents(), { timeout: 120_000 }).toEqual(ranked);
  await expect(section).not.toContainText('Warming up');
  // The snippet's cards hold only the title: the dismiss button must not sit on it.
  expect(await textUnderDismiss(section.locator('li.inpage-rec-item'), 'strong')).toEqual([]);
  expectAssetsServed(visit);
}

function expectAssetsServed(visit: Visit): void {
  for (const path of ASSETS) {
    const got = visit.responses.filter((r) => new URL(r.url).pathname === path);
    expect(got.length, `${path} requested`).toBeGreaterThan(0);
    for (const r of got) expect([200, 304], `${path}: HTTP ${r.status}`).toContain(r.status);
  }
  const wasm = visit.responses.find((r) => r.url.endsWith('.wasm'))!;
  expect(wasm.type).toMatch(/^application\/wasm/);
}

/** With the worker file gone, the element reports WORKER_FAILED naming its URL and says it is unavailable. */
export async function expectWorkerFailure(page: Page, visit: Visit): Promise<void> {
  await expect
    .poll(async () => (await visit.events()).find((e) => e.type === 'inpage-rec:error')?.detail, { timeout: 60_000 })
    .toMatchObject({ code: 'WORKER_FAILED', message: expect.stringContaining('/inpage-rec/inpage-rec.worker.js could not be started') });
  await expect(page.locator('inpage-rec [part~="status"]')).toContainText('Recommendations are unavailable.');
  await expect(page.locator('inpage-rec .title')).toHaveCount(0);
}

/** With the worker file gone, the React component says it is unavailable (no endless placeholder). */
export async function expectReactWorkerFailure(page: Page): Promise<void> {
  const section = page.locator('section.inpage-rec');
  await expect(section.getByRole('status')).toHaveText('Recommendations are unavailable.', { timeout: 60_000 });
  await expect(section).toHaveAttribute('aria-busy', 'false');
  await expect(section.locator('li')).toHaveCount(0);
}

/** With the model file gone, the element reports MODEL_FAILED naming the file, and keeps simpler results. */
export async function expectModelFailure(page: Page, visit: Visit, detail: RegExp): Promise<void> {
  await expect
    .poll(async () => (await visit.events()).find((e) => e.type === 'inpage-rec:error')?.detail, { timeout: 90_000 })
    .toMatchObject({ code: 'MODEL_FAILED', message: expect.stringMatching(detail) });
  await expect(page.locator('inpage-rec [part~="status"]')).toContainText('Showing simpler results.');
  await expect(page.locator('inpage-rec .title')).toHaveCount(8);
}
