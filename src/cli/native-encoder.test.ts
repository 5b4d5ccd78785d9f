import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../test/paths.ts';
import { resolveModel } from '../encoder/registry.ts';
import { createNativeEncoder } from './native-encoder.ts';
import { onnxRuntimeVersion, SUGGESTED_ONNXRUNTIME } from './onnxruntime.ts';

const options = { spec: resolveModel('use-lite-en'), dtype: 'q8' as const, folder: join(MODELS_DIR, 'use-lite-en'), int8Activations: true };

// Long and short texts mixed, so the length sort hands them out of input order.
const TEXTS = Array.from({ length: 40 }, (_, i) =>
  i % 3 === 0 ? `Item ${i}: ${'a racing game with licensed cars and split-screen modes, '.repeat(1 + (i % 5))}` : `tent ${i}`,
);

describe('the build encoder (onnxruntime-node threads)', () => {
  it('gives every text the vector it gets alone, in input order, whatever the thread count', async () => {
    const one = await createNativeEncoder({ ...options, threads: 1 });
    const two = await createNativeEncoder({ ...options, threads: 2 });
    try {
      expect(two.backend.threads).toBe(2);
      const seen: number[] = [];
      const texts = [...TEXTS, '', ' \n '];
      const a = await one.embed(texts);
      const b = await two.embed(texts, { onProgress: (done, total) => seen.push(done / total) });
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
      const d = two.dims;
      // Each row is that text's own vector: the 7th text embedded alone gives row 7.
      const alone = await two.embed([texts[7]!]);
      expect(Array.from(b.subarray(7 * d, 8 * d))).toEqual(Array.from(alone));
      // Blank texts keep the zero vector and are never run.
      expect(b.subarray(40 * d).every((x) => x === 0)).toBe(true);
      expect(b.subarray(0, d).some((x) => x !== 0)).toBe(true);
      expect(two.runs).toBe(41);
      expect(seen.at(-1)).toBe(1);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
    } finally {
      await one.dispose();
      await two.dispose();
    }
  });

  it('stops at an aborted signal', async () => {
    const enc = await createNativeEncoder({ ...options, threads: 1 });
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(enc.embed(TEXTS, { signal: controller.signal })).rejects.toThrow();
    } finally {
      await enc.dispose();
    }
  });

  it('names the install command when onnxruntime-node is missing', () => {
    expect(onnxRuntimeVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(() => onnxRuntimeVersion('file:///nonexistent/app/index.js')).toThrow(
      `npm install --save-dev onnxruntime-node@${SUGGESTED_ONNXRUNTIME}`,
    );
  });
});

describe('the build encoder when its model cannot load', () => {
  it('fails with MODEL_FAILED naming the file, or the thread that could not start, and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inpage-rec-broken-model-'));
    const weights = join(dir, 'onnx', 'model_quantized.onnx');
    try {
      cpSync(join(MODELS_DIR, 'use-lite-en'), dir, { recursive: true });
      writeFileSync(weights, Buffer.from('not an onnx model'));
      const garbage = createNativeEncoder({ ...options, folder: dir });
      await expect(garbage).rejects.toMatchObject({ code: 'MODEL_FAILED' });
      await expect(garbage).rejects.toThrow(`model file ${weights} is not a readable ONNX model`);
      // An empty file reads as an empty model: onnxruntime, in the thread, refuses it.
      writeFileSync(weights, Buffer.alloc(0));
      const empty = createNativeEncoder({ ...options, folder: dir, threads: 2 });
      await expect(empty).rejects.toMatchObject({ code: 'MODEL_FAILED' });
      await expect(empty).rejects.toThrow("the build's model thread could not start");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
