/**
 * A weighted score blend over a `CandidateTable`: content (the best anchor's calibrated cosine,
 * recency-weighted), the site's "together" and "next" signals summed over recency-weighted anchors,
 * and a small popularity prior. Scores, not ranks, are blended: a candidate far above chance on
 * content keeps that margin, and a weak signal nudges rather than overturns (the eval's reciprocal
 * rank fusion of last item and co-occurrence scores .0958 on Office, this blend .1123; docs/quality.md).
 */
import type { ScoreCalibration } from './calibration.ts';
import type { CandidateTable } from './candidates.ts';
import { EVENT_WEIGHT } from './history.ts';

/** The blend's parameters. Every default is chosen by `npm run eval` on the validation split. */
export interface BlendWeights {
  /** Anchor r (0 = newest) counts `contentDecay ** r` (times its event weight) in the content term. */
  contentDecay: number;
  /** Weight of the content term: the best anchor's weighted z-score (see `ScoreCalibration.z`). */
  content: number;
  /**
   * How much of the content term is the anchors' weighted MEAN z-score rather than the best
   * anchor's, in [0, 1] (absent: 0). The mean is the z-score of the anchors' weighted sum of
   * query vectors: a candidate near the whole recent history rather than one item of it.
   */
  contentMean?: number;
  /**
   * Added to each anchor's z-score before the best is taken: this weight times the TF-IDF cosine of
   * the two texts (`CandidateTable.wordOverlap`, 0 without a word-overlap index). Word overlap the encoder misses
   * (model numbers, series names) then counts as content.
   */
  wordOverlap: number;
  /**
   * `wordOverlap` for an anchor the signals list nothing for. The published signals are noisy
   * counts above a threshold (src/signals/private.ts), so many items have no list: such an anchor is
   * ranked on content alone, where word overlap helps.
   */
  wordOverlapUnlisted: number;
  /** Weight of the summed "together" (co-occurrence cosine) weights. */
  together: number;
  /** Weight of the summed "next" (transition probability) weights. */
  next: number;
  /** Weight of popularity in [0, 1]. */
  popularity: number;
  /** Anchor r counts `signalDecay ** r` in the signal terms. */
  signalDecay: number;
}

/**
 * Defaults for "for you" with site signals, chosen on the validation split (each user's
 * second-to-last item) of Office and MovieLens together by eval/tune.ts, re-tuned with the signals'
 * build options (eval/signal-choice.ts: co-occurrence window 10, 24 neighbours): validation HR@10
 * .1246 (Office) and .1656 (MovieLens), up from .1142 / .1328 with whole-session co-occurrence and
 * the previous weights (2, 64, 0, 0.7, 0.5). Transitions weigh most: a transition probability of
 * .05 adds 3.2, as much as three standard deviations of content. Word overlap (`wordOverlap`) is 0 here:
 * with signals, validation prefers none (MovieLens .1656 at 0, .1557 at 4).
 *
 * `wordOverlapUnlisted` 4 (issue 29): the published signals are a private release, and on the
 * eval's logs it lists few items, so most anchors have no list. Chosen on both regimes: with the
 * release at epsilon 1, validation HR@10 geometric mean .0653 (at 2: .0628; content alone .0646);
 * with exact counts, standing in for a shop whose logs dwarf the noise, .1441 (at 2: .1443).
 * eval/privacy-choice.ts, docs/notes/private-signals.md.
 */
export const DEFAULT_BLEND: Readonly<BlendWeights> = Object.freeze({
  contentDecay: 0.7,
  content: 1,
  wordOverlap: 0,
  wordOverlapUnlisted: 4,
  together: 16,
  next: 64,
  popularity: 0.25,
  signalDecay: 0.7,
});

