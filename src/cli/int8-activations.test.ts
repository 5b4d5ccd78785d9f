import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../test/paths.ts';
import { createEncoder } from '../encoder/index.ts';
import { resolveModel } from '../encoder/registry.ts';
import { cosine } from '../vector-index/cosine.ts';
import { withInt8Activations } from './int8-activations.ts';
import { createNativeEncoder } from './native-encoder.ts';

const Q8 = join(MODELS_DIR, 'use-lite-en', 'onnx', 'model_quantized.onnx');
const FP32 = join(MODELS_DIR, 'use-lite-en', 'onnx', 'model.onnx');

function ops(bytes: Uint8Array): string[] {
  return (onnxProto.onnx.ModelProto.decode(bytes).graph?.node ?? []).map((n) => n.opType ?? '');
}

const TEXTS = [
  'Trail running shoe. Acme. running, trail. Light & fast, with a grippy outsole for wet rock.',
  'Stainless steel water bottle, 750 ml, keeps drinks cold for 24 hours.',
  'Racing game. Drive 40 licensed cars on 12 tracks in career and split-screen modes.',
  'A puzzle game of light and mirrors: 120 hand-made levels, no timers, a calm soundtrack.',
  'Sleeping bag, 3 seasons, comfort 2 °C, 1.1 kg, compression sack included.',
  'Office chair with lumbar support, adjustable arm rests and breathable mesh back.',
  'x',
  'Ünïcödé, emoji 🎮 and numbers 1234567890 in one short line.',
];

describe('int8 activations (the build model run)', () => {
  it('rewrites every weight-only int8 MatMul of the q8 model and leaves no dequantisation behind', () => {
    const q8 = readFileSync(Q8);
    const { bytes, rewritten } = withInt8Activations(q8);
    expect(rewritten).toBe(ops(q8).filter((op) => op === 'MatMul').length - ops(bytes).filter((op) => op === 'MatMul').length);
    expect(rewritten).toBeGreaterThanOrEqual(10);
    expect(ops(bytes).filter((op) => op === 'MatMulInteger')).toHaveLength(rewritten);
    expect(ops(bytes)).not.toContain('DequantizeLinear');
    // Deterministic: the same file gives the same bytes.
    expect(Buffer.from(withInt8Activations(q8).bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('unsigned weights: every MatMulInteger reads a uint8 copy of its int8 weight, shifted by its zero point 128', () => {
    const q8 = readFileSync(Q8);
    const signed = onnxProto.onnx.ModelProto.decode(withInt8Activations(q8).bytes).graph!;
    const unsigned = onnxProto.onnx.ModelProto.decode(withInt8Activations(q8, true).bytes).graph!;
    const inits = new Map((unsigned.initializer ?? []).map((t) => [t.name ?? '', t]));
    const signedInits = new Map((signed.initializer ?? []).map((t) => [t.name ?? '', t]));
    const matmuls = (unsigned.node ?? []).filter((n) => n.opType === 'MatMulInteger');
    expect(matmuls.length).toBeGreaterThanOrEqual(10);
    for (const n of matmuls) {
      const [, w, , zero] = n.input ?? [];
      const weight = inits.get(w!)!;
      expect(weight.dataType).toBe(onnxProto.onnx.TensorProto.DataType.UINT8);
      expect(Array.from(inits.get(zero!)!.rawData!)).toEqual([128]);
      const original = signedInits.get(w!.replace(/\/uint8$/, ''))!;
      const from = new Int8Array(original.rawData!.buffer, original.rawData!.byteOffset, original.rawData!.length);
      expect(weight.rawData!.length).toBe(from.length);
      for (let i = 0; i < from.length; i += 997) expect(weight.rawData![i]! - 128).toBe(from[i]);
    }
    // No int8 weight is left behind for a MatMul.
    expect((unsigned.initializer ?? []).filter((t) => t.dataType === onnxProto.onnx.TensorProto.DataType.INT8).length).toBeLessThan(
      (signed.initializer ?? []).filter((t) => t.dataType === onnxProto.onnx.TensorProto.DataType.INT8).length,
    );
  });

  it('leaves a float model as it was', () => {
    const fp32 = readFileSync(FP32);
    const out = withInt8Activations(fp32);
    expect(out.rewritten).toBe(0);
    expect(out.bytes).toBe(fp32);
  });

  it('embeds within cosine .999 of the page (q8, float activations), through the build encoder', async () => {
    const page = await createEncoder({ modelBase: MODELS_DIR, dtype: 'q8' });
    const build = await createNativeEncoder({
      spec: resolveModel('use-lite-en'),
      dtype: 'q8',
      folder: join(MODELS_DIR, 'use-lite-en'),
      int8Activations: true,
    });
    const a = await page.embed(TEXTS);
    const b = await build.embed(TEXTS);
    const d = page.dims;
    let worst = 1;
    for (let i = 0; i < TEXTS.length; i++) worst = Math.min(worst, cosine(a.subarray(i * d, (i + 1) * d), b.subarray(i * d, (i + 1) * d)));
    expect(worst).toBeGreaterThanOrEqual(0.999);
    // Not the same graph run twice: int8 activations round differently.
    expect(worst).toBeLessThan(0.999999);
    await page.dispose();
    await build.dispose();
  });

  it('the build keeps int8 weights only where they give the vectors of the exact uint8 form, and says which it runs', async () => {
    const base = {
      spec: resolveModel('use-lite-en'),
      dtype: 'q8' as const,
      folder: join(MODELS_DIR, 'use-lite-en'),
      int8Activations: true,
    };
    const chosen = await createNativeEncoder(base);
    const exact = await createNativeEncoder({ ...base, unsignedWeights: true });
    const a = await chosen.embed(TEXTS);
    const b = await exact.embed(TEXTS);
    const d = exact.dims;
    let worst = 1;
    for (let i = 0; i < TEXTS.length; i++) worst = Math.min(worst, cosine(a.subarray(i * d, (i + 1) * d), b.subarray(i * d, (i + 1) * d)));
    expect(worst).toBeGreaterThanOrEqual(0.9999);
    // Which form ran is in the build's report (a CPU without VNNI runs uint8).
    expect(chosen.backend?.reason).toMatch(/threads of one session each(; int8 weights run as uint8: .*probe cosine 0\.\d+.*)?$/);
    await chosen.dispose();
    await exact.dispose();
  });
});
