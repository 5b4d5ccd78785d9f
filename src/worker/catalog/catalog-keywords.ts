/**
 * The keyword index of the catalog's entries (BM25 with field boosts, src/recommend/keyword.ts):
 * hybrid search's keyword half, and the whole ranking before vectors exist. Built on first use,
 * because a visit ranked by prebuilt or cached vectors may never search, and a big catalog's
 * index takes a while (100k Steam items: ~3 s in Node, bench/keyword-search.ts): a search, or `prepareSearch()` when
 * the page's search box gets focus, asks for it.
 */
import { type CatalogEntry, itemFacets, type ResolvedTextRule } from '../../catalog/index.ts';
import { KeywordIndex, keywordDoc, LabelCounts } from '../../recommend/index.ts';
import type { CatalogItem } from '../../types/index.ts';
import { runSliced } from '../../vector-index/slices.ts';

/** Keyword documents indexed per step of a sliced build: ~25-35 us each for Steam items (with `keywordDoc`), so ~10-15 ms. */
const KEYWORD_STEP = 400;

/**
 * The catalog's label vocabulary (label-words.ts `LabelCounts`) of each keyword index, counted
 * while the index read the items: search reads query words as these labels, and reading every item
 * again (parsed from the catalog's bytes) would cost a 100k catalog a second more.
 */
const vocabularies = new WeakMap<KeywordIndex, readonly string[]>();

/** The label vocabulary counted while `index` was built here; undefined for an index built elsewhere. */
export function keywordLabels(index: KeywordIndex): readonly string[] | undefined {
  return vocabularies.get(index);
}

/** Each item's keyword document, its labels (under `rule`, when given) counted in `labels`. */
function docsOf(entries: readonly CatalogEntry[], labels: LabelCounts, rule: ResolvedTextRule | undefined) {
  return entries.map((e) => {
    const item: CatalogItem = e.item;
    if (rule) labels.add(itemFacets(item, rule));
    return keywordDoc(item);
  });
}

/**
 * Steps that index `entries` into `index`, KEYWORD_STEP at a time, for `runSliced`; the last moves
 * the postings into their flat arrays (one step of ~50-150 ms at 100k items, keyword-postings.ts).
 */
function* keywordSteps(
  entries: readonly CatalogEntry[],
  index: KeywordIndex,
  labels: LabelCounts,
  rule?: ResolvedTextRule,
): Generator<void, void> {
  for (let i = 0; i < entries.length; i += KEYWORD_STEP) {
    index.add(docsOf(entries.slice(i, i + KEYWORD_STEP), labels, rule));
    yield;
  }
  index.compact();
}

/** The keyword index of one set of entries at a time; `reset` when the entries are replaced. */
export class CatalogKeywords {
  private index: KeywordIndex | undefined;
  private building: Promise<KeywordIndex> | undefined;
  /** When (`performance.now()`) `index` was built. */
  private at: number | undefined;

  /** `rule`: the page's text rule, whose list fields give each item's labels; none, no labels counted. */
  constructor(private readonly rule?: ResolvedTextRule) {}

  /** The index of `entries`, built at once (blocking the worker) if missing: the warming-up fallback's, before vectors exist. */
  get(entries: ReadonlyMap<string, CatalogEntry>): KeywordIndex {
    if (!this.index) {
      const labels = new LabelCounts();
      const index = new KeywordIndex(docsOf([...entries.values()], labels, this.rule));
      vocabularies.set(index, labels.vocabulary());
      this.keep(index);
    }
    return this.index!;
  }

  /** The index if it is built; never builds it. */
  get built(): KeywordIndex | undefined {
    return this.index;
  }

  /** When (`performance.now()`) the index in use was built; undefined while there is none. */
  get builtAt(): number | undefined {
    return this.index ? this.at : undefined;
  }

  /**
   * The index of `entries`, built in slices of ~10 ms when missing, so the worker answers other
   * queries meanwhile. `current` says whether `entries` are still the catalog's when the build
   * ends: an index built for entries replaced meanwhile serves that call but is not kept.
   */
  build(entries: ReadonlyMap<string, CatalogEntry>, current: () => boolean): Promise<KeywordIndex> {
    if (this.index) return Promise.resolve(this.index);
    if (this.building) return this.building;
    const building = (async () => {
      const index = new KeywordIndex([]);
      const labels = new LabelCounts();
      await runSliced(keywordSteps([...entries.values()], index, labels, this.rule));
      vocabularies.set(index, labels.vocabulary());
      if (current() && !this.index) this.keep(index);
      return index;
    })().finally(() => {
      if (this.building === building) this.building = undefined; // not a newer build after reset()
    });
    this.building = building;
    return building;
  }

  /**
   * The entries were replaced: the next use builds again. A build still running for the old
   * entries finishes for the calls that asked for it, but is neither kept nor handed to new calls.
   */
  reset(): void {
    this.index = undefined;
    this.building = undefined;
  }

  private keep(index: KeywordIndex): void {
    this.index = index;
    this.at = performance.now();
  }
}
