/** Ranking: similar items, "for you" from history, search, and the warming-up fallback. */
export { forYouItems, searchItems, similarItems } from './rank.ts';
export { EVENT_WEIGHT, MAX_ANCHORS, profileFromHistory, RECENCY_DECAY, type Anchor, type HistoryProfile } from './history.ts';
export { LexicalIndex, type LexicalItem } from './fallback.ts';
export type { Because, RankedItem, RankOptions } from './types.ts';
