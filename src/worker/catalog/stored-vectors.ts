/** Vectors a previous visit (or another tab) stored in IndexedDB, into the index. */
import type { CatalogEntry } from '../../catalog/index.ts';
import type { EngineContext } from '../context.ts';

/**
 * Adds vectors stored in IndexedDB for `todo` (by content hash) and returns the entries still
 * without one. Another tab may have embedded them while this one waited for the embedding lock.
 *
 * The stored records go into the index one at a time (`eachVectors`): reading them whole and
 * gathering the wanted rows held two float32 copies of the catalog's vectors at once (51 MB each
 * for 100k x 128), at a returning visit's highest point.
 */
export async function adoptStoredVectors(ctx: EngineContext, todo: readonly CatalogEntry[]): Promise<CatalogEntry[]> {
  if (todo.length === 0) return [];
  // Entries by hash without an array per entry: the first with each hash, then a chain to the next.
  const first = new Map<string, number>();
  const next = new Int32Array(todo.length).fill(-1);
  for (let t = todo.length - 1; t >= 0; t--) {
    const hash = todo[t]!.hash;
    const after = first.get(hash);
    if (after !== undefined) next[t] = after;
    first.set(hash, t);
  }
  const adopted = new Uint8Array(todo.length);
  await ctx.store.eachVectors(ctx.modelKey, ({ dims, hashes, vectors }) => {
    if (dims !== ctx.state.dims) return;
    const entries: CatalogEntry[] = [];
    const rows: number[] = [];
    hashes.forEach((hash, row) => {
      for (let t = first.get(hash) ?? -1; t >= 0; t = next[t]!) {
        entries.push(todo[t]!);
        rows.push(row);
        adopted[t] = 1;
      }
    });
    if (entries.length === 0) return;
    // Usually every row of the record, in order: its rows as they are.
    const inOrder = entries.length === hashes.length && rows.every((r, i) => r === i);
    ctx.state.addVectors(entries, inOrder ? vectors : gatherRows(vectors, rows, dims));
  });
  const rest = todo.filter((_, t) => adopted[t] === 0);
  const found = todo.length - rest.length;
  if (found > 0) ctx.life.reused(found, ctx.state.indexed);
  return rest;
}

/** Rows `rows` of `vectors`, in that order, in a new array. */
function gatherRows(vectors: Float32Array, rows: readonly number[], dims: number): Float32Array {
  const out = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => {
    out.set(vectors.subarray(r * dims, (r + 1) * dims), i * dims);
  });
  return out;
}
