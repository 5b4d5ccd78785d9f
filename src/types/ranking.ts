/** What a ranking call takes (filters, options) and gives back (recommendations). */
import type { CatalogItem } from './catalog.ts';
import type { EventType } from './history.ts';

/** A value a field can be compared with. */
export type FilterValue = string | number | boolean | null;

/** Numeric bounds; at least one must be given, all given ones must hold. */
export interface RangeCondition {
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
}

/** A condition on one field. */
export type FilterCondition = FilterValue | { in: readonly FilterValue[] } | RangeCondition | { not: FilterCondition };

/**
 * Conditions by field name; all must hold. `{ category: 'shoes' }` (equality; on list fields, any
 * element), `{ tags: { in: ['sale', 'new'] } }`, `{ price: { gte: 10, lt: 50 } }`, `{ brand: { not: 'acme' } }`.
 */
export type Filter = { readonly [field: string]: FilterCondition };

/** Results per call when `k` is not given. */
export const DEFAULT_K = 8;

/** The most results one API call may ask for (a widget shows at most `MAX_WIDGET_K` cards). */
export const MAX_K = 1000;

/** Per-call ranking options of the public API. */
export interface RankOptions {
  /** How many items: 1 to `MAX_K`. Default `DEFAULT_K` (8). */
  k?: number;
  /** Metadata filter: `{ category: 'Tents' }`, `{ tags: { in: ['kids'] } }`, `{ price: { lte: 50 } }`. */
  filter?: Filter;
  /**
   * Items never to return, e.g. those another list on the page already shows. Applied during the
   * scan like a filter, so `k` results still come back whenever `k` other items qualify.
   */
  excludeIds?: readonly (string | number)[];
  /**
   * 0..1: how much to trade relevance for variety (maximal marginal relevance over the top 3k).
   * Default: chosen per mode on the eval's validation split (docs/quality.md): 0.3 for "for you"
   * with site signals, 0.5 without; 0 (pure relevance) for the other modes.
   */
  diversity?: number;
  /**
   * 0..1: drop results less similar than this share of random item pairs of this catalog (0.99 =
   * closer than 99% of random pairs), instead of padding the list with irrelevant ones. Default 0.
   */
  minScore?: number;
}

/** Index implementations, by name (`createRecommender` checks `index` against this list). */
export const INDEX_KINDS = ['flat', 'int8', 'binary', 'ivf', 'ivf-int8', 'ivf-binary'] as const;

/**
 * Index implementations: exact float32; int8 codes; binary (sign bits of centred vectors) scanned
 * by Hamming distance and re-ranked; inverted lists (IVF) over any of them. See src/vector-index.
 */
export type IndexKind = (typeof INDEX_KINDS)[number];

/** Why an item is recommended: the history item it is closest to ("because you viewed X"). */
export interface Because {
  key: string;
  type: EventType;
}

/** A recommendation as the page receives it: the catalog item itself plus why. */
export interface Recommendation {
  id: string | number;
  item: CatalogItem;
  score: number;
  because?: Because & { id: string | number; title?: string };
  /**
   * True while a fallback answered: the catalog is still embedding (keyword or partial vector
   * ranking), or, for search, a big catalog's keyword index is still building (vectors alone).
   */
  warming: boolean;
  /**
   * Complements: `signals` for a "bought together" neighbour, `content` for a content-similar
   * fill-in. Any list on a first visit before the catalog is in (warming): `popular` for the site's
   * most popular items, `sample` for a spread over the catalog, from the build's starter file.
   */
  basis?: 'signals' | 'content' | 'popular' | 'sample';
}
