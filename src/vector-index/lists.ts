/**
 * IVF inverted lists: for each centroid, the rows filed under it. Kept in step with the
 * KeyedRows as a RowMirror, with each row's (list, position) recorded so that removing or moving
 * a row is O(1) instead of a search through its list. A row written after the centroids exist is
 * filed under its nearest centroid at once; rows present before are filed by the index's
 * training (`file`), possibly across several slices, so a row can be unfiled (list -1) meanwhile.
 */

import type { KernelChoice } from './kernels/types.ts';
import { FloatTable } from './kmeans.ts';
import type { RowMirror } from './rows.ts';

/** Rows grouped by nearest centroid; no lists until `setCentroids`. */
export class InvertedLists implements RowMirror {
  private table: FloatTable | undefined;
  private centroidData: Float32Array = new Float32Array(0);
  private nlist = 0;
  private lists: Int32Array[] = [];
  private lengths = new Int32Array(0);
  /** listOf[row] = list holding the row, or -1 when unfiled. */
  private listOf: Int32Array = new Int32Array(0);
  /** posOf[row] = index of the row inside its list. */
  private posOf: Int32Array = new Int32Array(0);
  private scores = new Float64Array(0);

  constructor(
    readonly dims: number,
    private readonly kernels: KernelChoice,
  ) {}

  /** Number of lists (0 before `setCentroids`). */
  get count(): number {
    return this.nlist;
  }

  /** The unit-norm centroids, `count * dims` floats. */
  get centroids(): Float32Array {
    return this.centroidData;
  }

  /** Installs `nlist` centroids with empty lists; every row is unfiled until `file`d or written. */
  setCentroids(centroids: Float32Array, nlist: number, expectedRows: number): void {
    this.centroidData = centroids;
    this.nlist = nlist;
    this.table = new FloatTable(centroids, nlist, this.dims, this.kernels);
    this.scores = new Float64Array(nlist);
    const per = Math.max(4, Math.ceil((1.25 * expectedRows) / nlist));
    this.lists = Array.from({ length: nlist }, () => new Int32Array(per));
    this.lengths = new Int32Array(nlist);
    this.listOf.fill(-1);
  }

  /** Files `row` (holding `src[off ..]`) under its nearest centroid, moving it if it was filed. */
  file(row: number, src: Float32Array, off: number): void {
    if (this.listOf[row]! >= 0) this.detach(row);
    this.append(this.table!.nearest(src, off, this.scores), row);
  }

  /** Files `row` under list `list` (a row loaded with its recorded list, see row-codes.ts); it must be unfiled. */
  fileIn(row: number, list: number): void {
    this.append(list, row);
  }

  /** True when `row` is filed under a list. */
  filed(row: number): boolean {
    return this.listOf[row]! >= 0;
  }

  /** The rows of list `list` (a view, valid until the next edit). */
  rows(list: number): Int32Array {
    return this.lists[list]!.subarray(0, this.lengths[list]!);
  }

  /** List ids by centroid score for `query`, best first (ties by id, for determinism). */
  probeOrder(query: Float32Array): Int32Array {
    const scores = this.scores;
    this.table!.scoreAll(query, 0, scores);
    const order = new Int32Array(this.nlist);
    for (let c = 0; c < this.nlist; c++) order[c] = c;
    return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  }

  /** @inheritdoc */
  reserve(capacity: number): void {
    const old = this.listOf.length;
    this.listOf = grow(this.listOf, capacity);
    this.listOf.fill(-1, old);
    this.posOf = grow(this.posOf, capacity);
  }

  /** @inheritdoc */
  rowWritten(row: number, replaced: boolean, src: Float32Array, srcOff: number): void {
    if (this.nlist === 0) return;
    if (!replaced) this.listOf[row] = -1;
    this.file(row, src, srcOff);
  }

  /** @inheritdoc */
  rowDeleted(row: number): void {
    if (this.nlist > 0 && this.listOf[row]! >= 0) this.detach(row);
  }

  /** @inheritdoc */
  rowMoved(from: number, to: number): void {
    const list = this.listOf[from]!;
    this.listOf[to] = list;
    this.listOf[from] = -1;
    if (list < 0) return;
    const pos = this.posOf[from]!;
    this.lists[list]![pos] = to;
    this.posOf[to] = pos;
  }

  /** Bytes of centroids (twice: the plain copy and the kernel table), lists and row bookkeeping. */
  memoryBytes(): number {
    let bytes = this.centroidData.byteLength + (this.table?.store.memoryBytes() ?? 0);
    bytes += this.lengths.byteLength + this.listOf.byteLength + this.posOf.byteLength;
    for (const list of this.lists) bytes += list.byteLength;
    return bytes;
  }

  private append(list: number, row: number): void {
    let rows = this.lists[list]!;
    const len = this.lengths[list]!;
    if (len === rows.length) {
      rows = grow(rows, Math.ceil(rows.length * 1.5));
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
    this.listOf[row] = -1;
  }
}

/** A copy of `a` with length `n` (>= a.length). */
function grow(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const next = new Int32Array(n);
  next.set(a);
  return next;
}
