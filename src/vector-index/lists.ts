/**
 * IVF inverted lists: for each centroid, the rows filed under it. Kept in step with the
 * VectorRows as a RowMirror, with each row's (list, position) recorded so that removing or
 * moving a row is O(1) instead of a search through its list.
 */
import { nearestCentroid } from './kmeans.ts';
import type { RowMirror, VectorRows } from './rows.ts';

/** Rows grouped by nearest centroid; empty (everything unfiled) until `build` is called. */
export class InvertedLists implements RowMirror {
  private centroidBuf: Float32Array = new Float32Array(0);
  private nlist = 0;
  private lists: Int32Array[] = [];
  private lengths = new Int32Array(0);
  /** listOf[row] = list holding the row, or -1 before `build`. */
  private listOf: Int32Array = new Int32Array(0);
  /** posOf[row] = index of the row inside its list. */
  private posOf: Int32Array = new Int32Array(0);

  constructor(private readonly vectors: VectorRows) {
    vectors.attach(this);
  }

  /** Number of lists (0 before `build`). */
  get count(): number {
    return this.nlist;
  }

  /** The unit-norm centroids, `count * dims` floats. */
  get centroids(): Float32Array {
    return this.centroidBuf;
  }

  /** The rows of list `list` (a view, valid until the next edit). */
  rows(list: number): Int32Array {
    return this.lists[list]!.subarray(0, this.lengths[list]!);
  }

  /** Replaces the centroids and files every stored row under its nearest one. */
  build(centroids: Float32Array, nlist: number): void {
    this.centroidBuf = centroids;
    this.nlist = nlist;
    this.lengths = new Int32Array(nlist);
    const size = this.vectors.size;
    const dims = this.vectors.dims;
    const data = this.vectors.data;
    // Assign first and size each list exactly, instead of growing nlist arrays row by row.
    const assign = new Int32Array(size);
    for (let r = 0; r < size; r++) {
      const c = nearestCentroid(data, r * dims, dims, centroids, nlist);
      assign[r] = c;
      this.lengths[c]!++;
    }
    this.lists = Array.from({ length: nlist }, (_, c) => new Int32Array(Math.max(4, this.lengths[c]!)));
    this.lengths.fill(0);
    for (let r = 0; r < size; r++) this.append(assign[r]!, r);
  }

  /** @inheritdoc */
  reserve(capacity: number): void {
    this.listOf = grow(this.listOf, capacity);
    this.posOf = grow(this.posOf, capacity);
  }

  /** @inheritdoc */
  rowWritten(row: number, replaced: boolean): void {
    if (this.nlist === 0) return;
    if (replaced) this.detach(row);
    const dims = this.vectors.dims;
    this.append(nearestCentroid(this.vectors.data, row * dims, dims, this.centroidBuf, this.nlist), row);
  }

  /** @inheritdoc */
  rowDeleted(row: number): void {
    if (this.nlist > 0) this.detach(row);
  }

  /** @inheritdoc */
  rowMoved(from: number, to: number): void {
    if (this.nlist === 0) return;
    const list = this.listOf[from]!;
    const pos = this.posOf[from]!;
    this.lists[list]![pos] = to;
    this.listOf[to] = list;
    this.posOf[to] = pos;
  }

  /** Bytes of centroids, lists and row bookkeeping. */
  memoryBytes(): number {
    let bytes = this.centroidBuf.byteLength + this.lengths.byteLength + this.listOf.byteLength + this.posOf.byteLength;
    for (const list of this.lists) bytes += list.byteLength;
    return bytes;
  }

  private append(list: number, row: number): void {
    let rows = this.lists[list]!;
    const len = this.lengths[list]!;
    if (len === rows.length) {
      rows = grow(rows, rows.length * 2);
      this.lists[list] = rows;
    }
    rows[len] = row;
    this.lengths[list] = len + 1;
    this.listOf[row] = list;
    this.posOf[row] = len;
  }

  /** Swap-removes `row` from its list. */
  private detach(row: number): void {
    const list = this.listOf[row]!;
    const pos = this.posOf[row]!;
    const rows = this.lists[list]!;
    const last = --this.lengths[list]!;
    if (pos !== last) {
      const moved = rows[last]!;
      rows[pos] = moved;
      this.posOf[moved] = pos;
    }
  }
}

/** A copy of `a` with length `n` (>= a.length). */
function grow(a: Int32Array, n: number): Int32Array {
  const next = new Int32Array(n);
  next.set(a.subarray(0, Math.min(a.length, n)));
  return next;
}
