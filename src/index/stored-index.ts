/**
 * The storage half of every index: keys and float32 rows in a VectorStore. Subclasses add only
 * their search strategy; derived structures (codes, inverted lists) follow edits by attaching
 * to the store as RowMirrors, so add/remove are written once here.
 */
import type { Hit, SearchOptions, VectorIndex } from './types.ts';
import { VectorStore } from './vectors.ts';

/** A VectorIndex whose mutations are those of its VectorStore. */
export abstract class StoredIndex implements VectorIndex {
  /** @inheritdoc */
  abstract readonly kind: string;
  /** The keyed float32 rows; the source of truth for exact scores and `vector(key)`. */
  protected readonly store: VectorStore;

  constructor(readonly dims: number) {
    this.store = new VectorStore(dims);
  }

  /** @inheritdoc */
  get size(): number {
    return this.store.size;
  }

  /** @inheritdoc */
  add(keys: string[], vectors: Float32Array): void {
    this.store.add(keys, vectors);
  }

  /** @inheritdoc */
  remove(keys: string[]): void {
    this.store.remove(keys);
  }

  /** @inheritdoc */
  has(key: string): boolean {
    return this.store.has(key);
  }

  /** @inheritdoc */
  vector(key: string): Float32Array | undefined {
    return this.store.vector(key);
  }

  /** @inheritdoc */
  memoryBytes(): number {
    return this.store.memoryBytes();
  }

  /** @inheritdoc */
  abstract search(query: Float32Array, k: number, opts?: SearchOptions): Hit[];
}