/**
 * "For you" in the shop's learned space (src/learn: the artifact's `learned` section, built from
 * the same logs as the signals): the content term is query(anchor) . target(candidate), z-scored
 * on the space's own random pairs. Chosen on validation of Office and MovieLens together
 * (eval/learned-space-blend.ts, the grid point with the best geometric mean): HR@10 .1397 / .1623
 * against the raw space's .1242 / .1656 (geometric mean .1505 vs .1434). The space has learned the
 * transitions' evidence: with it, validation weighs "next" 0 (docs/notes/learned-space.md).
 * Through the shipped ranker (MMR diversity, the build's own recipe) validation gave Office .1378
 * vs .1229 and MovieLens .1443 vs .1639 with the exact counts. The signals a page gets are now a
 * private release (docs/privacy.md), with which the raw space gives .0811 / .0541: the space's
 * lead is larger, but it is trained on the exact sessions and has no privacy guarantee, so the
 * build writes it only on request (`--learned-space`).
 *
 * Word overlap 2 for an anchor the signals list nothing for (0 for a listed one, as
 * `DEFAULT_BLEND`): chosen on validation over 0-4 (eval/learned-space.ts with the published
 * signals), HR@10 Office .1397 -> .1452 (paired +.0055 [-.0010, +.0118]), MovieLens .1098 -> .1230
 * (+.0131 [.0000, +.0262]); at 4 Office falls to .1364. Test: Office .1252 -> .1390 (+.0139
 * [+.0075, +.0200]), MovieLens .1000 -> .1016 (+.0016 [-.0066, +.0098]; NDCG@10 +.0074). (Those
 * spaces gave every item an offset; with the build's own, and items the logs never named ranked
 * by their text, test HR@10 is Office .1376, MovieLens .1082: docs/notes/learned-space.md.)
 *
 * `contentMean` .5: half the content term is the anchors' weighted mean z-score, i.e. the whole
 * recent history's summed query side against each target. Chosen on validation over 0-1 (the
 * build's recipe and propagation choice, published signals), HR@10 Office / MovieLens: 0 .1417 /
 * .1279, .25 .1490 / .1279, .5 .1515 / .1344, .75 .1470 / .1328, 1 .1348 / .1328. The raw space's
 * blends keep the best anchor alone (0).
 */
export const LEARNED_BLEND: Readonly<BlendWeights> = Object.freeze({
  ...DEFAULT_BLEND,
  content: 2,
  together: 16,
  contentMean: 0.5,
  next: 0,
  wordOverlap: 0,
  wordOverlapUnlisted: 2,
});

/**
 * Defaults for "for you" and "similar" from content and the visitor's own history only (no site
 * signals), chosen on validation: the recency decay 0.7 (Office .0740 vs .0701 at the old 0.85)
 * and word overlap at 4 (a TF-IDF cosine of 1 counts as four standard deviations of content):
 * validation HR@10 .0740 / .0410 -> .0793 / .0508 (Office / MovieLens), and .0822 / .0508 since
 * words split at letter-digit boundaries (word-overlap.ts). About twenty other content-side ideas
 * measured since are within noise of this blend (docs/quality.md).
 */
export const CONTENT_BLEND: Readonly<BlendWeights> = Object.freeze({
  contentDecay: 0.7,
  content: 1,
  wordOverlap: 4,
  wordOverlapUnlisted: 4,
  together: 0,
  next: 0,
  popularity: 0,
  signalDecay: 0.5,
});

/**
 * "Similar items", with or without the site's signals: substitutes, so the content blend alone.
 * "Bought together" and "next" are complements' evidence: with them a co-bought item topped the
 * similar list (issue 27). Popularity as a tie-breaker was measured on the validation half of the
 * substitute truth (eval/mode-truth/tune-similar.ts) and lowers it wherever tried: Office P@8 .7432
 * at 0 against .7348 at 1, MovieLens .8011 against .7479. So the signals do not reorder similar
 * items; the weights stay a named constant so a signal that does help substitutes has one place to go.
 *
 * Word overlap weighs 8 here (4 for "for you"), read as `SIMILAR_FULL_SHARE` (.35) of the full
 * text's cosine and the rest the described view's, where an item's own name counts `NAME_WEIGHT`
 * (overlap-terms.ts). Chosen together on the validation half of the substitute truth
 * (eval/mode-truth/tune-similar.ts), by the geometric mean of substitute P@8 on Office, Office with
 * its text in title, category and brand fields, MovieLens and Steam, and also_viewed NDCG@10 on both
 * Offices: .6319 at name weight .1, full share .35 and word overlap 8, against .5807 for the full
 * text at 4 (what shipped before), .6287 for the described view alone (share 0) and .6326 at overlap
 * 12 (within noise of 8, which "bought together"'s fill-ins were chosen at); name weight .25 at most
 * .6260 (docs/quality.md).
 */
