/**
 * The `assets` command of the `inpage-rec` program:
 *
 *   inpage-rec assets <dir> [--dtype q8|fp32] [--models-dir <dir>] [--no-compress]
 *
 * Exit codes: 0 copied, 1 failed (a missing or corrupt file, fp32 without its weights).
 */
import { relative, sep } from 'node:path';
import { Command, Option } from 'commander';
import { type AssetsSummary, copyAssets } from './assets.ts';
import { failureMessage } from './failure.ts';

const EXAMPLES = `
Examples:
  inpage-rec assets public/inpage-rec            Vite, Next.js, Create React App: public/ is served at /
  inpage-rec assets static/inpage-rec --no-compress

Then pass the folder's URL to the library: createRecommender({ catalog, assetsBase: '/inpage-rec/' }),
or <Recommendations options={{ assetsBase: '/inpage-rec/' }} ... />. The script-tag bundle
(<script src="/inpage-rec/inpage-rec.js">) finds the folder by itself.
`;

interface AssetsFlags {
  dtype: 'q8' | 'fp32';
  modelsDir?: string;
  compress: boolean;
}

/** The `assets` command. */
export function assetsCommand(): Command {
  return new Command('assets')
    .summary('copy the worker, model and WASM files into a folder your site serves')
    .description(
      'Copy the files the browser fetches at run time (inpage-rec.worker.js, inpage-rec.encoder.js, models/, ort/, inpage-rec.css, inpage-rec.js) into <dir>, with .br and .gz siblings for servers that send precompressed files. Bundlers cannot follow these run-time URLs: run this once after installing or upgrading (e.g. as a "postinstall" or "predev"/"prebuild" script) and pass the folder\'s URL as assetsBase.',
    )
    .argument('<dir>', 'destination folder, e.g. public/inpage-rec')
    .addOption(new Option('--dtype <dtype>', 'model weights to copy, as the browser option "dtype"').choices(['q8', 'fp32']).default('q8'))
    .option('--models-dir <dir>', "folder holding model folders (default: the package's own; fp32 needs a source checkout's models/)")
    .option('--no-compress', 'do not write .br and .gz siblings')
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string, flags: AssetsFlags) => {
      process.exitCode = await run(dir, flags);
    });
}

async function run(dir: string, flags: AssetsFlags): Promise<number> {
  try {
    const summary = await copyAssets({ out: dir, dtype: flags.dtype, modelsDir: flags.modelsDir, compress: flags.compress });
    process.stdout.write(`${describe(summary, flags.compress)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`inpage-rec assets failed: ${failureMessage(err)}\n`);
    return 1;
  }
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** The URL a folder under a conventional static root is served at (`public/inpage-rec` -> `/inpage-rec/`). */
export function servedUrl(dir: string): string | undefined {
  const parts = relative(process.cwd(), dir).split(sep);
  const at = parts.findIndex((p) => p === 'public' || p === 'static');
  return at >= 0 && at < parts.length - 1 ? `/${parts.slice(at + 1).join('/')}/` : undefined;
}

function describe(s: AssetsSummary, compressed: boolean): string {
  const url = servedUrl(s.out) ?? '<the URL of this folder>';
  return [
    `copied ${s.files.length} files (${mb(s.bytes)}, model ${s.model} ${s.dtype}) into ${relative(process.cwd(), s.out) || '.'}`,
    compressed
      ? `  .br and .gz siblings written: ${mb(s.brBytes)} with brotli, ${mb(s.gzBytes)} with gzip, where the server sends precompressed files`
      : '  no .br/.gz siblings (--no-compress): compress .wasm, .onnx and .js on your server',
    `  next: createRecommender({ catalog, assetsBase: '${url}' })`,
  ].join('\n');
}
