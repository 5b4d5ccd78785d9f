/** Running one kernel call on both paths (WASM SIMD and JavaScript) over the same bytes, for the kernels' tests. */
import { KernelMemory } from '../../src/vector-index/kernels/memory.ts';
import type { Prng } from '../../src/vector-index/prng.ts';

/** Writes `data` into a fresh memory of each kind at the same offsets and runs `fn` on both. */
export function both<T>(bytes: number, fill: (mem: KernelMemory) => void, fn: (mem: KernelMemory) => T): { js: T; wasm: T } {
  const run = (choice: 'js' | 'wasm') => {
    const mem = new KernelMemory(choice);
    mem.ensure(bytes);
    fill(mem);
    return fn(mem);
  };
  return { js: run('js'), wasm: run('wasm') };
}

/** Rows to visit among `rows`: contiguous (null) or a shuffled list with repeats. */
export function rowLists(rng: Prng, rows: number): Array<number[] | null> {
  return [null, Array.from({ length: 50 }, () => rng.int(rows))];
}

/** Row `r`'s dot product with `query` over `dims` values (rows `pad` apart), in plain arithmetic, and the sum of the products' magnitudes (its error scale). */
export function referenceDot(
  rows: ArrayLike<number>,
  pad: number,
  r: number,
  query: ArrayLike<number>,
  dims: number,
): { dot: number; magnitude: number } {
  let dot = 0;
  let magnitude = 0;
  for (let d = 0; d < dims; d++) {
    dot += rows[r * pad + d]! * query[d]!;
    magnitude += Math.abs(rows[r * pad + d]! * query[d]!);
  }
  return { dot, magnitude };
}
