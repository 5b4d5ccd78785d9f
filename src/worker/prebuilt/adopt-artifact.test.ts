import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../artifact/index.ts';
import type { CatalogEntry } from '../../catalog/index.ts';
import { createIndex } from '../../vector-index/factory.ts';
import { ADOPT_STEP, adoptArtifact } from './adopt-artifact.ts';

const DIMS = 4;

/** An artifact of `count` items whose vector i is distinct (the members adoptArtifact reads). */
function artifactOf(count: number): Artifact {
  const codes = new Int8Array(count * DIMS);
  for (let i = 0; i < count; i++) codes.set([1 + (i % 100), (i >> 2) % 97, 3, (i * 7) % 101], i * DIMS);
  const scales = new Float32Array(count).fill(0.01);
  const keys = Array.from({ length: count }, (_, i) => `k${i}`);
  const vector = (i: number, out = new Float32Array(DIMS)) => {
    for (let d = 0; d < DIMS; d++) out[d] = codes[i * DIMS + d]! * scales[i]!;
    return out;
  };
  const codeRow = (i: number, out: Int8Array, at: number) => out.set(codes.subarray(i * DIMS, (i + 1) * DIMS), at);
  return { count, dims: DIMS, keys, hashes: keys.map((k) => `h-${k}`), codes, scales, codeBits: 8, vector, codeRow } as unknown as Artifact;
}

const entry = (key: string, hash = `h-${key}`): CatalogEntry => ({ key, hash, item: { id: key }, text: key });

describe('adoptArtifact', () => {
  it('gives every entry its own vector across steps of one reused buffer, and stores the codes', async () => {
    const count = ADOPT_STEP * 2 + 5;
    const artifact = artifactOf(count);
    const index = createIndex('flat', DIMS);
    const stored = new Map<string, number[]>();
    const todo = [...artifact.keys.map((k) => entry(k)), entry('k3', 'another text'), entry('not-built')];
    const { remaining, persisted } = adoptArtifact(
      artifact,
      todo,
      (entries, vectors) =>
        index.add(
          entries.map((e) => e.key),
          vectors,
        ),
      async (entries, rows) => {
        for (const [r, e] of entries.entries()) stored.set(e.key, [...rows.codes.subarray(r * DIMS, (r + 1) * DIMS)]);
      },
    );
    await persisted;
    expect(remaining.map((e) => e.key)).toEqual(['k3', 'not-built']);
    expect(index.size).toBe(count);
    for (const i of [0, 1, ADOPT_STEP - 1, ADOPT_STEP, ADOPT_STEP + 1, 2 * ADOPT_STEP + 4]) {
      expect([...index.vector(`k${i}`)!]).toEqual([...artifact.vector(i)]);
      expect(stored.get(`k${i}`)).toEqual([...artifact.codes.subarray(i * DIMS, (i + 1) * DIMS)]);
    }
  });
});
