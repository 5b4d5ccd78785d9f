/**
 * The packed package in a fresh Vite + React + TypeScript app (`npm create vite@9.3.0 -- --template
 * react-ts`, deps from the registry), following the README only: install the tarball, run the
 * one-line assets step, paste the React snippet into App.tsx and the ES-module snippet into a
 * module with the element's markup in index.html. Both pages work on the dev server and from the
 * template's own production build (`tsc -b && vite build`, served by `vite preview`); with the
 * worker or the model file deleted, the page says so (error code, status line) instead of
 * showing a placeholder forever. Every request stays on 127.0.0.1 (fixtures guard).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { ROOT } from '../test/paths.ts';
import {
  type AppServer,
  expectElementWorks,
  expectModelFailure,
  expectReactWorkerFailure,
  expectReactWorks,
  expectWorkerFailure,
  freePort,
  npm,
  open,
  packTarball,
  SNIPPETS,
  startServer,
  withoutVectors,
  writeTestCatalog,
} from './bundler-app.ts';
import { expect, test } from './fixtures.ts';

/** `npm create vite@9.3.0` runs the create-vite package, pinned so the template is known. */
const CREATE_VITE = 'vite@9.3.0';

let work = '';
let app = '';
let titles: string[] = [];

test.describe.configure({ mode: 'serial', timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = mkdtempSync(join(tmpdir(), 'inpage-rec-vite-'));
  const tarball = packTarball(work);
  npm(['create', '--yes', CREATE_VITE, 'app', '--', '--template', 'react-ts', '--no-interactive'], work);
  app = join(work, 'app');
  npm(['install', tarball.path, '--no-audit', '--no-fund', '--prefer-offline'], app);
  npm(SNIPPETS.assets, app, 'npx');
  titles = writeTestCatalog(join(app, 'public', 'catalog.json')).map((i) => i.title);
  // The README's build step, through this checkout's CLI (the app has no model runtime installed;
  // e2e/bundler-install.spec.ts runs the packed CLI with its peer).
  execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...SNIPPETS.vectors.slice(1), '--no-progress'], {
    cwd: app,
    stdio: 'pipe',
  });
  const component = (snippet: string) => `${SNIPPETS.reactImport}\n\nexport default function App() {\n  return (\n${snippet}\n  );\n}\n`;
  writeFileSync(join(app, 'src', 'AppVectors.tsx'), component(SNIPPETS.react));
  writeFileSync(join(app, 'src', 'App.tsx'), component(withoutVectors(SNIPPETS.react)));
  writeFileSync(join(app, 'src', 'element.ts'), SNIPPETS.element);
  // One app, three pages: `/?element` loads the ES-module snippet, `/?vectors` renders the README's
  // React snippet (prebuilt vectors), `/` the same without its vectors line (the page embeds).
  writeFileSync(
    join(app, 'src', 'main.tsx'),
    `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App.tsx';
import AppVectors from './AppVectors.tsx';

const query = new URLSearchParams(location.search);
if (query.has('element')) void import('./element.ts');
else createRoot(document.getElementById('root')!).render(<StrictMode>{query.has('vectors') ? <AppVectors /> : <App />}</StrictMode>);
`,
  );
  const html = join(app, 'index.html');
  writeFileSync(html, readFileSync(html, 'utf8').replace('<div id="root"></div>', `<div id="root"></div>\n    ${SNIPPETS.markup}`));
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Moves `rel` (under the app) away for the duration of `fn`. */
async function without(rel: string, fn: () => Promise<void>): Promise<void> {
  renameSync(join(app, rel), join(app, `${rel}.away`));
  try {
    await fn();
  } finally {
    renameSync(join(app, `${rel}.away`), join(app, rel));
  }
}

async function devServer(): Promise<AppServer> {
  const port = await freePort();
  return startServer(
    process.execPath,
    ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    app,
    `http://127.0.0.1:${port}/`,
  );
}

/** The element page, then the React page in a new context (empty IndexedDB: the model loads again). */
async function bothSnippetsWork(page: Page, browser: Browser, guard: (c: BrowserContext) => Promise<void>, url: string): Promise<void> {
  const element = await open(page, `${url}?element`);
  const ranked = await expectElementWorks(page, element, titles);
  // The WASM (here the WASM-only build's 14 MB: src/encoder/runtime-flavours.ts) never travels
  // uncompressed. Where a server sends it as it is (Vite's dev server, and its preview before 8.4),
  // its request is dropped at the headers and the .gz sibling taken instead
  // (src/encoder/runtime-wasm.ts; Vite labels it Content-Encoding: gzip); Vite's preview from 8.4
  // compresses application/wasm itself, and that one response is used.
  const wasm = element.responses.filter((r) => /\/ort\/ort-wasm-simd-threaded\.wasm(\.gz)?$/.test(r.url));
  const sent = wasm.map((r) => [new URL(r.url).pathname.split('/').pop(), r.status, r.encoding]);
  expect(sent).toEqual(
    sent[0]?.[2] === ''
      ? [
          ['ort-wasm-simd-threaded.wasm', 200, ''],
          ['ort-wasm-simd-threaded.wasm.gz', 200, expect.stringMatching(/^(gzip)?$/)],
        ]
      : [['ort-wasm-simd-threaded.wasm', 200, expect.stringMatching(/^(gzip|br|zstd)$/)]],
  );
  const context = await browser.newContext();
  try {
    await guard(context);
    const react = await context.newPage();
    await expectReactWorks(react, await open(react, url), ranked);
  } finally {
    await context.close();
  }
}

