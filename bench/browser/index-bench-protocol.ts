/**
 * The index/IndexedDB bench worker's API, called over comlink by the page's `window.benchCall`
 * (index-bench.page.ts), which the Node runner drives. Types only: shared by every side so a
 * renamed field fails to compile.
 */
import type { IndexKind } from '../../src/types/index.ts';

/** `load`: fetch the real vectors, hold out queries, fill `total` rows (real, then perturbed copies). */
export interface LoadArgs {
  /** Same-origin URL of the raw float32 file (row-major, `rows * dims`). */
  url: string;
  rows: number;
  dims: number;
  /** The last `queries` real rows become queries and never enter an index. */
  queries: number;
  /** Rows to prepare: the largest size benchmarked; smaller sizes use a prefix. */
  total: number;
  /** Norm of the gaussian noise added to a real vector to make a perturbed copy (before renormalising). */
  noise: number;
  seed: number;
}

export interface LoadResult {
  realInIndex: number;
  queries: number;
  perturbedCopies: number;
  fetchMs: number;
  generateMs: number;
  crossOriginIsolated: boolean;
  userAgent: string;
  hardwareConcurrency: number;
}

export interface BuildArgs {
  kind: IndexKind;
  /** Index the first `n` prepared rows. */
  n: number;
}

export interface BuildResult {
  addMs: number;
  /** The explicit training step: int8 fits its quantizer, IVF runs k-means and files every vector. */
  trainMs: number;
  /** The first search after training. */
  firstSearchMs: number;
  memoryBytes: number;
  /** IVF only: lists after training. */
  nlist?: number;
}

export interface QueryArgs {
  k: number;
  /** Untimed searches first, so the JIT has compiled the scan loops. */
  warmup: number;
}

export interface QueryResult {
  /** Milliseconds per query, in query order. */
  times: number[];
  /** Mean recall@k against the exact float32 flat result at the same size; null before flat ran. */
  recall: number | null;
  recallMin: number | null;
}

export interface IdbWriteArgs {
  namespace: string;
  n: number;
  /** Vectors per putVectors call (one transaction each); 1,024 = one record, no tail rewrite. */
  batch: number;
}

export interface IdbWriteResult {
  ms: number;
  transactions: number;
  /** navigator.storage.estimate().usage after the write (whole origin; includes other bench data). */
  usageBytes: number | null;
}

export interface IdbReadResult {
  openMs: number;
  loadMs: number;
  count: number;
}

/** Every command the worker answers, with its argument and result types (exposed with comlink). */
export interface IndexBenchApi {
  load(args: LoadArgs): Promise<LoadResult>;
  build(args: BuildArgs): BuildResult;
  query(args: QueryArgs): QueryResult;
  drop(args: Record<string, never>): { dropped: boolean };
  idbWrite(args: IdbWriteArgs): Promise<IdbWriteResult>;
  idbRead(args: { namespace: string }): Promise<IdbReadResult>;
  idbDelete(args: { namespace: string }): Promise<{ deleted: boolean }>;
}

export type BenchCommand = keyof IndexBenchApi;
export type BenchArgs<C extends BenchCommand> = Parameters<IndexBenchApi[C]>[0];
export type BenchResult<C extends BenchCommand> = Awaited<ReturnType<IndexBenchApi[C]>>;

/** What index-bench.page.ts puts on `window`: one worker command, awaited through comlink. */
export type BenchCall = <C extends BenchCommand>(command: C, args: BenchArgs<C>) => Promise<BenchResult<C>>;
