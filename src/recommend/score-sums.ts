/**
 * Sparse sums over item rows in flat arrays, reusable across searches: the value of each row
 * touched since `reset()`, and the touched rows in the order first touched (MiniSearch's result
 * order for tied scores). A generation stamp makes `reset()` O(1).
 */
export class ScoreSums {
  readonly value: Float64Array;
  /** Rows touched since `reset()`, first-touched first; `count` of them are valid. */
  readonly rows: Int32Array;
  count = 0;
  private readonly stamp: Uint32Array;
  private generation = 1;

  constructor(readonly capacity: number) {
    this.value = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
    this.stamp = new Uint32Array(capacity);
  }

  /** Forgets every row. */
  reset(): void {
    this.count = 0;
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  /** Adds `x` to `row` (a first touch sets it: MiniSearch stores the first score, not 0 + it). */
  add(row: number, x: number): void {
    if (this.stamp[row] === this.generation) {
      this.value[row]! += x;
      return;
    }
    this.stamp[row] = this.generation;
    this.value[row] = x;
    this.rows[this.count++] = row;
  }

  /** Adds every row of `other`, in its order. */
  addAll(other: ScoreSums): void {
    for (let i = 0; i < other.count; i++) {
      const row = other.rows[i]!;
      this.add(row, other.value[row]!);
    }
  }
}
