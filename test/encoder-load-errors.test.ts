/** How a failed model load is explained: which file, which HTTP status, what to fix. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEncoder } from '../src/encoder/index.ts';
import { explainLoadFailure, type LoadContext } from '../src/encoder/load-errors.ts';
import { modelFileFor } from '../src/encoder/model-file.ts';
import { checkLocalFolder } from '../src/encoder/node-env.ts';
import { createError, ErrorCodes } from '../src/errors.ts';

const ORT = ['https://shop.example/ort/x.mjs', 'https://shop.example/ort/x.wasm'];
const base: LoadContext = { model: 'use-lite-en', dtype: 'q8', modelBase: 'https://shop.example/models/', failures: [], runtimeFiles: [] };
const heads = (statuses: Record<string, number>) => {
  const seen: string[] = [];
  const fetch = async (input: string | URL, init?: RequestInit) => {
    seen.push(`${init?.method} ${String(input)}`);
    return new Response(null, { status: statuses[String(input)] ?? 200 });
  };
  return { seen, fetch };
};

describe('explainLoadFailure', () => {
  it('keeps the message of a MODEL_FAILED from the verifying fetch, with the model in front', async () => {
    const inner = createError(ErrorCodes.MODEL_FAILED, 'model file https://shop.example/models/use-lite-en/config.json answered HTTP 404');
    const err = await explainLoadFailure(inner, base);
    expect(err.code).toBe('MODEL_FAILED');
    expect(err.message).toBe(`model "use-lite-en" (q8): ${inner.message}`);
    expect(err.cause).toBe(inner);
  });

  it('passes other library errors (INVALID_OPTION) through unchanged', async () => {
    const inner = createError(ErrorCodes.INVALID_OPTION, 'wasmBase is required in a browser');
    expect(await explainLoadFailure(inner, base)).toBe(inner);
  });

  it('names the runtime file that does not answer OK when the runtime fails to start', async () => {
    const net = heads({ [ORT[1]!]: 404 });
    const err = await explainLoadFailure(new Error('no available backend found'), { ...base, runtimeFiles: ORT, fetch: net.fetch });
    expect(err.message).toBe(
      `model "use-lite-en" (q8) could not start: onnxruntime-web file ${ORT[1]} answered HTTP 404 (Error: no available backend found)`,
    );
    expect(net.seen).toEqual([`HEAD ${ORT[0]}`, `HEAD ${ORT[1]}`]);
  });

  it('names recorded failed requests (a hub model), not the expected misses of unlisted files', async () => {
    const err = await explainLoadFailure(new TypeError("Cannot read properties of undefined (reading 'tokenizer_class')"), {
      ...base,
      runtimeFiles: ORT,
      fetch: heads({}).fetch,
      failures: [
        { url: 'https://shop.example/models/use-lite-en/generation_config.json', status: 404, reason: 'not listed in the model manifest' },
        { url: 'https://hf.example/x/tokenizer_config.json', status: 401, reason: 'answered HTTP 401' },
      ],
    });
    expect(err.message).toContain('could not be loaded: model file https://hf.example/x/tokenizer_config.json answered HTTP 401');
    expect(err.message).not.toContain('generation_config');
  });

  it('points at the Content-Security-Policy when the browser refused to compile or import', async () => {
    const err = await explainLoadFailure(
      new Error(
        "CompileError: WebAssembly.instantiate(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not allowed",
      ),
      base,
    );
    expect(err.message).toContain("a Content-Security-Policy must allow script-src 'self' 'wasm-unsafe-eval' and worker-src 'self'");
  });
});

describe('createEncoder in Node', () => {
  it('names a missing local file in its MODEL_FAILED', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-models-'));
    try {
      const err = await createEncoder({ modelBase: empty }).then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(err?.code).toBe('MODEL_FAILED');
      expect(err?.message).toBe(
        `model "use-lite-en" (fp32): model file ${empty}/use-lite-en/config.json is missing (npm install builds use-lite-en)`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('checkLocalFolder', () => {
  it('names a file whose size differs from the manifest, and a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    try {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: { 'a.json': { size: 3 }, 'b.onnx': { size: 10 } } }));
      writeFileSync(join(dir, 'a.json'), '{}');
      expect(() => checkLocalFolder(`${dir}/`)).toThrow(`model file ${dir}/a.json has 2 bytes; its manifest says 3`);
      writeFileSync(join(dir, 'a.json'), '{ }');
      expect(() => checkLocalFolder(`${dir}/`)).toThrow(`model file ${dir}/b.onnx is missing`);
      writeFileSync(join(dir, 'b.onnx'), '0123456789');
      expect(() => checkLocalFolder(`${dir}/`)).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('for one dtype needs only that ONNX file: the package ships the q8 weights without the fp32 ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    try {
      const files = { 'config.json': { size: 2 }, 'onnx/model.onnx': { size: 4 }, 'onnx/model_quantized.onnx': { size: 3 } };
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files }));
      writeFileSync(join(dir, 'config.json'), '{}');
      mkdirSync(join(dir, 'onnx'));
      writeFileSync(join(dir, 'onnx/model_quantized.onnx'), 'q8!');
      expect(() => checkLocalFolder(`${dir}/`, modelFileFor('q8'))).not.toThrow();
      expect(() => checkLocalFolder(`${dir}/`, modelFileFor('fp32'))).toThrow(`model file ${dir}/onnx/model.onnx is missing`);
      expect(() => checkLocalFolder(`${dir}/`)).toThrow(`model file ${dir}/onnx/model.onnx is missing`);
      rmSync(join(dir, 'config.json'));
      expect(() => checkLocalFolder(`${dir}/`, modelFileFor('q8'))).toThrow(`model file ${dir}/config.json is missing`);
      // The weights of the dtype are needed even when the manifest does not list them, or there is none.
      writeFileSync(join(dir, 'config.json'), '{}');
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: { 'config.json': { size: 2 } } }));
      expect(() => checkLocalFolder(`${dir}/`, modelFileFor('fp32'))).toThrow(`model file ${dir}/onnx/model.onnx is missing`);
      rmSync(join(dir, 'manifest.json'));
      writeFileSync(join(dir, 'tokenizer.json'), '{}');
      writeFileSync(join(dir, 'tokenizer_config.json'), '{}');
      expect(() => checkLocalFolder(`${dir}/`, modelFileFor('q8'))).not.toThrow();
      expect(() => checkLocalFolder(`${dir}/`, modelFileFor('fp32'))).toThrow(`model file ${dir}/onnx/model.onnx is missing`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
