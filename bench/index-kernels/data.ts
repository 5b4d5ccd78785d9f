/**
 * The bench vectors, prepared inside each worker: real Steam embeddings fetched from the bench
 * server, then seeded perturbed copies up to `total` (the same recipe as `npm run bench`), so
 * every system indexes exactly the same rows and a smaller size is a prefix of a larger one.
 */
import { Prng } from '../../src/vector-index/prng.ts';
import type { LoadArgs } from './protocol.ts';

/** Rows ready to index: real first, then perturbed copies; queries are held-out real rows. */
export interface Prepared {
  dims: number;
  data: Float32Array;
  keys: string[];
  queries: Float32Array;
  realInIndex: number;
}

/** Fetches the real vectors and builds `args.total` rows. */
export async function prepareVectors(args: LoadArgs): Promise<Prepared> {
  const res = await fetch(args.url);
  if (!res.ok) throw new Error(`fetch ${args.url}: HTTP ${res.status}`);
  const real = new Float32Array(await res.arrayBuffer());
  const { dims } = args;
  const base = args.rows - args.queries;
  const queries = real.slice(base * dims);
  const data = new Float32Array(args.total * dims);
  const realInIndex = Math.min(base, args.total);
  data.set(real.subarray(0, realInIndex * dims));
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
  const keys = Array.from({ length: args.total }, (_, i) => `item-${String(i).padStart(7, '0')}`);
  return { dims, data, keys, queries, realInIndex };
}
