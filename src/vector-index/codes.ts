/**
 * Int8 codes kept row-aligned with a VectorRows. The float rows stay the source of truth (needed
 * for exact re-ranking and `vector(key)`); the codes are a compact copy for fast candidate scans.
 *
 * Each row's code is padded to a multiple of 4 bytes so the scan can read it as int32 words
 * (dotI8x4). Padding bytes are 0 and the query's padding lanes are 0, so they add nothing.
 */
import { Int8Quantizer } from './quantizer.ts';
import type { RowMirror, VectorRows } from './rows.ts';

/** Byte of a word that `dotI8x4` lane i reads: lane 0 is the low byte, which is byte 0 only on little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One int8 code per stored row, encoded by a (re)trainable Int8Quantizer. */
export class Int8Codes implements RowMirror {
  /** The quantizer that produced the codes. */
  readonly quantizer: Int8Quantizer;
  /** Int32 words per row code (ceil(dims / 4)). */
  readonly words: number;
  private bytes = new Int8Array(0);
  private wordView = new Int32Array(0);
  private trainedRows = 0;
  private writesSinceTrain = 0;

  constructor(private readonly vectors: VectorRows) {
    this.quantizer = new Int8Quantizer(vectors.dims);
    this.words = Math.ceil(vectors.dims / 4);
    vectors.attach(this);
  }

  /** The codes as int32 words; row r occupies [r * words, (r + 1) * words). Valid once `trained`. */
  get data(): Int32Array {
    return this.wordView;
  }

  /**
   * Encodes `query` into `out` (length words * 4) in the lane order dotI8x4 expects, and returns
   * the affine terms that turn the integer dot into an approximate score.
   */
  encodeQuery(query: Float32Array, out: Int32Array): { scale: number; offset: number } {
    const { code, scale, offset } = this.quantizer.encodeQuery(query);
    out.fill(0);
    for (let d = 0; d < code.length; d++) {
      const lane = LITTLE_ENDIAN ? d : (d & ~3) | (3 - (d & 3));
      out[lane] = code[d]!;
    }
    return { scale, offset };
  }

  /** True once the codes exist; before that, callers must score from the float rows. */
  get trained(): boolean {
    return this.quantizer.trained;
  }

  /**
   * True before the first training and once more rows have been written since training than
   * existed at training time. That catches growth and churn (ranges drifting as the catalog
   * changes) at O(dims) amortised per write; clamped codes in between only cost candidate recall,
   * which the exact re-rank partly absorbs.
   */
  get needsTraining(): boolean {
    if (this.vectors.size === 0) return false;
    return !this.quantizer.trained || this.writesSinceTrain > this.trainedRows;
  }

  /** Re-fits the quantizer to all stored rows and re-encodes them. */
  retrain(): void {
    const size = this.vectors.size;
    if (size === 0) return;
    this.quantizer.train(this.vectors.data, size);
    for (let r = 0; r < size; r++) this.encodeRow(r);
    this.trainedRows = size;
    this.writesSinceTrain = 0;
  }

  /** @inheritdoc */
  reserve(capacity: number): void {
    const next = new Int8Array(capacity * this.words * 4);
    next.set(this.bytes.subarray(0, Math.min(this.bytes.length, next.length)));
    this.bytes = next;
    this.wordView = new Int32Array(next.buffer);
  }

  /** @inheritdoc */
  rowWritten(row: number): void {
    this.writesSinceTrain++;
    // Until the first training the ranges are unknown; every row is encoded at training time.
    if (this.quantizer.trained) this.encodeRow(row);
  }

  /** @inheritdoc */
  rowDeleted(): void {}

  /** @inheritdoc */
  rowMoved(from: number, to: number): void {
    this.wordView.copyWithin(to * this.words, from * this.words, (from + 1) * this.words);
  }

  /** Bytes of the codes and the quantizer parameters. */
  memoryBytes(): number {
    return this.bytes.byteLength + this.quantizer.memoryBytes();
  }

  private encodeRow(row: number): void {
    const dims = this.vectors.dims;
    this.quantizer.encode(this.vectors.data, row * dims, this.bytes, row * this.words * 4);
  }
}
