/**
 * A small deterministic stand-in for the text encoder, for unit tests of the engine in Node: each
 * word hashes into one of `dims` buckets, and the bag of words is L2-normalised, so texts sharing
 * words are close. It counts runs like the real encoder does.
 */
import type { Encoder, EncoderOptions } from '../../src/encoder/index.ts';
import { resolveModel } from '../../src/encoder/index.ts';

/** A fake encoder plus a record of what it was asked to do. */
export interface FakeEncoder extends Encoder {
  /** Every text embedded, in order. */
  readonly texts: string[];
}

function bucket(word: string, dims: number): number {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return (h >>> 0) % dims;
}

/** Embeds `text` as a normalised bag of hashed words (all zeros for no words). */
export function fakeVector(text: string, dims: number): Float32Array {
  const v = new Float32Array(dims);
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) v[bucket(w, dims)]! += 1;
  const norm = Math.hypot(...v);
  if (norm > 0) for (let d = 0; d < dims; d++) v[d]! /= norm;
  return v;
}

/** Creates a fake encoder of `dims` dimensions. */
export function createFakeEncoder(dims = 16, options: Partial<EncoderOptions> = {}): FakeEncoder {
  const texts: string[] = [];
  let runs = 0;
  return {
    spec: resolveModel(options.model),
    dims,
    dtype: options.dtype ?? 'q8',
    backend: { device: 'cpu', threads: 1, reason: 'fake encoder for unit tests' },
    get runs() {
      return runs;
    },
    timings: { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 },
    texts,
    async embed(batch) {
      runs++;
      const out = new Float32Array(batch.length * dims);
      batch.forEach((t, i) => {
        texts.push(t);
        out.set(fakeVector(t, dims), i * dims);
      });
      return out;
    },
    async dispose() {},
  };
}
