/**
 * Vectors of a verified artifact into the worker: decoded into the index at once, then stored as
 * the artifact's own int8 codes (see `adoptArtifact`).
 */
import { type Artifact, keyRows, newCodeArray } from '../../artifact/index.ts';
import type { CatalogEntry } from '../../catalog/index.ts';
import { collectGarbage, collectionStride } from '../../memory/collect-garbage.ts';
import type { QuantizedRows } from '../../storage/index.ts';

/**
 * Vectors added per step: bounds the float copy held at once (4,096 x 512 x 4 B = 8 MiB). Every
 * step decodes into the same buffer, which the index copies from (rows.ts): a buffer per step
 * left 16 MB of dead ArrayBuffers at 32k x 128 (51 MB at 100k) until a major GC.
 */
export const ADOPT_STEP = 4096;

/**
 * Takes vectors from `artifact` for the entries of `todo` whose key and content hash it holds:
 * `index` gets every step first, decoded (queries rank by vectors at once; it copies the rows, as
 * the buffer is reused for the next step), then `persist` stores them step by step as the
 * artifact's int8 codes and scales: a quarter of float32's bytes (100k items: 51 MB written
 * instead of 205 MB; the store decodes them as `index` got them). Returns the entries it had no
 * vector for, and the persisting, which the caller awaits before `ready`.
 */
export function adoptArtifact(
  artifact: Artifact,
  todo: readonly CatalogEntry[],
  index: (entries: CatalogEntry[], vectors: Float32Array) => void,
  persist: (entries: CatalogEntry[], rows: QuantizedRows) => Promise<void>,
): { remaining: CatalogEntry[]; persisted: Promise<void> } {
  const position = keyRows(artifact.keys);
  // The adopted entries and their artifact rows side by side, not an [entry, row] pair per item:
  // the pairs were 0.7 MB of the worker's live objects at 32k, held until the persisting below
  // ends (a heap snapshot; docs/notes/first-visit-memory.md, stop 66).
  const found: CatalogEntry[] = [];
  const rows = new Int32Array(todo.length);
  const remaining: CatalogEntry[] = [];
  for (const e of todo) {
    const i = position.get(e.key);
    if (i !== undefined && artifact.hashes[i] === e.hash) {
      rows[found.length] = i;
      found.push(e);
    } else remaining.push(e);
  }
  const dims = artifact.dims;
  const steps: { from: number; to: number }[] = [];
  for (let from = 0; from < found.length; from += ADOPT_STEP) steps.push({ from, to: Math.min(found.length, from + ADOPT_STEP) });
  indexSteps(artifact, found, rows, steps, index);
  const persisted = (async () => {
    // Not before the caller has answered the queries waiting for these vectors: handing a step to
    // IndexedDB would otherwise run ahead of the first answer.
    await new Promise((ok) => setTimeout(ok, 0));
    const stride = collectionStride(steps.length, 1);
    for (const [k, { from, to }] of steps.entries()) {
      const codes = newCodeArray((to - from) * dims, artifact.codeBits);
      const scales = new Float32Array(to - from);
      for (let j = from; j < to; j++) {
        artifact.codeRow(rows[j]!, codes, (j - from) * dims);
        scales[j - from] = artifact.scales[rows[j]!]!;
      }
      await persist(found.slice(from, to), { codes, scales });
      // The step's codes, and IndexedDB's wrappers of the written value, are garbage now.
      if (k % stride === stride - 1 || k === steps.length - 1) collectGarbage();
    }
  })();
  return { remaining, persisted };
}

/**
 * Hands `index` every step's vectors, decoded into one buffer. A function of its own: a buffer
 * declared beside the persisting closure above would live in its context until the last step is
 * stored (2 MB at 128 dims, seen in a heap snapshot at the phone page's cards).
 */
function indexSteps(
  artifact: Artifact,
  found: CatalogEntry[],
  rows: Int32Array,
  steps: readonly { from: number; to: number }[],
  index: (entries: CatalogEntry[], vectors: Float32Array) => void,
): void {
  const dims = artifact.dims;
  const scratch = new Float32Array(Math.min(ADOPT_STEP, found.length) * dims);
  for (const { from, to } of steps) {
    const vectors = scratch.subarray(0, (to - from) * dims);
    for (let k = from; k < to; k++) artifact.vector(rows[k]!, vectors.subarray((k - from) * dims, (k - from + 1) * dims));
    index(found.slice(from, to), vectors);
  }
}
