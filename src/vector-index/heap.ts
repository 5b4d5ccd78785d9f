/**
 * Top-k selection: a fixed-capacity binary min-heap of (score, row) whose root is the worst kept
 * entry, so each candidate costs one comparison against the root and O(log k) only when it gets in.
 */

/**
 * Orders two rows that have equal scores: negative when `a` should rank before `b`. Indexes pass
 * a key comparison so ties resolve by key, independent of where rows happen to be stored.
 */
export type TieBreak = (a: number, b: number) => number;

const byRow: TieBreak = (a, b) => a - b;

/** The best `capacity` (score, row) pairs pushed so far; higher score is better. */
export class TopK {
  /** Number of entries held (<= capacity). */
  size = 0;
  /**
   * The score a candidate must reach to be considered: -Infinity until full, then the worst kept
   * score. Scan loops compare against this field before doing any other work for a row.
   */
  threshold = -Infinity;
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;

  constructor(
    readonly capacity: number,
    private readonly tie: TieBreak = byRow,
  ) {
    this.scores = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  /** Offers a candidate; returns true when it was kept. */
  push(score: number, row: number): boolean {
    const cap = this.capacity;
    if (this.size < cap) {
      this.siftUp(this.size++, score, row);
    } else {
      if (cap === 0 || !this.worse(this.scores[0]!, this.rows[0]!, score, row)) return false;
      this.siftDown(score, row);
    }
    if (this.size === cap) this.threshold = this.scores[0]!;
    return true;
  }

  /** The kept rows in heap order (unsorted); for re-scoring candidates. */
  rowsUnsorted(): Int32Array {
    return this.rows.subarray(0, this.size);
  }

  /** Empties the heap and returns its entries best first. */
  drain(): { scores: Float64Array; rows: Int32Array } {
    const n = this.size;
    const scores = new Float64Array(n);
    const rows = new Int32Array(n);
    // Popping the root yields worst first, so fill from the back.
    for (let i = n - 1; i >= 0; i--) {
      scores[i] = this.scores[0]!;
      rows[i] = this.rows[0]!;
      const last = --this.size;
      if (last > 0) this.siftDown(this.scores[last]!, this.rows[last]!);
    }
    this.threshold = -Infinity;
    return { scores, rows };
  }

  /** True when (sa, ra) ranks below (sb, rb). */
  private worse(sa: number, ra: number, sb: number, rb: number): boolean {
    return sa < sb || (sa === sb && this.tie(ra, rb) > 0);
  }

  private siftUp(start: number, score: number, row: number): void {
    const { scores, rows } = this;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(score, row, scores[parent]!, rows[parent]!)) break;
      scores[i] = scores[parent]!;
      rows[i] = rows[parent]!;
      i = parent;
    }
    scores[i] = score;
    rows[i] = row;
  }

  /** Places (score, row) at the root and sinks it; the heap holds `size` entries. */
  private siftDown(score: number, row: number): void {
    const { scores, rows, size } = this;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.worse(scores[right]!, rows[right]!, scores[child]!, rows[child]!)) child = right;
      if (!this.worse(scores[child]!, rows[child]!, score, row)) break;
      scores[i] = scores[child]!;
      rows[i] = rows[child]!;
      i = child;
    }
    scores[i] = score;
    rows[i] = row;
  }
}
