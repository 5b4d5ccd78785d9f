/**
 * An eval-only speed-up: a `VectorIndex` wrapper that remembers each query vector's ranked list, so
 * thousands of users sharing anchors do not rescan the catalog for every anchor. Results are
 * identical to the wrapped index: a cached list is used only when it is deep enough to hold `k`
 * hits after this call's filter and exclusions (the wrapped index orders ties by key, so a prefix
 * of a deeper list is the shallower list); otherwise it searches again, deeper.
 */
import type { Hit, IndexCodes, SearchOptions, TrainAsyncOptions, TrainingState, VectorIndex } from '../src/vector-index/index.ts';

const MAX_CACHED = 512;

/** See the file comment. */
export class CachedIndex implements VectorIndex {
  private readonly vectors = new Map<string, Float32Array>();
  private readonly lists = new WeakMap<Float32Array, Hit[]>();

  constructor(private readonly inner: VectorIndex) {}

  get dims(): number {
    return this.inner.dims;
  }
  get size(): number {
    return this.inner.size;
  }
  get kind(): string {
    return this.inner.kind;
  }
  get recipe(): string {
    return this.inner.recipe;
  }
  get needsTraining(): boolean {
    return this.inner.needsTraining;
  }
  get kernels(): 'wasm-simd' | 'js' {
    return this.inner.kernels;
  }
  train(): void {
    this.inner.train();
  }
  trainAsync(opts?: TrainAsyncOptions): Promise<void> {
    return this.inner.trainAsync(opts);
  }
  exportTraining(): TrainingState | undefined {
    return this.inner.exportTraining();
  }
  importTraining(state: TrainingState): void {
    this.inner.importTraining(state);
  }
  exportCodes(): IndexCodes | undefined {
    return this.inner.exportCodes();
  }
  importCodes(): void {
    throw new Error('CachedIndex is read-only');
  }
  add(): void {
    throw new Error('CachedIndex is read-only');
  }
  remove(): void {
    throw new Error('CachedIndex is read-only');
  }
  has(key: string): boolean {
    return this.inner.has(key);
  }
  memoryBytes(): number {
    return this.inner.memoryBytes();
  }

  /** The SAME array for a key every time (callers here never mutate it), so searches by it hit the cache. */
  vector(key: string): Float32Array | undefined {
    let v = this.vectors.get(key);
    if (!v) {
      v = this.inner.vector(key);
      if (v) this.vectors.set(key, v);
    }
    return v;
  }

  search(query: Float32Array, k: number, opts: SearchOptions = {}): Hit[] {
    const exclude = opts.exclude;
    if (opts.filter) return this.inner.search(query, k, opts);
    const needed = k + (exclude?.size ?? 0);
    let list = this.lists.get(query);
    if (!list || (list.length < needed && list.length < this.inner.size)) {
      list = this.inner.search(query, Math.max(needed, 2 * (list?.length ?? 0), 64));
      // Deep lists (a history of thousands of excluded items) are not kept: memory, and rarely reused.
      if (list.length <= MAX_CACHED) this.lists.set(query, list);
    }
    const out: Hit[] = [];
    for (const hit of list) {
      if (exclude?.has(hit.key)) continue;
      out.push(hit);
      if (out.length === k) break;
    }
    return out;
  }
}
