/**
 * The project's ranking methods as the eval runs them: the SAME `src/recommend` and `src/index`
 * functions the worker calls, over the same vectors, plus named variants so a change to ranking
 * shows its effect in one command.
 *
 * The shipped functions return a top-k list, not a full ranking. Lists of LIST_K = 20 are enough:
 * every metric here looks at the first 20 positions only, and the first 20 of a max-merge of
 * per-anchor top-20 lists equal the first 20 of the merge of full lists (an item outside an
 * anchor's top 20 has 20 items above it in that list, each scoring at least as high in the merge).
 * Items not returned score -Infinity: tied last, never counted as hits.
 */

import {
  forYouItems,
  profileFromHistory,
  type RankedItem,
  similarItems,
  type WordOverlapIndex,
  WordOverlapIndexBuilder,
} from '../src/recommend/index.ts';
import type { HistoryEvent, IndexKind } from '../src/types/index.ts';
import { dotF32 } from '../src/vector-index/dot.ts';
import { createIndex, type VectorIndex } from '../src/vector-index/index.ts';
import type { Cooccurrence, HistoryScorer, ItemScorer } from './baselines.ts';

export const LIST_K = 20;

/** Item vectors in dataset row order, with the index the shipped code searches. */
export class ItemVectors {
  readonly index: VectorIndex;
  /**
   * Word overlap of the items' texts (when `texts` were given), as the worker keeps it. Tuning
   * scripts put one built with other options here (eval/mode-truth/tune-similar.ts).
   */
  wordOverlap: WordOverlapIndex | undefined;

  /**
   * `texts`, `names` and `facets` (row order; `itemName` and `itemFacets` of each item, eval/texts.ts
   * `datasetNames` and `datasetFacets`): the word overlap's input, as the worker gives it. Without
   * names and labels the described view equals the full one.
   */
  constructor(
    readonly ids: readonly string[],
    readonly vectors: Float32Array,
    readonly dims: number,
    kind: IndexKind = 'flat',
    texts?: readonly string[],
    readonly names?: readonly (string | undefined)[],
    readonly facets?: readonly (readonly string[])[],
  ) {
    if (texts)
      this.wordOverlap = WordOverlapIndexBuilder.build(texts.map((text, row) => [ids[row]!, text, names?.[row], facets?.[row]] as const));
    this.index = createIndex(kind, dims);
    this.index.add([...ids], vectors);
    this.index.train();
    this.rowOf = new Map(ids.map((id, row) => [id, row]));
  }

  private readonly rowOf: Map<string, number>;

  /** A full-length score array from a ranked list: listed rows get their score, the rest -Infinity. */
  toScores(list: readonly RankedItem[]): Float64Array {
    const out = new Float64Array(this.ids.length).fill(-Infinity);
    for (const hit of list) out[this.rowOf.get(hit.key)!] = hit.score;
    return out;
  }

  /** Cosine of every row with `row` (a full ranking, for fusion). */
  cosinesWith(row: number): Float64Array {
    const out = new Float64Array(this.ids.length);
    for (let j = 0; j < this.ids.length; j++) out[j] = dotF32(this.vectors, row * this.dims, this.vectors, j * this.dims, this.dims);
    return out;
  }
}

/** History rows (oldest first) as the widget records them: one `view` event each, newest first. */
function viewEvents(vectors: ItemVectors, history: readonly number[]): HistoryEvent[] {
  return history.map((row, i) => ({ type: 'view' as const, itemId: vectors.ids[row]!, ts: i })).reverse();
}

/** What `forYou()` ships: per-anchor neighbours of the last 10 items, recency-weighted, max-merged. */
export function forYouScorer(vectors: ItemVectors): HistoryScorer {
  return (history) => vectors.toScores(forYouItems(vectors.index, profileFromHistory(viewEvents(vectors, history)), LIST_K, undefined));
}

