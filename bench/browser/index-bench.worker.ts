/**
 * Browser side of the index, memory and IndexedDB benchmarks: a dedicated worker that imports
 * src/index and src/store directly, so searches run on a real browser worker thread exactly as in
 * the product worker. It exposes its commands over comlink, as the product worker does; the Node
 * runner drives it one command at a time (see index-bench-protocol.ts) and measures the worker's
 * heap over CDP between commands.
 */
import { expose } from 'comlink';
import { createIndex, type Hit, IvfIndex, type VectorIndex } from '../../src/vector-index/index.ts';
import { recall, row } from '../../test/helpers/vectors.ts';
import { type BenchData, loadBenchData } from './bench-data.ts';
import { idbDelete, idbRead, idbWrite } from './idb-bench.ts';
import type { BuildArgs, BuildResult, IndexBenchApi, LoadArgs, LoadResult, QueryArgs, QueryResult } from './index-bench-protocol.ts';

let bench: BenchData | undefined;
let index: VectorIndex | undefined;
/** Exact top-k per query for each size, from the flat index (run first at every size). */
const exact = new Map<number, Hit[][]>();

function data(): BenchData {
  if (!bench) throw new Error('send `load` first');
  return bench;
}

async function load(args: LoadArgs): Promise<LoadResult> {
  const loaded = await loadBenchData(args);
  bench = loaded;
  exact.clear();
  return {
    realInIndex: loaded.realInIndex,
    queries: loaded.queries.length / loaded.dims,
    perturbedCopies: args.total - loaded.realInIndex,
    fetchMs: loaded.fetchMs,
    generateMs: loaded.generateMs,
    crossOriginIsolated: self.crossOriginIsolated,
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

function build(args: BuildArgs): BuildResult {
  const d = data();
  index = undefined; // let the previous index be collected before the new one allocates
  const built = createIndex(args.kind, d.dims);
  let t = performance.now();
  // One add of every row, as the product does when it reloads vectors from IndexedDB.
  built.add(d.keys.slice(0, args.n), d.data.subarray(0, args.n * d.dims));
  const addMs = performance.now() - t;
  // Training is an explicit step (the engine runs it after `ready`), timed on its own.
  t = performance.now();
  built.train();
  const trainMs = performance.now() - t;
  t = performance.now();
  built.search(row(d.queries, d.dims, 0), 10);
  const firstSearchMs = performance.now() - t;
  index = built;
  return { addMs, trainMs, firstSearchMs, memoryBytes: built.memoryBytes(), ...(built instanceof IvfIndex ? { nlist: built.nlist } : {}) };
}

function query(args: QueryArgs): QueryResult {
  const d = data();
  if (!index) throw new Error('send `build` first');
  const count = d.queries.length / d.dims;
  for (let q = 0; q < Math.min(args.warmup, count); q++) index.search(row(d.queries, d.dims, q), args.k);
  const times: number[] = [];
  const hits: Hit[][] = [];
  for (let q = 0; q < count; q++) {
    const query = row(d.queries, d.dims, q);
    const t = performance.now();
    hits.push(index.search(query, args.k));
    times.push(performance.now() - t);
  }
  if (index.kind === 'flat') exact.set(index.size, hits);
  const truth = exact.get(index.size);
  if (!truth) return { times, recall: null, recallMin: null };
  const recalls = hits.map((h, q) => recall(h, truth[q]!));
  return { times, recall: recalls.reduce((a, b) => a + b, 0) / recalls.length, recallMin: Math.min(...recalls) };
}

const api: IndexBenchApi = {
  load,
  build,
  query,
  drop: () => {
    const dropped = index !== undefined;
    index = undefined;
    return { dropped };
  },
  idbWrite: (args) => idbWrite(data(), args),
  idbRead: (args) => idbRead(args.namespace),
  idbDelete: (args) => idbDelete(args.namespace),
};

expose(api);
