/**
 * One system of the index-kernels bench in a module worker: ours (src/vector-index), hnswlib-wasm
 * or EdgeVec, on the same prepared vectors. The runner (run.ts) drives it one command at a time.
 */
import { loadHnswlib } from 'hnswlib-wasm';
import { type CreateIndexOptions, createIndex, type VectorIndex, type VectorIndexKind } from '../../src/vector-index/index.ts';
import { type Prepared, prepareVectors } from './data.ts';
import type { BuildArgs, BuildResult, LoadArgs, QueryArgs, QueryResult, Reply, Request } from './protocol.ts';

/** Our configurations by name. */
const OURS: Record<string, [VectorIndexKind, CreateIndexOptions]> = {
  flat: ['flat', { kernels: 'wasm' }],
  'flat-js': ['flat', { kernels: 'js' }],
  binary: ['binary', { kernels: 'wasm' }],
  'binary-js': ['binary', { kernels: 'js' }],
  'binary-int8': ['binary', { kernels: 'wasm', refine: 'int8' }],
  'binary-f32': ['binary', { kernels: 'wasm', refine: 'float32' }],
  'int8-only': ['int8', { kernels: 'wasm', refine: 'none' }],
  'ivf-binary': ['ivf-binary', { kernels: 'wasm' }],
  'ivf-binary-fast': ['ivf-binary', { kernels: 'wasm', nprobe: 12 }],
};

interface Searcher {
  search(query: Float32Array, k: number, keep: ((row: number) => boolean) | null, ef: number | undefined): number[];
}

/** Above this size, training comes from a state trained on this many rows (see build). */
const SAMPLE_TRAIN = 100_000;

let data: Prepared | undefined;
let searcher: Searcher | undefined;

/** A built index: what building it cost, and how to search it. */
interface Built {
  result: BuildResult;
  searcher: Searcher;
}

/** hnswlib-wasm's HNSW over the first `n` rows (ids are row numbers). */
async function buildHnsw(d: Prepared, rows: Float32Array, n: number): Promise<Built> {
  const lib = await loadHnswlib();
  const wasmBefore = lib.HEAPU8.byteLength;
  const index = new lib.HierarchicalNSW('ip', d.dims, '');
  const t = performance.now();
  // M 16, efConstruction 200: hnswlib's recommended defaults for ~0.99 recall.
  index.initIndex(n, 16, 200, 100);
  const items: Float32Array[] = [];
  for (let i = 0; i < n; i++) items.push(rows.subarray(i * d.dims, (i + 1) * d.dims));
  index.addPoints(
    items,
    Array.from({ length: n }, (_, i) => i),
    false,
  );
  const addMs = performance.now() - t;
  const searcher: Searcher = {
    search(query, k, keep, ef) {
      if (ef) index.setEfSearch(ef);
      return index.searchKnn(query, k, keep ?? undefined).neighbors;
    },
  };
  return { result: { addMs, trainMs: 0, wasmBytes: lib.HEAPU8.byteLength - wasmBefore }, searcher };
}

/** EdgeVec's index over the first `n` rows (its ids mapped back to row numbers). */
async function buildEdgeVec(d: Prepared, rows: Float32Array, n: number): Promise<Built> {
  const edgevec = await import('edgevec');
  const wasm = await edgevec.default();
  const wasmBefore = wasm.memory.buffer.byteLength;
  const config = new edgevec.EdgeVecConfig(d.dims);
  // 'l2': EdgeVec 0.9's 'dot' and 'cosine' return the LEAST similar first (checked on random data);
  // on unit vectors L2 order is inner-product order.
  config.metric = 'l2';
  const index = new edgevec.EdgeVec(config);
  const t = performance.now();
  const ids = index.insertBatchFlat(rows, n);
  const addMs = performance.now() - t;
  const rowOf = new Map<number, number>();
  ids.forEach((id, row) => {
    rowOf.set(id, row);
  });
  const searcher: Searcher = {
    search(query, k) {
      return (index.search(query, k) as Array<{ id: number }>).map((h) => rowOf.get(h.id)!);
    },
  };
  return { result: { addMs, trainMs: 0, wasmBytes: wasm.memory.buffer.byteLength - wasmBefore }, searcher };
}