/** Variant: the shipped merge with every anchor weighted 1 (no recency decay). */
export function forYouNoDecayScorer(vectors: ItemVectors): HistoryScorer {
  return (history) => {
    const profile = profileFromHistory(viewEvents(vectors, history));
    for (const anchor of profile.anchors) anchor.weight = 1;
    return vectors.toScores(forYouItems(vectors.index, profile, LIST_K, undefined));
  };
}

/** Variant: `similar()` of the last item, history excluded. */
export function lastItemScorer(vectors: ItemVectors): HistoryScorer {
  return (history) => {
    const last = vectors.ids[history[history.length - 1]!]!;
    const seen = new Set(history.map((row) => vectors.ids[row]!));
    return vectors.toScores(similarItems(vectors.index, last, LIST_K, undefined, seen));
  };
}

/** Variant: one query, the normalised mean of the last 10 history vectors (the "average profile"). */
export function averageProfileScorer(vectors: ItemVectors, window = 10): HistoryScorer {
  return (history) => {
    const d = vectors.dims;
    const mean = new Float32Array(d);
    for (const row of history.slice(-window)) for (let i = 0; i < d; i++) mean[i]! += vectors.vectors[row * d + i]!;
    const norm = Math.hypot(...mean) || 1;
    for (let i = 0; i < d; i++) mean[i]! /= norm;
    const exclude = new Set(history.map((row) => vectors.ids[row]!));
    return vectors.toScores(vectors.index.search(mean, LIST_K, { exclude }));
  };
}

/**
 * Variant needing cross-user data the browser does not have: reciprocal rank fusion of cosine to the last
 * item and the co-occurrence baseline. Shows what a site-supplied
 * "bought together" signal would add; not something the library can compute on one device.
 */
export function fusionScorer(vectors: ItemVectors, cooccurrence: HistoryScorer): HistoryScorer {
  return (history) => fuse(vectors.cosinesWith(history[history.length - 1]!), cooccurrence(history));
}

/** What `similar()` ships: nearest neighbours of the item. */
export function similarScorer(vectors: ItemVectors): ItemScorer {
  return (row) => vectors.toScores(similarItems(vectors.index, vectors.ids[row]!, LIST_K, undefined, new Set()));
}

/** Variant needing cross-user data: reciprocal rank fusion of item cosine and co-occurrence cosine. */
export function similarFusionScorer(vectors: ItemVectors, model: Cooccurrence): ItemScorer {
  return (row) => {
    const co = new Float64Array(vectors.ids.length);
    model.addCosineRow(row, co);
    return fuse(vectors.cosinesWith(row), co);
  };
}

/**
 * Reciprocal rank fusion (k = 60, the usual constant): each list contributes 1 / (60 + rank).
 * Ranks, not raw scores, because cosines crowd into [0.6, 0.9] while co-occurrence spans
 * [0, 1]: a score sum lets whichever is more spread out decide alone. Rows with no signal
 * (co-occurrence 0) get nothing from that list; tied rows share their average rank.
 */
const RRF_K = 60;

function fuse(content: Float64Array, signal: Float64Array): Float64Array {
  const out = new Float64Array(content.length);
  addReciprocalRanks(content, out, () => true);
  addReciprocalRanks(signal, out, (v) => v > 0);
  return out;
}

function addReciprocalRanks(scores: Float64Array, out: Float64Array, counts: (v: number) => boolean): void {
  const rows: number[] = [];
  for (let j = 0; j < scores.length; j++) if (counts(scores[j]!)) rows.push(j);
  rows.sort((a, b) => scores[b]! - scores[a]!);
  for (let start = 0; start < rows.length; ) {
    let end = start;
    while (end < rows.length && scores[rows[end]!] === scores[rows[start]!]) end++;
    const rank = (start + 1 + end) / 2; // average 1-based rank of the tie group
    for (let i = start; i < end; i++) out[rows[i]!]! += 1 / (RRF_K + rank);
    start = end;
  }
}
