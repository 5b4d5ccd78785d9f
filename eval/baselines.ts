/**
 * The reference baselines of ../shared/datasets/README.md, implemented here so every report
 * compares the project's methods with them on the same split. Each scorer returns one score per
 * catalog row; the harness removes excluded rows and counts ties as their expectation.
 *
 * They are trained on interaction sequences the caller passes in: for next-item, every user's
 * history without its target; for item-to-item, all interactions.
 */

/** Scores every row for a user history (oldest first). */
export type HistoryScorer = (history: readonly number[]) => Float64Array;
/** Scores every row for one query item. */
export type ItemScorer = (row: number) => Float64Array;

/** How many of the newest history items the co-occurrence baseline sums over. */
export const COOCCURRENCE_WINDOW = 10;

/** Interaction counts per row (how many times each item occurs in `sequences`). */
export function popularityCounts(n: number, sequences: readonly (readonly number[])[]): Float64Array {
  const counts = new Float64Array(n);
  for (const seq of sequences) for (const row of seq) counts[row]!++;
  return counts;
}

/**
 * Item-item co-occurrence over users: C[i][j] = number of sequences holding both i and j, and
 * cosine(i, j) = C[i][j] / sqrt(users(i) * users(j)). Dense n x n float32, fine for catalogs with
 * interactions up to ~20k items (1.6 GB); larger ones need a sparse variant.
 */
export class Cooccurrence {
  private readonly counts: Float32Array;
  private readonly users: Float64Array;

  constructor(
    readonly n: number,
    sequences: readonly (readonly number[])[],
  ) {
    if (n > 20_000) throw new Error(`co-occurrence baseline: ${n} items is too many for the dense matrix (limit 20,000)`);
    this.counts = new Float32Array(n * n);
    this.users = new Float64Array(n);
    for (const seq of sequences) {
      const distinct = [...new Set(seq)];
      for (const i of distinct) {
        this.users[i]!++;
        const base = i * n;
        for (const j of distinct) if (j !== i) this.counts[base + j]!++;
      }
    }
  }

  /** Adds cosine(row, j) to out[j] for every j. */
  addCosineRow(row: number, out: Float64Array, weight = 1): void {
    const ni = this.users[row]!;
    if (ni === 0) return;
    const base = row * this.n;
    for (let j = 0; j < this.n; j++) {
      const c = this.counts[base + j]!;
      if (c) out[j]! += (weight * c) / Math.sqrt(ni * this.users[j]!);
    }
  }
}

/** Equal scores for every row: the expected metrics of a uniformly random order. */
export function randomScorer(n: number): HistoryScorer & ItemScorer {
  const zeros = new Float64Array(n);
  return () => zeros;
}

/** Interaction count, the same list for everyone. */
export function popularityScorer(counts: Float64Array): HistoryScorer & ItemScorer {
  return () => counts;
}

/** Sum of co-occurrence cosines with the newest `COOCCURRENCE_WINDOW` history items. */
export function cooccurrenceScorer(model: Cooccurrence): HistoryScorer {
  return (history) => {
    const out = new Float64Array(model.n);
    for (const row of history.slice(-COOCCURRENCE_WINDOW)) model.addCosineRow(row, out);
    return out;
  };
}

/** Co-occurrence cosine with the query item. */
export function cooccurrenceItemScorer(model: Cooccurrence): ItemScorer {
  return (row) => {
    const out = new Float64Array(model.n);
    model.addCosineRow(row, out);
    return out;
  };
}

/** How often each item directly followed the user's last item in the training sequences. */
export function transitionScorer(n: number, sequences: readonly (readonly number[])[]): HistoryScorer {
  const next = new Map<number, Map<number, number>>();
  for (const seq of sequences) {
    for (let i = 1; i < seq.length; i++) {
      let row = next.get(seq[i - 1]!);
      if (!row) {
        row = new Map();
        next.set(seq[i - 1]!, row);
      }
      row.set(seq[i]!, (row.get(seq[i]!) ?? 0) + 1);
    }
  }
  return (history) => {
    const out = new Float64Array(n);
    const last = history[history.length - 1];
    if (last !== undefined) for (const [j, c] of next.get(last) ?? []) out[j] = c;
    return out;
  };
}

/** Items of the query's category first, each group by popularity. */
export function sameCategoryScorer(categories: readonly (string | undefined)[], counts: Float64Array): ItemScorer {
  const offset = Math.max(0, ...counts) + 1;
  return (row) => {
    const out = new Float64Array(counts);
    const c = categories[row];
    if (c !== undefined) for (let j = 0; j < out.length; j++) if (categories[j] === c) out[j]! += offset;
    return out;
  };
}
