/**
 * The storage half of every index: keys and float32 rows in a VectorRows. Subclasses add only
 * their search strategy; derived structures (codes, inverted lists) follow edits by attaching
 * to the rows as RowMirrors, so add/remove are written once here.
 */

import { VectorRows } from './rows.ts';
import type { Hit, SearchOptions, VectorIndex } from './types.ts';

/** A VectorIndex whose mutations are those of its VectorRows. */
export abstract class RowIndex implements VectorIndex {
  /** @inheritdoc */
  abstract readonly kind: string;
  /** The keyed float32 rows; the source of truth for exact scores and `vector(key)`. */
  protected readonly vectors: VectorRows;

  constructor(readonly dims: number) {
    this.vectors = new VectorRows(dims);
  }

  /** @inheritdoc */
  get size(): number {
    return this.vectors.size;
  }

  /** @inheritdoc */
  add(keys: string[], vectors: Float32Array): void {
    this.vectors.add(keys, vectors);
  }

  /** @inheritdoc */
  remove(keys: string[]): void {
    this.vectors.remove(keys);
  }

  /** @inheritdoc */
  has(key: string): boolean {
    return this.vectors.has(key);
  }

  /** @inheritdoc */
  vector(key: string): Float32Array | undefined {
    return this.vectors.vector(key);
  }

  /** @inheritdoc */
  memoryBytes(): number {
    return this.vectors.memoryBytes();
  }

  /** @inheritdoc */
  get needsTraining(): boolean {
    return false;
  }

  /** @inheritdoc */
  train(): void {}

  /** @inheritdoc */
  abstract search(query: Float32Array, k: number, opts?: SearchOptions): Hit[];
}
