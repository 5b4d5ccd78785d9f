/**
 * How the worker ranks a mode. The router (src/worker/ranking/router.ts) checks a call's options
 * and input the same way for every mode, hands the mode's ranker a `RankContext` (the catalog,
 * the visitor's profile, the site's signals, the score scale), then turns the ranked keys into the
 * page's recommendations. The ranking itself is pure functions in src/recommend, shared with
 * `npm run eval`, which chose every default on a validation split (docs/quality.md).
 */
import type { CatalogEntry } from '../catalog/index.ts';
import type { LearnedLookup } from '../learn/lookup.ts';
import type {
  FullShare,
  HistoryProfile,
  KeywordIndex,
  LabelWords,
  RankedItem,
  ScoreCalibration,
  WordOverlapLookup,
} from '../recommend/index.ts';
import type { SignalLookup } from '../signals/index.ts';
import type { RowFilter, VectorIndex } from '../vector-index/index.ts';
import type { AnyMode, ModeInput } from './mode.ts';

/** A call's options, checked, with `excludeIds` folded into the compiled filter. */
export interface ResolvedOptions {
  k: number;
  filter: RowFilter | undefined;
  /** As the call gave it; each mode applies its own default. */
  diversity: number | undefined;
  /** 0 when not given. */
  minScore: number;
}

/** A ranked list, and whether a fallback made it (`warming` on every result). */
export interface Ranked {
  items: RankedItem[];
  warming: boolean;
}

/** What search needs beyond the catalog: the query encoder and the keyword index's wait. */
export interface QueryTools {
  /** True once the encoder is loaded. */
  encoderLoaded(): boolean;
  /** Starts loading the encoder in the background (the page hears `refresh` when it is ready). */
  loadEncoder(): void;
  /** Embeds a query, loading the encoder if needed. */
  embed(query: string): Promise<Float32Array>;
  /** The keyword index if it is (or gets) built within the wait (keyword-wait.ts); else undefined. */
  keywordWithin(): Promise<KeywordIndex | undefined>;
  /**
   * The labels of `index`'s catalog as search words (recommend/label-words.ts) if they are embedded
   * (once per index, in the background: a search never waits for it); undefined until then, and when
   * the catalog has none or they could not be embedded.
   */
  labelWords(index: KeywordIndex): LabelWords | undefined;
  /** Embeds query words in the space of `labelWords`' vectors: one row per word, in order. */
  embedWords(words: readonly string[]): Promise<Float32Array>;
}

/**
 * The catalog as rankers read it: the worker's `CatalogState` (src/worker/catalog). Declared here
 * so that a mode file needs nothing of the worker, and the page's types never reach its storage.
 */
export interface CatalogView {
  /** Entries by key. */
  readonly entries: ReadonlyMap<string, CatalogEntry>;
  /** The vector index, once any vector was added. */
  readonly index: VectorIndex | undefined;
  /** The keyword index, built at once on first use (the fallback before vectors). */
  readonly keyword: KeywordIndex;
  /** The keyword index if it is built; never builds it. */
  readonly builtKeyword: KeywordIndex | undefined;
  /** The keyword index, built in slices when missing (other queries are answered meanwhile). */
  keywordAsync(): Promise<KeywordIndex>;
}

/** The catalog's score scale (the worker's `CatalogScale`): calibration, cosines, the `minScore` cut. */
export interface ScoreScale {
  /** The catalog's random-pair scale; undefined without vectors. */
  calibrate(): ScoreCalibration | undefined;
  /** The keys with vectors the calibration sampled. */
  keys(): string[];
  /** Cosine of two items' vectors (undefined when either has none). */
  cosine(a: string, b: string): number | undefined;
  /** The cut-off at `minScore` as a list filter, or undefined for none; an item not judged is kept. */
  cutOff(minScore: number, similarity: (r: RankedItem) => number | undefined): ((items: RankedItem[]) => RankedItem[]) | undefined;
}

/** What a ranker reads: the worker's state at the time of the call. */
export interface RankContext {
  /** The catalog now: entries, vector index, keyword and word-overlap indexes. */
  readonly catalog: CatalogView;
  /** The visitor's history as ranking reads it: anchors, seen and dismissed items. */
  readonly profile: HistoryProfile;
  /** The site's signals ("bought together", "viewed next", popularity), when the page has them. */
  readonly signals: SignalLookup | undefined;
  /** The shop's learned space (the artifact's `learned` section), when the page has it. */
  readonly learned: LearnedLookup | undefined;
  /** Calibration, cosines and the `minScore` cut-off over the catalog's vectors. */
  readonly scale: ScoreScale;
  /** Search's query encoder and keyword wait. */
  readonly query: QueryTools;
  /** True when queries rank by vectors rather than the keyword fallback. */
  vectorsUsable(): boolean;
  /** True while vector results rank only part of the catalog (they are then marked `warming`). */
  partial(): boolean;
  /**
   * The word-overlap index when the blend used with `signals` weighs it, read with `fullShare` of
   * the full text's cosine and the rest the described view's, where an item's own name counts less
   * (default 1, the full text; "similar" reads `SIMILAR_FULL_SHARE`: recommend/word-overlap.ts).
   */
  wordOverlapFor(signals: SignalLookup | undefined, fullShare?: FullShare): WordOverlapLookup | undefined;
  /** Whether the page's catalog holds `key` (signals name the artifact's items, which may be gone). */
  known(key: string): boolean;
  /**
   * The catalog spread for a visitor with no history (src/recommend/cold-start.ts): by vectors once
   * they rank, else by the category field. Computed once per catalog version.
   */
  spread(): readonly string[];
}

/** What a mode's ranker gets as its input: the checked item key, the query, or nothing. */
export type RankInput<I extends ModeInput> = I extends 'none' ? undefined : string;

/**
 * What a mode's request to a retrieval endpoint (option `remote`, src/worker/remote) needs from the
 * visitor's side. Only these leave the page: never the history's events.
 */
export interface RemoteTools {
  /**
   * The visitor's profile: the weighted mean of their recent items' vectors (null for a new
   * visitor) and the ids "for you" leaves out (seen and dismissed, sorted: no order, no times).
   */
  profile(): Promise<{ profile: number[] | null; exclude: string[] }>;
  /** The query's vector when the encoder is loaded; undefined (and the encoder starts loading) otherwise. */
  queryVector(query: string): Promise<number[] | undefined>;
}

/** A mode's request fields beyond `mode`, `k`, `filter` and `exclude`; `warming` marks its answer. */
export interface RemoteAsk {
  fields: Record<string, unknown>;
  warming: boolean;
}

/** One mode as the worker ranks it. */
export interface Ranker<M extends AnyMode = AnyMode> {
  readonly mode: M;
  /** Ranks a call whose options and input the router checked. */
  rank(ctx: RankContext, input: RankInput<M['input']>, options: ResolvedOptions): Ranked | Promise<Ranked>;
  /**
   * The mode's request to a retrieval endpoint (docs/guide/remote.md), when it has one: a mode
   * without it is always ranked in the page.
   */
  remote?(tools: RemoteTools, input: RankInput<M['input']>): Promise<RemoteAsk>;
}

/** Declares the ranker of `mode`, and how it asks a retrieval endpoint (`remote`) when it can. */
export function rankerFor<M extends AnyMode>(mode: M, rank: Ranker<M>['rank'], remote?: Ranker<M>['remote']): Ranker<M> {
  return remote ? { mode, rank, remote } : { mode, rank };
}
