/** The types of one recommendation list, shared by its state machine, the element and React. */
import type { Filter, Recommendation } from '../types/index.ts';
import type { StatusLine } from './status.ts';

/** What a list shows; the element reads it from attributes, React from props. */
export interface ListInput {
  /** The mode's name (a `Mode` for the built-in modes). */
  mode: string;
  itemId?: string | number | null;
  query?: string | null;
  k: number;
  filter?: Filter;
  /** Ids never to show (e.g. what the page shows elsewhere). */
  excludeIds?: readonly (string | number)[];
  /** 0..1, relevance traded for variety (`RankOptions.diversity`); absent: the API's per-mode default. */
  diversity?: number;
  /** 0..1, the calibrated similarity cut-off (`RankOptions.minScore`); absent: the API's default (none). */
  minScore?: number;
  /** The list may show items the lists before it on the page show (page-level de-duplication off). */
  allowRepeats?: boolean;
  /** similar: record one view of `itemId` (the page shows that item). */
  trackView?: boolean;
  /** Why the options are unusable (e.g. a filter attribute that is not JSON), each named: nothing is fetched. */
  invalid?: string;
}

/** A failure a list saw, as its `error` event reports it. */
export interface WidgetError {
  /** An `ErrorCodes` code, or `NO_RESPONSE` when the recommender never answered. */
  code: string;
  message: string;
}

/** What a list renders. */
export interface ListSnapshot {
  /** Undefined until the first results arrive. */
  recs: Recommendation[] | undefined;
  status: StatusLine;
}
