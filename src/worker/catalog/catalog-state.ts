/**
 * What the worker knows about the catalog right now: the validated entries, the vector index and
 * the keyword index, plus which content hash each indexed vector was made from. Every part of
 * the engine reads and changes the catalog through this one object.
 */
import type { CatalogEntry, ResolvedTextRule } from '../../catalog/index.ts';
import type { KeywordIndex, WordOverlapIndex } from '../../recommend/index.ts';
import type { SavedIndexCodes } from '../../storage/index.ts';
import type { IndexKind } from '../../types/index.ts';
import { autoIndex, createIndex, type TrainingState, trainingRecipe, type VectorIndex } from '../../vector-index/index.ts';
import { CatalogKeywords } from './catalog-keywords.ts';
import { CatalogWordOverlap, type CheckedWords, type WordOverlapLanded, type WordOverlapStorage } from './catalog-word-overlap.ts';

/** The catalog entries, their vector index and their keyword index. */
export class CatalogState {
  private entryMap = new Map<string, CatalogEntry>();
  private vectorIndex: VectorIndex | undefined;
  private readonly keywords: CatalogKeywords;
  private readonly wordOverlapCache: CatalogWordOverlap;
  private changes = 0;
  private sourceKey: string | undefined;
  private codeChanges = 0;
  /** The hash each indexed key's vector was made from, to spot stale vectors. */
  private readonly indexedHash = new Map<string, string>();
  /** Keys whose row holds the artifact head's sign vector (artifact-head.ts), not a real vector yet. */
  private readonly coarseKeys = new Set<string>();

  /**
   * `kind`: the configured index kind, or `auto` to pick by catalog size when the first vector
   * arrives (`autoIndex`, measured in src/vector-index/factory.ts). `training`: a learnt state from
   * an earlier visit, installed before the first vector so nothing is trained or kept twice.
   * `wordOverlap`: where a big catalog's word-overlap index is kept between workers, and what to call
   * when one built or read in the background lands after a ranking went without it, and the page's
   * text rule (its list fields give each item's labels).
   */
  constructor(
    readonly dims: number,
    private readonly kind: IndexKind | 'auto',
    private training?: TrainingState,
    wordOverlap: { onBuilt?: () => void; storage?: WordOverlapStorage; rule?: ResolvedTextRule } = {},
  ) {
    this.wordOverlapCache = new CatalogWordOverlap(wordOverlap.onBuilt, wordOverlap.storage, wordOverlap.rule);
    this.keywords = new CatalogKeywords(wordOverlap.rule);
  }

  /** What the entries were built from (a digest of the catalog's bytes, model key and text rule), when known. */
  get source(): string | undefined {
    return this.sourceKey;
  }

  /** Entries by key. */
  get entries(): ReadonlyMap<string, CatalogEntry> {
    return this.entryMap;
  }

  /** The vector index, once any vector was added. */
  get index(): VectorIndex | undefined {
    return this.vectorIndex;
  }

  /**
   * The keyword index (BM25 with field boosts): the search half of hybrid search, and the whole
   * ranking before vectors exist. Built at once (blocking the worker) on first use by that
   * fallback; search and `prepareSearch` build it in slices instead (`keywordAsync`).
   */
  get keyword(): KeywordIndex {
    return this.keywords.get(this.entryMap);
  }

  /** The keyword index if it is built; never builds it. */
  get builtKeyword(): KeywordIndex | undefined {
    return this.keywords.built;
  }

  /** When (`performance.now()`) the keyword index in use was built; undefined while there is none. */
  get keywordBuiltAt(): number | undefined {
    return this.keywords.builtAt;
  }

  /**
   * The keyword index, built in slices of ~10 ms when it is missing, so the worker answers other
   * queries meanwhile (100k items take ~7 s in a worker). For callers that can wait (search,
   * `prepareSearch`); an index built for entries replaced meanwhile serves that call but is not kept.
   */
  keywordAsync(): Promise<KeywordIndex> {
    const entries = this.entryMap;
    return this.keywords.build(entries, () => this.entryMap === entries);
  }

  /**
   * Word overlap of the entries' texts (a blend input, src/recommend/word-overlap.ts), or undefined
   * while a big catalog's index is still being built in the background (catalog-word-overlap.ts).
   */
  get wordOverlap(): WordOverlapIndex | undefined {
    return this.wordOverlapCache.get(this.entryMap);
  }

  /** Starts reading the entries' stored word-overlap index, or waits for the check's (catalog-word-overlap.ts). */
  restoreWordOverlap(fromCheck?: CheckedWords): void {
    this.wordOverlapCache.restore(this.entryMap, fromCheck);
  }

  /** Where the word-overlap index came from and when (`performance.now()`); undefined while there is none. */
  get wordOverlapStatus(): WordOverlapLanded | undefined {
    return this.wordOverlapCache.status;
  }

  /** Changes with every edit of entries or vectors, so derived data (the score calibration) knows when to refresh. */
  get version(): number {
    return this.changes;
  }

  /**
   * Changes whenever the index's rows or codes change (vectors added or removed, a training), not
   * with entry-only edits: the index codes saved for the next visit are stale when it moved.
   */
  get codesVersion(): number {
    return this.codeChanges;
  }

  /** The content hash each indexed key's vector was made from (stand-ins have none). */
  get indexedHashes(): ReadonlyMap<string, string> {
    return this.indexedHash;
  }

  /** The content hash the vector of `key` was made from, or undefined when it has none. */
  indexedHashOf(key: string): string | undefined {
    return this.indexedHash.get(key);
  }