test('dev server (vite): the element and the React snippet rank with the model, assets from public/inpage-rec', async ({
  page,
  browser,
  guard,
}) => {
  const server = await devServer();
  try {
    await bothSnippetsWork(page, browser, guard, server.url);
  } finally {
    await server.stop();
  }
});

test('dev server: the README snippet with prebuilt vectors ranks without the model; its status line speaks from the first frame', async ({
  page,
}) => {
  const server = await devServer();
  try {
    // Every state of the list, from its first render: its status text and how many cards it shows.
    await page.addInitScript(() => {
      const seen: { status: string; cards: number }[] = [];
      (window as unknown as { __states: typeof seen }).__states = seen;
      new MutationObserver(() => {
        const section = document.querySelector('section.inpage-rec');
        if (!section) return;
        const state = {
          status: section.querySelector('[role=status]')?.textContent?.trim() ?? '',
          cards: section.querySelectorAll('li strong').length,
        };
        const last = seen[seen.length - 1];
        if (!last || last.status !== state.status || last.cards !== state.cards) seen.push(state);
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const visit = await open(page, `${server.url}?vectors`);
    const section = page.locator('section.inpage-rec[data-inpage-rec="ready"][aria-busy="false"]');
    await expect(section).toBeVisible({ timeout: 120_000 });
    await expect(section.locator('li strong')).toHaveCount(8);
    const shown = await section.locator('li strong').allTextContents();
    for (const t of shown) expect(titles).toContain(t);
    expect(shown).not.toContain(titles[0]);
    const paths = visit.responses.map((r) => new URL(r.url).pathname);
    expect(paths).toContain('/inpage-rec/vectors/manifest.json');
    expect(paths.some((p) => /^\/inpage-rec\/vectors\/vectors-[0-9a-f]+\.bin$/.test(p))).toBe(true);
    // Vector-ranked without the model: nothing searched, so the 7 MB model is never fetched.
    expect(paths.filter((p) => p.includes('/models/'))).toEqual([]);
    const status = await page.evaluate(() => (window as unknown as { __states: { status: string; cards: number }[] }).__states);
    console.info(`status line: ${JSON.stringify(status)}`);
    expect(status.length).toBeGreaterThan(0);
    expect(status[0]!.status).toMatch(/^Loading recommendations/);
    // Never a blank line over an empty list.
    expect(status.filter((s) => s.cards === 0 && s.status === '')).toEqual([]);
    expect(status[status.length - 1]).toEqual({ status: '', cards: 8 });
  } finally {
    await server.stop();
  }
});

test('dev server: a missing worker or model file is reported, never an endless placeholder', async ({ page }) => {
  const server = await devServer();
  try {
    await without('public/inpage-rec/inpage-rec.worker.js', async () => {
      await open(page, server.url);
      await expectReactWorkerFailure(page);
      await expectWorkerFailure(page, await open(page, `${server.url}?element`));
    });
    // Vite answers a missing public file with index.html: the integrity check names what came.
    await without('public/inpage-rec/models/use-lite-en/onnx/model_quantized.onnx', async () => {
      await expectModelFailure(
        page,
        await open(page, `${server.url}?element`),
        /model_quantized\.onnx failed its integrity check.*got \d+ bytes/,
      );
    });
  } finally {
    await server.stop();
  }
});

test('production build (tsc -b && vite build) and vite preview: both snippets work; missing files are reported', async ({
  page,
  browser,
  guard,
}) => {
  const build = npm(['run', 'build'], app);
  expect(build).toContain('built in');
  const port = await freePort();
  const server = await startServer(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    app,
    `http://127.0.0.1:${port}/`,
  );
  try {
    await bothSnippetsWork(page, browser, guard, server.url);
    await without('dist/inpage-rec/inpage-rec.worker.js', async () => {
      await expectWorkerFailure(page, await open(page, `${server.url}?element`));
    });
  } finally {
    await server.stop();
  }
});
