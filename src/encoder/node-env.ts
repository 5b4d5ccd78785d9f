/**
 * Sets transformers.js up in Node (tests, eval, tools): model files from a local folder through
 * onnxruntime-node. A missing or cut-short file is named before loading: transformers.js reads a
 * missing tokenizer_config.json as "no tokenizer" and crashes later ("Cannot read properties of
 * undefined (reading 'tokenizer_class')"). Sizes only: the files were hashed when `npm install`
 * built them (tools/use-lite), and hashing the 28 MB fp32 model on every load would cost ~100 ms.
 */
import { createError, ErrorCodes } from '../errors.ts';
import type { Backend } from '../types/index.ts';
import { modelFileFor } from './model-file.ts';
import type { ModelSpec } from './registry.ts';

type Transformers = typeof import('@huggingface/transformers');
type NodeFs = typeof import('node:fs');

/** What every transformers.js model folder needs besides its weights. */
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** `node:fs` without an import statement, so browser bundles never see it; undefined before Node 20.16. */
function nodeFs(): NodeFs | undefined {
  const p = globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined;
  return p?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
}

/**
 * Throws MODEL_FAILED naming the first file of `folder` that is missing or has the wrong size.
 * `weights` is the ONNX file this load reads (see `modelFileFor`): the folder's other ONNX files
 * are not needed, so the package, which ships the q8 weights only, builds with q8.
 */
export function checkLocalFolder(folder: string, weights?: string, fs: NodeFs | undefined = nodeFs()): void {
  if (!fs) return;
  const manifestPath = `${folder}manifest.json`;
  let expected: Record<string, { size: number }> = Object.fromEntries(REQUIRED.map((f) => [f, { size: -1 }]));
  if (fs.existsSync(manifestPath)) {
    try {
      expected = (JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { files: typeof expected }).files;
    } catch (err) {
      throw createError(ErrorCodes.MODEL_FAILED, `model manifest ${manifestPath} is invalid: ${String(err)}`, err);
    }
  }
  // The weights this load reads are needed whether or not a manifest lists them.
  if (weights !== undefined && !(weights in expected)) expected = { ...expected, [weights]: { size: -1 } };
  for (const [file, { size }] of Object.entries(expected)) {
    if (weights !== undefined && file.endsWith('.onnx') && file !== weights) continue;
    const path = `${folder}${file}`;
    if (!fs.existsSync(path)) throw createError(ErrorCodes.MODEL_FAILED, `model file ${path} is missing (npm install builds use-lite-en)`);
    const actual = fs.statSync(path).size;
    if (size >= 0 && actual !== size)
      throw createError(ErrorCodes.MODEL_FAILED, `model file ${path} has ${actual} bytes; its manifest says ${size}`);
  }
}

/**
 * onnxruntime-node session options for a `dtype` load. q8 weights are weight-only int8
 * (DequantizeLinear feeding float MatMuls). Left to its QDQ handling, onnxruntime-node re-runs the
 * dequantisation every batch and runs 1.4x slower than fp32 (65 vs 92 Steam items/s, batch 32);
 * with `disable_quant_qdq` its constant folding turns those weights into float once, at load, so a
 * build embeds at fp32 speed from the same q8 file. The vectors stay the q8 model's (cosine >=
 * .9998 with the unfolded session on 512 Steam texts, the browser's are checked >= .999 by
 * e2e/demo.spec.ts). Costs ~21 MB more memory in the CLI, never in a page.
 */
export function nodeSessionOptions(dtype: 'fp32' | 'q8'): { extra?: { session: { disable_quant_qdq: '1' } } } {
  return dtype === 'q8' ? { extra: { session: { disable_quant_qdq: '1' } } } : {};
}

/** Configures `hf.env` for local files under `modelBase` and checks the model's folder for a `dtype` load. */
export function prepareNode(hf: Transformers, spec: ModelSpec, modelBase: string, allowRemote: boolean, dtype: 'fp32' | 'q8'): Backend {
  hf.env.allowLocalModels = true;
  hf.env.localModelPath = modelBase;
  hf.env.allowRemoteModels = !spec.builtin && allowRemote;
  if (spec.builtin || !allowRemote) checkLocalFolder(`${modelBase}${spec.id}/`, modelFileFor(dtype));
  return { device: 'cpu', threads: 0, reason: 'Node: onnxruntime-node (CPU, default thread pool)' };
}