/** One of our index configurations (OURS) over the first `args.n` rows (keys are "item-" and the row, zero-padded). */
function buildOurs(d: Prepared, rows: Float32Array, args: BuildArgs): Built {
  const [kind, opts] = OURS[args.config] ?? [];
  if (!kind) throw new Error(`unknown config ${args.config}`);
  const index = createIndex(kind, d.dims, opts) as VectorIndex & { codeBytes(): number };
  let trainMs = 0;
  if (args.n > SAMPLE_TRAIN) {
    // Large catalogs take their training from a prebuilt state (the build CLI's artifact, or
    // IndexedDB), here made from the first 100k rows: rows are then encoded on add, and the
    // float32 rows (2 GB at 1M) are never held.
    const t = performance.now();
    const sample = createIndex(kind, d.dims, opts);
    sample.add(d.keys.slice(0, SAMPLE_TRAIN), rows.subarray(0, SAMPLE_TRAIN * d.dims));
    sample.train();
    const state = sample.exportTraining();
    if (state) index.importTraining(state);
    trainMs = performance.now() - t;
  }
  let t = performance.now();
  index.add(d.keys.slice(0, args.n), rows);
  const addMs = performance.now() - t;
  t = performance.now();
  index.train();
  trainMs += performance.now() - t;
  const rowOfKey = (key: string) => Number(key.slice(5));
  const searcher: Searcher = {
    search(query, k, keep) {
      const filter = keep ? (key: string) => keep(rowOfKey(key)) : undefined;
      return index.search(query, k, filter ? { filter } : undefined).map((h) => rowOfKey(h.key));
    },
  };
  const wasmBytes = index.kernels === 'wasm-simd' ? index.codeBytes() : 0;
  return { result: { addMs, trainMs, memoryBytes: index.memoryBytes(), kernels: index.kernels, wasmBytes }, searcher };
}

/** Builds the index `args.config` names over the first `args.n` rows; the next queries search it. */
async function build(args: BuildArgs): Promise<BuildResult> {
  const d = data!;
  searcher = undefined;
  const rows = d.data.subarray(0, args.n * d.dims);
  let built: Built;
  if (args.config.startsWith('hnsw')) built = await buildHnsw(d, rows, args.n);
  else if (args.config.startsWith('edgevec')) built = await buildEdgeVec(d, rows, args.n);
  else built = buildOurs(d, rows, args);
  searcher = built.searcher;
  return built.result;
}

function query(args: QueryArgs & { ef?: number }): QueryResult {
  const d = data!;
  const s = searcher!;
  const nq = d.queries.length / d.dims;
  const keep = args.filterEvery > 0 ? (row: number) => row % args.filterEvery === 42 % args.filterEvery : null;
  const q = (i: number) => d.queries.subarray(i * d.dims, (i + 1) * d.dims);
  for (let i = 0; i < Math.min(args.warmup, nq); i++) s.search(q(i), args.k, keep, args.ef);
  const times: number[] = [];
  const hits: number[][] = [];
  for (let i = 0; i < nq; i++) {
    const t = performance.now();
    const h = s.search(q(i), args.k, keep, args.ef);
    times.push(performance.now() - t);
    hits.push(h);
  }
  return { times, hits };
}

/** Exact top-k of every query over the first `n` rows, scanned 100k rows at a time (no 2 GB index at 1M). */
function exact(args: { n: number; k: number; filterEvery: number }): number[][] {
  const d = data!;
  const nq = d.queries.length / d.dims;
  const best: Array<Array<{ row: number; score: number }>> = Array.from({ length: nq }, () => []);
  const keep = args.filterEvery > 0 ? (key: string) => Number(key.slice(5)) % args.filterEvery === 42 % args.filterEvery : undefined;
  for (let from = 0; from < args.n; from += SAMPLE_TRAIN) {
    const to = Math.min(args.n, from + SAMPLE_TRAIN);
    const flat = createIndex('flat', d.dims, { kernels: 'wasm' });
    flat.add(d.keys.slice(from, to), d.data.subarray(from * d.dims, to * d.dims));
    for (let q = 0; q < nq; q++) {
      const hits = flat.search(d.queries.subarray(q * d.dims, (q + 1) * d.dims), args.k, keep ? { filter: keep } : undefined);
      best[q]!.push(...hits.map((h) => ({ row: Number(h.key.slice(5)), score: h.score })));
      best[q]!.sort((a, b) => b.score - a.score || a.row - b.row);
      best[q]!.length = Math.min(best[q]!.length, args.k);
    }
  }
  return best.map((b) => b.map((h) => h.row));
}

const handlers: Record<Request['command'], (args: never) => unknown> = {
  exact,
  load: async (args: LoadArgs) => {
    data = await prepareVectors(args);
    return { realInIndex: data.realInIndex, crossOriginIsolated: self.crossOriginIsolated, userAgent: navigator.userAgent };
  },
  build,
  query,
  drop: () => {
    searcher = undefined;
    return {};
  },
};

self.onmessage = async (event: MessageEvent<Request>) => {
  const { id, command, args } = event.data;
  let reply: Reply;
  try {
    reply = { id, ok: true, result: await handlers[command](args as never) };
  } catch (err) {
    reply = { id, ok: false, error: String((err as Error)?.stack ?? err) };
  }
  self.postMessage(reply);
};
