/**
 * Messages between the index-kernels bench runner (Node, run.ts) and its workers (worker.ts),
 * one worker per system so each has its own heap to measure and its own WASM memory.
 */

/** The systems compared. */
export type System = 'ours' | 'hnswlib' | 'edgevec';

/** `load`: fetch the real vectors and prepare `total` rows (real first, then seeded perturbed copies). */
export interface LoadArgs {
  url: string;
  rows: number;
  dims: number;
  /** The last `queries` real rows are queries, never indexed. */
  queries: number;
  total: number;
  noise: number;
  seed: number;
}

/** `build`: index the first `n` rows. `config` names a configuration of the system (see worker.ts). */
export interface BuildArgs {
  config: string;
  n: number;
}

export interface BuildResult {
  addMs: number;
  trainMs: number;
  /** What the index itself reports (ours only). */
  memoryBytes?: number;
  kernels?: string;
  /** Growth of the system's WASM memories (not in the CDP heap reading). */
  wasmBytes: number;
}

/** `query`: all held-out queries once; returns per-query times and the hit ids (row numbers). */
export interface QueryArgs {
  k: number;
  /** Queries run before timing starts. */
  warmup: number;
  /** Keep 1 item in `filterEvery` (a ~1% filter at 100), or 0 for none. */
  filterEvery: number;
}

export interface QueryResult {
  times: number[];
  hits: number[][];
}

/** The runner's envelope. */
export interface Request {
  id: number;
  command: 'load' | 'build' | 'query' | 'drop' | 'exact';
  args: unknown;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