export const SIMILAR_BLEND: Readonly<BlendWeights> = Object.freeze({
  ...CONTENT_BLEND,
  wordOverlap: 8,
  wordOverlapUnlisted: 8,
  popularity: 0,
});

/**
 * "Bought together"'s content fill-ins in the shop's learned space (src/learn, the artifact's
 * `learned` section): query(item) . target(candidate), what the site's sessions open after the item,
 * plus word overlap as similar reads it. Only the word-overlap weight matters (one anchor, no
 * signal terms: the content weight scales every score alike). Chosen on Office's validation half
 * over 4-24 (eval/learned-space.ts with this weight changed, the build's recipe trained on the
 * validation logs): complement truth HR@10 .1841 in the raw space -> .2939 / .2845 / .2835 / .2856 / .2741 /
 * .2521 at 4 / 6 / 8 / 12 / 16 / 24, also_bought .5556 -> .5341 / .5673 / .5926 / .6218 / .6248 /
 * .6326; 12 has the best geometric mean of the two. docs/notes/learned-space.md has the test half.
 */
export const LEARNED_COMPLEMENTS_BLEND: Readonly<BlendWeights> = Object.freeze({
  ...SIMILAR_BLEND,
  wordOverlap: 12,
  wordOverlapUnlisted: 12,
});

/**
 * How "similar items" read word overlap (`WordOverlapIndex.view`): this share of the full text's
 * cosine, the rest the described view's. See `SIMILAR_BLEND` for how it was chosen.
 */
export const SIMILAR_FULL_SHARE = 0.35;

/** Whether `weights` weigh word overlap at all (for anchors with lists or without): only then is its index worth building. */
export function weighsWordOverlap(weights: Readonly<BlendWeights>): boolean {
  return weights.wordOverlap > 0 || weights.wordOverlapUnlisted > 0;
}

/** Scores of every candidate of `table`, and for each the anchor that contributed most (index into `table.anchors`). */
export function blendScores(
  table: CandidateTable,
  weights: Readonly<BlendWeights>,
  calibration: ScoreCalibration | undefined,
): { scores: Float64Array; because: Int32Array } {
  const m = table.anchors.length;
  const n = table.keys.length;
  const contentWeight = table.anchors.map((a, r) => EVENT_WEIGHT[a.type] * weights.contentDecay ** r);
  const signalWeight = table.anchors.map((_, r) => weights.signalDecay ** r);
  const mix = weights.contentMean ?? 0;
  const mean = calibration?.mean ?? 0;
  const std = calibration?.std ?? 1;
  const scores = new Float64Array(n);
  const because = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let content = Number.NEGATIVE_INFINITY;
    let meanSum = 0;
    let meanWeight = 0;
    let bestAnchor = 0;
    let bestPart = Number.NEGATIVE_INFINITY;
    let signals = 0;
    for (let a = 0; a < m; a++) {
      const c = table.cosine[i * m + a]!;
      const t = (table.listed[a] ? weights.wordOverlap : weights.wordOverlapUnlisted) * table.wordOverlap[i * m + a]!;
      const z = contentWeight[a]! * ((Number.isNaN(c) ? 0 : (c - mean) / std) + t);
      if (!Number.isNaN(c) || t > 0) {
        if (z > content) content = z;
        meanSum += z;
        meanWeight += contentWeight[a]!;
      }
      const s = signalWeight[a]! * (weights.together * table.together[i * m + a]! + weights.next * table.next[i * m + a]!);
      signals += s;
      const part = weights.content * z + s;
      if (part > bestPart) {
        bestPart = part;
        bestAnchor = a;
      }
    }
    if (content === Number.NEGATIVE_INFINITY)
      content = 0; // no vector: as close as a random pair
    else if (mix > 0 && meanWeight > 0) content = (1 - mix) * content + (mix * meanSum) / meanWeight;
    scores[i] = weights.content * content + signals + weights.popularity * table.popularity[i]!;
    because[i] = bestAnchor;
  }
  return { scores, because };
}
