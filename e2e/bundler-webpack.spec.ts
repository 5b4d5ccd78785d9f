/**
 * The packed package in a webpack 5 app (babel-loader for JSX, html-webpack-plugin, and
 * copy-webpack-plugin copying public/ into the build, the usual setup; every package from the
 * registry), following the README only: the one-line assets step, the ES-module snippet with the
 * element's markup, the React snippet. Both work on `webpack serve` and from `webpack --mode
 * production` served by the project's own static server, which sends the precompressed siblings
 * the assets step wrote (the WASM arrives brotli-encoded); with the worker or the model file
 * missing, the page says so. Every request stays on 127.0.0.1 (fixtures guard).
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { serve } from '../tools/serve.ts';
import {
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
  type Visit,
  withoutVectors,
  writeTestCatalog,
} from './bundler-app.ts';
import { expect, test } from './fixtures.ts';

/** The app's dependencies: current majors, resolved by npm at install time like a new project's. */
const PACKAGE = {
  name: 'webpack-shop',
  private: true,
  scripts: { build: 'webpack --mode production', start: 'webpack serve --mode development' },
  dependencies: { react: '^19.2.0', 'react-dom': '^19.2.0' },
  devDependencies: {
    '@babel/core': '^7.28.0',
    '@babel/preset-react': '^7.27.0',
    'babel-loader': '^10.0.0',
    'copy-webpack-plugin': '^14.0.0',
    'html-webpack-plugin': '^5.6.0',
    webpack: '^5.100.0',
    'webpack-cli': '^7.0.0',
    'webpack-dev-server': '^6.0.0',
  },
};

const WEBPACK_CONFIG = `const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyPlugin = require('copy-webpack-plugin');

module.exports = {
  entry: './src/index.jsx',
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].[contenthash].js', publicPath: '/', clean: true },
  module: {
    rules: [
      {
        test: /\\.jsx?$/,
        exclude: /node_modules/,
        use: { loader: 'babel-loader', options: { presets: [['@babel/preset-react', { runtime: 'automatic' }]] } },
      },
    ],
  },
  resolve: { extensions: ['.js', '.jsx'] },
  plugins: [new HtmlWebpackPlugin({ template: './src/index.html' }), new CopyPlugin({ patterns: [{ from: 'public' }] })],
  devServer: { static: 'public', historyApiFallback: true },
};
`;

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>webpack shop</title></head>
  <body>
    <div id="root"></div>
    ${SNIPPETS.markup}
  </body>
</html>
`;

// One app, two pages: `/?element` loads the ES-module snippet, `/` renders the React one.
const INDEX_JSX = `import { createRoot } from 'react-dom/client';
import App from './App.jsx';

if (new URLSearchParams(location.search).has('element')) import('./element.js');
else createRoot(document.getElementById('root')).render(<App />);
`;

let work = '';
let app = '';
let titles: string[] = [];

test.describe.configure({ mode: 'serial', timeout: 300_000 });

test.beforeAll(() => {
  test.setTimeout(300_000);
  work = mkdtempSync(join(tmpdir(), 'inpage-rec-webpack-'));
  const tarball = packTarball(work);
  app = join(work, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  mkdirSync(join(app, 'public'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify(PACKAGE, null, 2));
  writeFileSync(join(app, 'webpack.config.js'), WEBPACK_CONFIG);
  writeFileSync(join(app, 'src', 'index.html'), INDEX_HTML);
  writeFileSync(join(app, 'src', 'index.jsx'), INDEX_JSX);
  writeFileSync(
    join(app, 'src', 'App.jsx'),
    `${SNIPPETS.reactImport}\n\nexport default function App() {\n  return (\n${withoutVectors(SNIPPETS.react)}\n  );\n}\n`,
  );
  writeFileSync(join(app, 'src', 'element.js'), SNIPPETS.element);
  npm(['install', tarball.path, '--no-audit', '--no-fund', '--prefer-offline'], app);
  npm(SNIPPETS.assets, app, 'npx');
  titles = writeTestCatalog(join(app, 'public', 'catalog.json')).map((i) => i.title);
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

/** The element page, then the React page in a new context (empty IndexedDB: the model loads again). */
async function bothSnippetsWork(page: Page, browser: Browser, guard: (c: BrowserContext) => Promise<void>, url: string): Promise<Visit> {
  const visit = await open(page, `${url}?element`);
  const ranked = await expectElementWorks(page, visit, titles);
  const context = await browser.newContext();
  try {
    await guard(context);
    const react = await context.newPage();
    await expectReactWorks(react, await open(react, url), ranked);
  } finally {
    await context.close();
  }
  return visit;
}

test('webpack serve: the element and the React snippet rank with the model; a missing worker is reported', async ({
  page,
  browser,
  guard,
}) => {
  const port = await freePort();
  const server = await startServer(
    process.execPath,
    ['node_modules/webpack-cli/bin/cli.js', 'serve', '--mode', 'development', '--host', '127.0.0.1', '--port', String(port)],
    app,
    `http://127.0.0.1:${port}/`,
  );
  try {
    await bothSnippetsWork(page, browser, guard, server.url);
    await without('public/inpage-rec/inpage-rec.worker.js', async () => {
      await expectWorkerFailure(page, await open(page, `${server.url}?element`));
      await open(page, server.url);
      await expectReactWorkerFailure(page);
    });
  } finally {
    await server.stop();
  }
});

test('webpack production build on a static server: both snippets work, the WASM is sent brotli-compressed; missing files are reported', async ({
  page,
  browser,
  guard,
}) => {
  npm(['run', 'build'], app);
  const server = await serve({ root: join(app, 'dist') });
  try {
    const visit = await bothSnippetsWork(page, browser, guard, `${server.url}/`);
    const wasm = visit.responses.find((r) => r.url.endsWith('/inpage-rec/ort/ort-wasm-simd-threaded.wasm'))!;
    expect(wasm.encoding).toBe('br');
    // A 404 here (no SPA fallback): the error names the file and the status.
    await without('dist/inpage-rec/models/use-lite-en/onnx/model_quantized.onnx', async () => {
      for (const ext of ['.br', '.gz'])
        renameSync(join(app, `dist/inpage-rec/models/use-lite-en/onnx/model_quantized.onnx${ext}`), join(work, `model${ext}`));
      try {
        // A new context: the first one has the vectors in IndexedDB and would load no model.
        const context = await browser.newContext();
        await guard(context);
        const fresh = await context.newPage();
        await expectModelFailure(fresh, await open(fresh, `${server.url}/?element`), /model_quantized\.onnx.*404/);
        await context.close();
      } finally {
        for (const ext of ['.br', '.gz'])
          renameSync(join(work, `model${ext}`), join(app, `dist/inpage-rec/models/use-lite-en/onnx/model_quantized.onnx${ext}`));
      }
    });
    await without('dist/inpage-rec/inpage-rec.worker.js', async () => {
      for (const ext of ['.br', '.gz']) rmSync(join(app, `dist/inpage-rec/inpage-rec.worker.js${ext}`));
      await expectWorkerFailure(page, await open(page, `${server.url}/?element`));
    });
  } finally {
    await server.close();
  }
});
