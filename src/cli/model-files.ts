/**
 * Where the CLI finds model folders, and the SHA-256 of the model file it runs (recorded in the
 * manifest). The same folders the browser is served: `dist/models/` of the installed package, or
 * the repository's `models/` (built by `npm install`) when run from source.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createError, ErrorCodes } from '../errors.ts';

/**
 * The default models folder: beside the bundled CLI (`dist/cli.js` -> `dist/models`), or the
 * repository's `models/` when this file runs from `src/cli/`. `undefined` when neither exists.
 */
export function defaultModelsDir(moduleUrl: string = import.meta.url): string | undefined {
  const here = dirname(fileURLToPath(moduleUrl));
  const candidates = [join(here, 'models'), resolve(here, '..', 'models'), resolve(here, '..', '..', 'models')];
  return candidates.find((dir) => existsSync(join(dir, 'use-lite-en', 'config.json'))) ?? candidates.find((dir) => existsSync(dir));
}

export { modelFileFor } from '../encoder/model-file.ts';

/**
 * SHA-256 (hex) of the model file `file` of model `id`, looked up in each of `dirs` in turn (the
 * models folder, then transformers.js's download cache for a Hub model). Throws `MODEL_FAILED`
 * naming the places searched when it is in none.
 */
export async function hashModelFile(id: string, file: string, dirs: readonly string[]): Promise<{ path: string; sha256: string }> {
  for (const dir of dirs) {
    const path = join(dir, id, file);
    if (!existsSync(path)) continue;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { path, sha256: hash.digest('hex') };
  }
  throw createError(ErrorCodes.MODEL_FAILED, `model file ${id}/${file} was found in none of: ${dirs.join(', ')}`);
}

/**
 * The error for a model folder without the weights of `dtype` at `path`: for fp32 from the
 * package's own folder (`custom` false), how to get them, since the package ships q8 only.
 */
export function missingWeightsError(dtype: 'q8' | 'fp32', path: string, custom: boolean): Error {
  if (dtype === 'fp32' && !custom)
    return createError(
      ErrorCodes.MODEL_FAILED,
      'the npm package ships the q8 model only (7.2 MB; same ranking, cosine >= 0.999 to fp32) to keep installs small. ' +
        'The fp32 weights (28 MB) are built from source: in a checkout of the inpage-rec repository run `npm install` ' +
        '(it converts both), then pass --models-dir <checkout>/models',
    );
  return createError(ErrorCodes.MODEL_FAILED, `model file ${path} is missing`);
}
