/**
 * `@huggingface/transformers` runs a Hugging Face model (`--model`) in the CLI; the built-in model
 * needs only onnxruntime-node (native-encoder.ts). It is not bundled into `dist/cli.js` and not
 * needed by pages that only read prebuilt vectors, so the CLI checks it up front and says how to
 * install it, instead of failing deep inside the encoder.
 */
import { createError, ErrorCodes, errorMessage } from '../errors.ts';
import { TRANSFORMERS_RANGE } from './package-info.ts';

type Transformers = typeof import('@huggingface/transformers');

/** Imports transformers.js; throws `MODEL_FAILED` with install instructions when it is missing. */
export async function loadTransformers(): Promise<Transformers> {
  try {
    return await import('@huggingface/transformers');
  } catch (err) {
    const missing =
      err instanceof Error &&
      /Cannot find (package|module)|ERR_MODULE_NOT_FOUND/.test(`${err.message} ${String((err as { code?: unknown }).code)}`);
    throw createError(
      ErrorCodes.MODEL_FAILED,
      missing
        ? 'inpage-rec build runs the model with @huggingface/transformers (and onnxruntime-node), which is not installed. ' +
            `Install it next to inpage-rec: npm install --save-dev '@huggingface/transformers@${TRANSFORMERS_RANGE}'`
        : `@huggingface/transformers could not be loaded: ${errorMessage(err)}`,
      err,
    );
  }
}
