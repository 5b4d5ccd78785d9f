/**
 * `npm run docs`: the API reference in docs/api/ (Markdown, one page per export and member), made
 * from the doc comments of the three public entries (package.json "exports": `inpage-rec`,
 * `inpage-rec/element`, `inpage-rec/react`). See docs/api-reference.md.
 *
 * 1. The project's own compiler (TypeScript 7) emits the entries' declarations into .cache/api/types,
 *    exactly as tools/build.ts emits dist/types.
 * 2. API Extractor reads them, once per entry (it takes one entry point per run), and writes a doc
 *    model (.cache/api/model/*.api.json). It bundles its own TypeScript (a JavaScript compiler API,
 *    which TypeScript 7 does not have), so the project's `tsc` stays TypeScript 7.
 * 3. API Documenter turns the models into docs/api/*.md (replaced whole on every run).
 *
 * Fails (exit 1) on a compiler error in the declarations and on a `{@link}` that resolves to
 * nothing; other doc-comment findings (TSDoc syntax, a type used by an entry but not exported from
 * it) are printed as warnings, and fail the run with `npm run docs -- --strict`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.cache', 'api');
const types = join(work, 'types');
const model = join(work, 'model');
const out = join(root, 'docs', 'api');
const strict = process.argv.includes('--strict');

/**
 * One doc model per import path. API Extractor wants an npm package name for each (no "/"), so the
 * subpath entries are documented as `inpage-rec-element` and `inpage-rec-react`; the summary says
 * which import path each one is.
 */
const ENTRIES = [
  {
    name: 'inpage-rec',
    file: 'index',
    summary: "`import { createRecommender } from 'inpage-rec'`: the recommender (catalog, vectors, ranking, history) and its types.",
  },
  {
    name: 'inpage-rec-element',
    file: 'element',
    summary:
      "`import { ... } from 'inpage-rec/element'`: the `<inpage-rec>` custom element, its page-wide default recommender, translations and stylesheet.",
  },
  {
    name: 'inpage-rec-react',
    file: 'react/index',
    summary: "`import { Recommendations } from 'inpage-rec/react'`: the React component and the types its props use.",
  },
];

/** Problems that fail every run; everything else reported as a warning fails only with --strict. */
const ALWAYS_ERRORS = new Set(['ae-unresolved-link', 'ae-unresolved-inheritdoc-reference', 'ae-unresolved-inheritdoc-base']);

const started = performance.now();
rmSync(work, { recursive: true, force: true });
mkdirSync(model, { recursive: true });

// 1. Declarations, by TypeScript 7 (the same config as the published dist/types).
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tools', 'tsconfig.types.json'), '--declarationDir', types, '--declarationMap'], {
  stdio: 'inherit',
});

// 2. A doc model per entry. The wrapper gives each package its summary (@packageDocumentation).
let errors = 0;
let warnings = 0;
for (const entry of ENTRIES) {
  const wrapper = join(types, `${entry.name}.entry.d.ts`);
  writeFileSync(wrapper, `/**\n * ${entry.summary}\n *\n * @packageDocumentation\n */\nexport * from './${entry.file}.ts';\n`);
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: wrapper,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2023', 'DOM', 'DOM.Iterable', 'WebWorker'],
            strict: true,
            skipLibCheck: true,
            allowImportingTsExtensions: true,
            noEmit: true,
            jsx: 'react-jsx',
            types: [],
          },
          files: [wrapper],
        },
      },
      apiReport: { enabled: false, reportFileName: '<unscopedPackageName>.api.md' },
      docModel: { enabled: true, apiJsonFilePath: join(model, `${entry.name}.api.json`) },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.Warning },
          // Release tags (@public, @beta) are not used: everything an entry exports is public.
          'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
      },
    },
    configObjectFullPath: join(work, 'api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
    packageJson: {
      name: entry.name,
      version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    },
  });
  Extractor.invoke(config, {
    localBuild: true,
    messageCallback: (message: ExtractorMessage) => {
      if (message.logLevel === ExtractorLogLevel.Verbose || message.logLevel === ExtractorLogLevel.None) return;
      if (message.logLevel === ExtractorLogLevel.Info) {
        message.handled = true;
        return;
      }
      const fatal = message.logLevel === ExtractorLogLevel.Error || ALWAYS_ERRORS.has(message.messageId) || strict;
      if (fatal) errors++;
      else warnings++;
      const where = message.sourceFilePath
        ? `${relative(root, message.sourceFilePath)}:${message.sourceFileLine}:${message.sourceFileColumn} `
        : '';
      console[fatal ? 'error' : 'warn'](`${fatal ? 'error' : 'warning'} ${entry.name}: ${where}(${message.messageId}) ${message.text}`);
      message.handled = true;
    },
  });
}

// 3. Markdown, replacing docs/api/ whole.
rmSync(out, { recursive: true, force: true });
const documenter = join(dirname(require.resolve('@microsoft/api-documenter/package.json')), 'bin', 'api-documenter');
execFileSync(process.execPath, [documenter, 'markdown', '--input-folder', model, '--output-folder', out], {
  stdio: ['ignore', 'ignore', 'inherit'],
});

const pages = readdirSync(out).length;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `docs/api: ${pages} pages (start at docs/api/index.md) in ${seconds} s; ${errors} error(s), ${warnings} warning(s)${warnings && !strict ? ' (--strict fails on warnings)' : ''}`,
);
if (errors) process.exit(1);
