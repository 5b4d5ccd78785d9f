/** Ranking: similar items, "for you" from history, search, and the warming-up fallback. */

export { LexicalIndex, type LexicalItem } from './fallback.ts';
export { type Anchor, EVENT_WEIGHT, type HistoryProfile, MAX_ANCHORS, profileFromHistory, RECENCY_DECAY } from './history.ts';
export { forYouItems, searchItems, similarItems } from './rank.ts';
export type { RankedItem } from './types.ts';
