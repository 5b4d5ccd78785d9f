/** Ranking: similar items, "for you" from history, search, blends with site signals, and the warming-up fallback's keyword index. */

export {
  type BlendWeights,
  blendScores,
  CONTENT_BLEND,
  DEFAULT_BLEND,
  LEARNED_BLEND,
  LEARNED_COMPLEMENTS_BLEND,
  SIMILAR_BLEND,
  SIMILAR_FULL_SHARE,
  weighsWordOverlap,
} from './blend.ts';
export { type BlendOptions, type Complements, complementItems, forYouBlended, similarBlended, togetherItems } from './blended.ts';
export { applyMinScore, CALIBRATION_SEED, DEFAULT_CALIBRATION_PAIRS, randomPairScores, ScoreCalibration } from './calibration.ts';
export {
  type CandidateSources,
  type CandidateTable,
  CONTENT_CANDIDATES,
  gatherCandidates,
  POPULAR_CANDIDATES,
  type TextFallback,
  WORD_OVERLAP_CANDIDATES,
} from './candidates.ts';
export { fieldSpread, popularStart, SPREAD_REGIONS, SPREAD_SAMPLE, vectorSpread } from './cold-start.ts';
export { type Anchor, EVENT_WEIGHT, type HistoryProfile, MAX_ANCHORS, profileFromHistory, RECENCY_DECAY } from './history.ts';
export {
  convexMerge,
  HYBRID_DEPTH,
  HYBRID_FULL_MATCH_WEIGHT,
  HYBRID_KEYWORD_WEIGHT,
  hybridMerge,
  KNOWN_ITEM_TOLERANCE,
  reciprocalRankMerge,
} from './hybrid.ts';
export { FIELD_BOOST, KEYWORD_FIELDS, type KeywordDoc, type KeywordHit, KeywordIndex, keywordDoc, typoAllowance } from './keyword.ts';
export {
  expandWithLabels,
  LABEL_MIN_ITEMS,
  LABEL_VOCABULARY_MAX,
  LABEL_WORD_COSINE,
  LabelCounts,
  LabelWords,
  labelVocabulary,
} from './label-words.ts';
export { CONTENT_DIVERSITY, DEFAULT_DIVERSITY, intraListSimilarity, MMR_POOL_FACTOR, mmrRerank } from './mmr.ts';
export { type OverlapTerm, overlapTerms } from './overlap-terms.ts';
export {
  ADD_ON_FAMILY,
  ADD_ON_WEIGHT,
  arrangeLines,
  capProductLines,
  entryLines,
  entryTitles,
  itemLine,
  itemTitle,
  LINE_CAP,
  productLine,
  queryNamesLine,
  type SearchLines,
  weighAddOns,
} from './product-line.ts';
export { COMMON_WORD_ITEMS, COMMON_WORD_SHARE, STOPWORDS, wordStrength } from './query-words.ts';
export { forYouItems, searchItems, similarItems } from './rank.ts';
export { FEEDBACK_HITS, FEEDBACK_MIN_FULL, isBroadQuery, rerankByFeedback } from './search-feedback.ts';
export { type CappedSimilar, capComplementLines, capSimilarLines, similarLineOf, similarPool, widerSimilarPool } from './similar-lines.ts';
export type { RankedItem } from './types.ts';
export {
  COMMON_SHARE,
  DESCRIBED_VIEW,
  FULL_TEXT,
  type FullShare,
  MAX_OVERLAP_WORDS,
  MAX_POSTINGS,
  NAME_WEIGHT,
  overlapWords,
  type SavedWordOverlapIndex,
  WORD_OVERLAP_FORMAT,
  WordOverlapIndex,
  type WordOverlapLookup,
} from './word-overlap.ts';
export { WordOverlapIndexBuilder } from './word-overlap-builder.ts';
