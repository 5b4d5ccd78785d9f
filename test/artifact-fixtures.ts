/** Small artifacts for the format tests: seeded vectors, a fixed model description. */

import type { ArtifactModel } from '../src/artifact/format.ts';
import { quantize } from '../src/artifact/quantize.ts';
import { describeTextRule } from '../src/artifact/text-rule.ts';
import { type ArtifactInput, type ArtifactItem, writeArtifact } from '../src/artifact/write.ts';
import { contentHash } from '../src/catalog/hash.ts';
import { modelKey } from '../src/model-key.ts';

export const DIMS = 16;
export const MODEL: ArtifactModel = {
  id: 'test-model',
  dtype: 'q8',
  dims: DIMS,
  key: modelKey('test-model', DIMS, 'q8'),
  file: 'onnx/model_quantized.onnx',
  sha256: 'a'.repeat(64),
};

/** A deterministic unit vector per seed. */
export function unitVector(seed: number, dims = DIMS): Float32Array {
  const v = new Float32Array(dims);
  let s = seed * 2654435761 + 1;
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[d] = s / 2147483648 - 0.5;
    norm += v[d]! * v[d]!;
  }
  for (let d = 0; d < dims; d++) v[d]! /= Math.sqrt(norm);
  return v;
}

/** Items with keys, real content hashes and codes; `blank` keys get the zero vector. */
export async function makeItems(
  keys: readonly string[],
  blank: readonly string[] = [],
): Promise<(ArtifactItem & { vector: Float32Array })[]> {
  return Promise.all(
    keys.map(async (key, i) => {
      const vector = blank.includes(key) ? new Float32Array(DIMS) : unitVector(i + 1);
      return { key, hash: await contentHash(`text of ${key}`, MODEL.key), vector, ...quantize(vector) };
    }),
  );
}

/** Writes an artifact of `items` (and `sections`) with the default text rule. */
export async function build(items: readonly ArtifactItem[], sections?: Record<string, Uint8Array>) {
  const input: ArtifactInput = { model: MODEL, textRule: await describeTextRule(), generator: 'inpage-rec test', items, sections };
  return writeArtifact(input);
}