  /** Items with a vector in the index (stand-ins not counted). */
  get indexed(): number {
    return (this.vectorIndex?.size ?? 0) - this.coarseKeys.size;
  }

  /** Share of catalog entries that have a vector (0 for an empty catalog). */
  get coverage(): number {
    return this.entryMap.size === 0 ? 0 : this.indexed / this.entryMap.size;
  }

  /** Key -> content hash of every entry, the "previous" side of a catalog diff. */
  hashes(): Map<string, string> {
    return new Map([...this.entryMap].map(([key, e]) => [key, e.hash]));
  }

  /**
   * Replaces the entries (vectors of removed keys must be dropped with `remove` first). `source`:
   * what they were built from (catalog-source.ts), when known.
   */
  setEntries(entries: readonly CatalogEntry[], source?: string): void {
    // One set per entry: a [key, entry] pair per item was 100k arrays of garbage on a first visit.
    const map = new Map<string, CatalogEntry>();
    for (const e of entries) map.set(e.key, e);
    this.entryMap = map;
    this.sourceKey = source;
    this.keywords.reset();
    this.wordOverlapCache.replace(this.entryMap);
    this.changes++;
  }

  /** True when `entry` has a vector made from its current text. */
  isCurrent(entry: CatalogEntry): boolean {
    return this.indexedHash.get(entry.key) === entry.hash;
  }

  /** Stores `vectors` (`entries.length * dims` floats, row-major) for `entries`. */
  addVectors(entries: readonly CatalogEntry[], vectors: Float32Array): void {
    this.addRows(entries, vectors);
    for (const e of entries) {
      this.indexedHash.set(e.key, e.hash);
      this.coarseKeys.delete(e.key);
    }
  }

  /**
   * Stores stand-in vectors (the artifact head's sign vectors) that rank until `addVectors` replaces
   * them: they count in `coarseShare`, not in `indexed`, so answers from them are marked warming,
   * and an entry holding one is not current (never stored, saved or reused). A key whose row held
   * a vector of an older text loses that text's hash here: the row no longer holds its vector, so
   * an `update()` back to the old text must not reuse the stand-in as its real vector.
   */
  addCoarse(entries: readonly CatalogEntry[], vectors: Float32Array): void {
    this.addRows(entries, vectors);
    for (const e of entries) {
      this.coarseKeys.add(e.key);
      this.indexedHash.delete(e.key);
    }
  }

  /** Share of entries whose row holds a stand-in vector (`addCoarse`). */
  get coarseShare(): number {
    return this.entryMap.size === 0 ? 0 : this.coarseKeys.size / this.entryMap.size;
  }

  /** Drops every stand-in vector (their real vectors are not coming). */
  dropCoarse(): void {
    this.remove([...this.coarseKeys]);
  }

  private addRows(entries: readonly CatalogEntry[], vectors: Float32Array): void {
    if (entries.length === 0) return;
    this.vectorIndex ??= this.createIndex();
    this.vectorIndex.add(
      entries.map((e) => e.key),
      vectors,
    );
    this.changes++;
    this.codeChanges++;
  }

  /** The index was retrained: its codes were re-encoded. */
  retrained(): void {
    this.codeChanges++;
  }

  /**
   * A returning visit's fast path: builds the index from codes a previous visit saved, instead of
   * float32 vectors (row-codes.ts). Only into a state without an index, and only when the saved
   * codes are of the kind this catalog gets; rows whose item is gone or changed are dropped.
   * Returns how many entries got their vector this way (0 when the codes were not usable).
   */
  loadCodes(saved: SavedIndexCodes): number {
    if (this.vectorIndex || saved.codes.keys.length === 0) return 0;
    const index = this.emptyIndex();
    // Codes of another recipe (the catalog crossed a size threshold): the vectors are used instead.
    if (trainingRecipe(saved.codes.state) !== index.recipe) return 0;
    try {
      index.importCodes(saved.codes);
    } catch {
      // Damaged codes (storage can hand back anything): the vectors are used instead.
      return 0;
    }
    const stale: string[] = [];
    saved.codes.keys.forEach((key, i) => {
      const hash = saved.hashes[i]!;
      if (this.entryMap.get(key)?.hash === hash) this.indexedHash.set(key, hash);
      else stale.push(key);
    });
    index.remove(stale);
    this.vectorIndex = index;
    this.training = undefined;
    this.changes++;
    this.codeChanges++;
    return index.size;
  }

  /** An empty index of the configured kind (or the one `auto` picks for the catalog's size). */
  private emptyIndex(): VectorIndex {
    const { kind, options } = this.kind === 'auto' ? autoIndex(this.entryMap.size, this.dims) : { kind: this.kind, options: {} };
    return createIndex(kind, this.dims, options);
  }

  private createIndex(): VectorIndex {
    const index = this.emptyIndex();
    const state = this.training;
    this.training = undefined;
    // A state of another recipe (or dims) is not imported: the index is simply trained again.
    if (state && trainingRecipe(state) === index.recipe && state.dims === this.dims) {
      try {
        index.importTraining(state);
      } catch {
        // A damaged state (storage can hand back anything): trained again too.
      }
    }
    return index;
  }

  /**
   * A learnt index state to install when the index is created (from prebuilt vectors); ignored
   * once an index exists (its own state stays, and `needsTraining` says when to refit).
   */
  installTraining(state: TrainingState): void {
    if (!this.vectorIndex) this.training = state;
  }

  /** Drops the vectors of `keys`. */
  remove(keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.vectorIndex?.remove([...keys]);
    for (const key of keys) {
      this.indexedHash.delete(key);
      this.coarseKeys.delete(key);
    }
    this.changes++;
    this.codeChanges++;
  }
}
