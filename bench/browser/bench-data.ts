/**
 * The vectors the index and IndexedDB benchmarks run on, prepared inside the worker: real Steam
 * embeddings fetched from the bench server, then seeded perturbed copies of them up to the largest
 * size. Generating copies here, not in Node, saves moving hundreds of MB through page.evaluate.
 */
import { Prng } from '../../src/vector-index/prng.ts';
import type { LoadArgs } from './index-bench-protocol.ts';

/** Prepared rows: `data` holds `total` unit vectors, real first; `queries` are held-out real rows. */
export interface BenchData {
  dims: number;
  data: Float32Array;
  keys: string[];
  queries: Float32Array;
  realInIndex: number;
}

/** Fetches the real vectors and builds the benchmark rows; see LoadArgs for the knobs. */
export async function loadBenchData(args: LoadArgs): Promise<BenchData & { fetchMs: number; generateMs: number }> {
  const t0 = performance.now();
  const res = await fetch(args.url);
  if (!res.ok) throw new Error(`fetch ${args.url}: HTTP ${res.status}`);
  const real = new Float32Array(await res.arrayBuffer());
  if (real.length !== args.rows * args.dims) throw new Error(`expected ${args.rows} x ${args.dims} floats, got ${real.length}`);
  const fetchMs = performance.now() - t0;
  const t1 = performance.now();
  const { dims } = args;
  const base = args.rows - args.queries;
  const queries = real.slice(base * dims);
  const data = new Float32Array(args.total * dims);
  const realInIndex = Math.min(base, args.total);
  data.set(real.subarray(0, realInIndex * dims));
  // Copy i perturbs real row (i mod base): every real vector gets the same number of copies, and
  // the rows do not depend on `total`, so a smaller size is exactly a prefix of a larger one.
  const rng = new Prng(args.seed);
  const sd = args.noise / Math.sqrt(dims);
  for (let i = realInIndex; i < args.total; i++) {
    const src = (i % base) * dims;
    const dst = i * dims;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = real[src + d]! + sd * rng.gaussian();
      data[dst + d] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) data[dst + d]! *= inv;
  }
  // Fixed-width keys like real catalog ids: string sizes (hence index memory) do not vary with i.
  const keys = Array.from({ length: args.total }, (_, i) => `item-${String(i).padStart(7, '0')}`);
  return { dims, data, keys, queries, realInIndex, fetchMs, generateMs: performance.now() - t1 };
}
