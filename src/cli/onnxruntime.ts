/**
 * `onnxruntime-node` runs the built-in model in `inpage-rec build` (native-encoder.ts). It is an
 * optional peer: pages that only read prebuilt vectors never need it, so the CLI checks it up front
 * and says how to install it, before reading the catalog's texts into a model.
 *
 * The version the message names, 1.10.0, is a decision (issue 30: the build's runtime installs from
 * npm alone, with no environment variable, in <= 80 MB): it is the newest release with no install
 * script (1.17 and later download CUDA libraries on linux x64 at install time, which fails offline
 * unless `ONNXRUNTIME_NODE_INSTALL=skip`), and it adds 75 MB with onnxruntime-common for every platform (1.14-1.16:
 * 96-102 MB; 1.2x: 288 MB). Any later version runs the same graph (opset-15.ts), so a project that
 * has one already keeps it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createError, ErrorCodes } from '../errors.ts';
import { ONNXRUNTIME_RANGE } from './package-info.ts';

/** The release the install hint names (see the module comment). */
export const SUGGESTED_ONNXRUNTIME = '1.10.0';

/** The installed onnxruntime-node's version; throws MODEL_FAILED with the install command when it is missing. */
export function onnxRuntimeVersion(from: string = import.meta.url): string {
  let main: string;
  try {
    main = createRequire(from).resolve('onnxruntime-node');
  } catch (err) {
    throw createError(
      ErrorCodes.MODEL_FAILED,
      'inpage-rec build runs the model with onnxruntime-node, which is not installed. ' +
        `Install it next to inpage-rec: npm install --save-dev onnxruntime-node@${SUGGESTED_ONNXRUNTIME} (any version ${ONNXRUNTIME_RANGE} works)`,
      err,
    );
  }
  // dist/index.js -> the package folder's package.json (onnxruntime-node has no `exports` map).
  const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
