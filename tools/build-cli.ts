/**
 * Bundles the `inpage-rec` command line for Node into `dist/cli.js` (the package's `bin`): the CLI,
 * the library modules it shares with the browser (src/catalog, src/encoder, src/artifact), commander
 * and cli-progress in one ES module, so installing inpage-rec adds no CLI dependencies; beside it
 * `dist/cli-embed-worker.js`, the build's model thread (src/cli/embed-worker.ts, with the
 * tokenizer bundled in), and `dist/cli-train-thread.js`, a training thread of the learned space
 * (src/cli/train-thread.ts). `onnxruntime-node` stays external: loaded only when a build embeds, with
 * an install hint when it is missing; so does `@huggingface/transformers`, needed only for a
 * Hugging Face model other than the built-in one. The model files are the ones
 * `tools/build.ts` copies to `dist/models/`, found beside `dist/cli.js` at run time.
 *
 * The same way, `dist/server.js`: the package's `inpage-rec/server` entry (src/server/index.ts, the
 * retrieval endpoint for a site's own Node server), with the database packages external.
 *
 *   tsx tools/build-cli.ts [--out-dir <dir>]     (npm run build:cli; the CLI only)
 */
import { chmodSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages the bundle loads at run time instead of containing. */
export const CLI_EXTERNAL = [
  'onnxruntime-node',
  '@huggingface/transformers',
  '@electric-sql/pglite',
  '@electric-sql/pglite-pgvector',
  'pg',
];

/** Builds `<outDir>/cli.js`, its `cli-embed-worker.js` and `cli-train-thread.js` (default `dist/`); returns the CLI's path. Does not empty `outDir`. */
export async function buildCli(outDir: string = join(root, 'dist')): Promise<string> {
  await buildNodeModule('src/cli/embed-worker.ts', 'cli-embed-worker.js', outDir);
  await buildNodeModule('src/cli/train-thread.ts', 'cli-train-thread.js', outDir);
  const file = await buildNodeModule('src/cli/main.ts', 'cli.js', outDir);
  chmodSync(file, 0o755);
  return file;
}

/** Builds `<outDir>/server.js` (default `dist/`), the `inpage-rec/server` entry; returns its path. Does not empty `outDir`. */
export async function buildServer(outDir: string = join(root, 'dist')): Promise<string> {
  return buildNodeModule('src/server/index.ts', 'server.js', outDir);
}

/** Bundles `entry` (from the repository root) for Node into one ES module `<outDir>/<fileName>`; returns its path. */
async function buildNodeModule(entry: string, fileName: string, outDir: string): Promise<string> {
  const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: false,
      ssr: join(root, entry),
      target: 'node20',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rollupOptions: {
        external: [...CLI_EXTERNAL, ...nodeBuiltins],
        output: { entryFileNames: fileName, format: 'es', codeSplitting: false },
      },
    },
    // Bundle every dependency except the external ones (Vite's SSR default leaves them all out).
    ssr: { noExternal: true, external: CLI_EXTERNAL, target: 'node' },
  });
  return join(outDir, fileName);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out-dir');
  const t0 = Date.now();
  const file = await buildCli(at > 0 ? resolve(process.argv[at + 1]!) : undefined);
  console.log(`built ${file} in ${Date.now() - t0} ms`);
}
