/**
 * The packed package in a fresh Next.js app-router app (next, react and react-dom from the
 * registry, pinned), following the README only: install the tarball, run the one-line assets step,
 * and render the React snippet from pages. A server page renders the component with data props (the
 * package's `'use client'` boundary lets it; before, `next build` failed with "(0, f.useState) is
 * not a function"); a client page (`'use client'`, as the README says for props that are functions)
 * holds the README's snippet verbatim, `renderItem` included; a third page loads the element the
 * README's module way. All three rank with the model on `next dev` and on `next build && next
 * start`. Every request stays on 127.0.0.1 (fixtures guard).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  type AppServer,
  expectElementWorks,
  expectReactWorks,
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

/** Pinned so the app is known: Next.js 16's app router with Turbopack, React 19. */
const DEPS = ['next@16.4.6', 'react@19.3.1', 'react-dom@19.3.1', 'typescript@7.0.2', '@types/react@19.3.0', '@types/node@26.6.6'];

let work = '';
let app = '';
let titles: string[] = [];

test.describe.configure({ mode: 'serial', timeout: 300_000 });

/** Writes the app's pages: `/` (server), `/client` (the README's snippet) and `/element`. */
function writePages(): void {
  const dir = (p: string) => {
    mkdirSync(join(app, 'app', p), { recursive: true });
    return join(app, 'app', p);
  };
  writeFileSync(
    join(dir(''), 'layout.tsx'),
    'export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (<html lang="en"><body>{children}</body></html>);\n}\n',
  );
  // The snippet minus its function prop: a server component may pass only data to a client one.
  const dataOnly = withoutVectors(SNIPPETS.react).replace(/\n {2}renderItem=.*\n/, '\n');
  expect(dataOnly).not.toContain('renderItem');
  writeFileSync(
    join(app, 'app', 'page.tsx'),
    `${SNIPPETS.reactImport}\n\nexport default function Page() {\n  return (\n${dataOnly}\n  );\n}\n`,
  );
  writeFileSync(
    join(dir('client'), 'page.tsx'),
    `'use client';\n${SNIPPETS.reactImport}\n\nexport default function Page() {\n  return (\n${withoutVectors(SNIPPETS.react)}\n  );\n}\n`,
  );
  // The module snippet runs in the browser only (it starts a worker): an effect imports it.
  writeFileSync(
    join(dir('element'), 'page.tsx'),
    `'use client';\nimport { useEffect } from 'react';\n\nexport default function Page() {\n  useEffect(() => {\n    void import('./element');\n  }, []);\n  return <div dangerouslySetInnerHTML={{ __html: ${JSON.stringify(SNIPPETS.markup)} }} />;\n}\n`,
  );
  writeFileSync(join(dir('element'), 'element.ts'), SNIPPETS.element);
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // Next.js would otherwise try to report to its telemetry host (the fixtures' guard covers pages only).
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  work = mkdtempSync(join(tmpdir(), 'inpage-rec-next-'));
  const tarball = packTarball(work);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  npm(['install', ...DEPS, tarball.path, '--no-audit', '--no-fund', '--prefer-offline'], app);
  npm(SNIPPETS.assets, app, 'npx');
  titles = writeTestCatalog(join(app, 'public', 'catalog.json')).map((i) => i.title);
  writePages();
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `next <args>` on a free port of 127.0.0.1, without telemetry. */
async function next(args: string[]): Promise<AppServer> {
  const port = await freePort();
  return startServer(
    process.execPath,
    ['node_modules/next/dist/bin/next', ...args, '--hostname', '127.0.0.1', '--port', String(port)],
    app,
    `http://127.0.0.1:${port}/element`,
  );
}

/** The element's order, then the server page's default cards and the client page's own cards reach it. */
async function allPagesWork(page: Page, browser: Browser, guard: (c: BrowserContext) => Promise<void>, url: string): Promise<void> {
  const ranked = await expectElementWorks(page, await open(page, `${url}/element`), titles);
  for (const path of ['/', '/client']) {
    // A new context each: empty IndexedDB, so the model loads again and the assets are fetched.
    const context = await browser.newContext();
    try {
      await guard(context);
      const react = await context.newPage();
      const visit = await open(react, `${url}${path}`);
      if (path === '/client') await expectReactWorks(react, visit, ranked);
      else {
        const section = react.locator('section.inpage-rec[data-inpage-rec="ready"]');
        await expect.poll(() => section.locator('li .inpage-rec-title').allTextContents(), { timeout: 120_000 }).toEqual(ranked);
      }
    } finally {
      await context.close();
    }
  }
}

test('next dev: a server page, a client page with renderItem and the element rank with the model', async ({ page, browser, guard }) => {
  const server = await next(['dev']);
  try {
    await allPagesWork(page, browser, guard, server.url.replace(/\/element$/, ''));
  } finally {
    await server.stop();
  }
});

test('next build && next start: the same three pages work from the production build', async ({ page, browser, guard }) => {
  const build = npm(['exec', '--', 'next', 'build'], app);
  expect(build).toContain('Compiled successfully');
  const server = await next(['start']);
  try {
    await allPagesWork(page, browser, guard, server.url.replace(/\/element$/, ''));
  } finally {
    await server.stop();
  }
});
