/**
 * The blended modes (src/recommend/blended.ts) as eval methods: the very functions the engine will
 * call, over the same vectors, with site signals built by src/signals from the split's logs (the
 * training histories stand in for a site's order and session logs). Their defaults come from the
 * validation split (eval/tune.ts); nothing here looks at a test target.
 */
import {
  type BlendWeights,
  complementItems,
  forYouBlended,
  profileFromHistory,
  type ScoreCalibration,
  similarBlended,
} from '../src/recommend/index.ts';
import type { SignalLookup } from '../src/signals/index.ts';
import type { HistoryScorer, ItemScorer } from './baselines.ts';
import { cachedIndex, viewEvents } from './blend-eval.ts';
import type { CachedIndex } from './cached-index.ts';
import { type ItemVectors, LIST_K } from './methods.ts';

/** What the blended methods share: vectors, an index wrapper that caches per-anchor lists, the catalog scale. */
export interface BlendContext {
  vectors: ItemVectors;
  index: CachedIndex;
  calibration: ScoreCalibration;
}

/** A context over `vectors` (the calibration is sampled from the vectors, as the engine would). */
export function blendContext(vectors: ItemVectors, calibration: ScoreCalibration): BlendContext {
  return { vectors, index: cachedIndex(vectors), calibration };
}

/** "For you" blended: content only without `signals`, with the site's signals otherwise. */
export function forYouBlendScorer(ctx: BlendContext, signals?: SignalLookup, weights?: BlendWeights, diversity = 0): HistoryScorer {
  return (history) => {
    const profile = profileFromHistory(viewEvents(ctx.vectors.ids, history));
    const list = forYouBlended(ctx.index, profile, LIST_K, undefined, {
      signals,
      calibration: ctx.calibration,
      weights,
      diversity,
      wordOverlap: ctx.vectors.wordOverlap,
    });
    // Scored by position: after MMR the list order is no longer the order of the blend scores.
    return ctx.vectors.toScores(list.map((r, i) => ({ key: r.key, score: LIST_K - i })));
  };
}

/** "Similar" blended with the item's signal neighbours. */
export function similarBlendScorer(ctx: BlendContext, signals: SignalLookup | undefined, weights?: BlendWeights): ItemScorer {
  return (row) =>
    ctx.vectors.toScores(
      similarBlended(ctx.index, ctx.vectors.ids[row]!, LIST_K, undefined, new Set(), {
        signals,
        calibration: ctx.calibration,
        weights,
        wordOverlap: ctx.vectors.wordOverlap,
      }),
    );
}

/** "Complements": the item's "together" list, content-similar items (cosine plus word overlap) after it, or instead when it has none. */
export function complementsScorer(ctx: BlendContext, signals: SignalLookup): ItemScorer {
  const content = { calibration: ctx.calibration, wordOverlap: ctx.vectors.wordOverlap };
  return (row) =>
    ctx.vectors.toScores(complementItems(ctx.index, ctx.vectors.ids[row]!, LIST_K, undefined, new Set(), signals, content).items);
}
