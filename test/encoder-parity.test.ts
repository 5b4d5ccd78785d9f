/**
 * Parity of the converted USE-lite model with the original TF.js implementation, through the
 * library's own Encoder (transformers.js + onnxruntime-node, local files only), and of the build
 * CLI's encoder (onnxruntime-node threads, src/cli/native-encoder.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNativeEncoder } from '../src/cli/native-encoder.ts';
import { createEncoder, type Encoder } from '../src/encoder/index.ts';
import { resolveModel } from '../src/encoder/registry.ts';
import { hasShared, MODELS_DIR, REFERENCE_PATH } from './paths.ts';

interface Reference {
  dims: number;
  items: { text: string; embedding: number[] }[];
}

const reference: Reference | undefined = hasShared ? (JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as Reference) : undefined;
if (!reference) console.warn(`SKIPPED parity tests: ${REFERENCE_PATH} is absent`);

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

describe.skipIf(!reference)('use-lite-en parity with the original TF.js model', () => {
  const ref = reference!;
  let fp32: Encoder;
  let q8: Encoder;
  beforeAll(async () => {
    fp32 = await createEncoder({ modelBase: MODELS_DIR, dtype: 'fp32' });
    q8 = await createEncoder({ modelBase: MODELS_DIR, dtype: 'q8' });
  });

  it('has 512 dims and cls pooling from the registry', () => {
    expect(fp32.dims).toBe(ref.dims);
    expect(fp32.spec.pooling).toBe('cls');
  });

  for (const batchSize of [1, 8, 64]) {
    it(`fp32: max |diff| <= 1e-5 on all ${ref.items.length} reference texts (batch ${batchSize})`, async () => {
      const out = await fp32.embed(
        ref.items.map((r) => r.text),
        { batchSize },
      );
      let worst = 0;
      ref.items.forEach((r, i) => {
        let diff = 0;
        for (let d = 0; d < ref.dims; d++) diff = Math.max(diff, Math.abs(out[i * ref.dims + d]! - r.embedding[d]!));
        expect(diff, `text ${JSON.stringify(r.text.slice(0, 40))}`).toBeLessThanOrEqual(1e-5);
        worst = Math.max(worst, diff);
      });
      expect(worst).toBeGreaterThan(0); // a real comparison happened, not an all-zero output
    });
  }

  it('int8: cosine >= 0.995 with the original on every reference text', async () => {
    const out = await q8.embed(ref.items.map((r) => r.text));
    ref.items.forEach((r, i) => {
      const cos = cosine(out.subarray(i * ref.dims, (i + 1) * ref.dims), r.embedding);
      expect(cos, `text ${JSON.stringify(r.text.slice(0, 40))}`).toBeGreaterThanOrEqual(0.995);
    });
  });

  /** The reference texts through the build's encoder (`int8Activations` as given) and through the page's q8 one. */
  async function buildAndPage(int8Activations: boolean): Promise<{ build: Float32Array; page: Float32Array }> {
    const spec = resolveModel('use-lite-en');
    const encoder = await createNativeEncoder({ spec, dtype: 'q8', folder: join(MODELS_DIR, 'use-lite-en'), int8Activations });
    try {
      const texts = ref.items.map((r) => r.text);
      return { build: await encoder.embed(texts), page: await q8.embed(texts) };
    } finally {
      await encoder.dispose();
    }
  }
  const row = (v: Float32Array, i: number) => v.subarray(i * ref.dims, (i + 1) * ref.dims);

  it("the build's encoder (onnxruntime-node threads, int8 activations, opset 15): cosine >= .999 with q8 and >= .995 with the original", async () => {
    const { build, page } = await buildAndPage(true);
    ref.items.forEach((r, i) => {
      const label = `text ${JSON.stringify(r.text.slice(0, 40))}`;
      expect(cosine(row(build, i), row(page, i)), label).toBeGreaterThanOrEqual(0.999);
      expect(cosine(row(build, i), r.embedding), label).toBeGreaterThanOrEqual(0.995);
    });
  });

  // The same folded q8 graph (`session.disable_quant_qdq`, node-env.ts), one text per run against
  // the library encoder's padded batches: min .99979 over the reference texts when written.
  it("the build's encoder with float activations runs the page's graph: cosine >= .9995 with q8", async () => {
    const { build, page } = await buildAndPage(false);
    ref.items.forEach((r, i) => {
      expect(cosine(row(build, i), row(page, i)), `text ${JSON.stringify(r.text.slice(0, 40))}`).toBeGreaterThanOrEqual(0.9995);
    });
  });
});
