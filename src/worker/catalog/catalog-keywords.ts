/**
 * The keyword index of the catalog's entries (BM25 with field boosts, src/recommend/keyword.ts):
 * hybrid search's keyword half, and the whole ranking before vectors exist. Built on first use,
 * because a visit ranked by prebuilt or cached vectors may never search, and a big catalog's
 * index takes a while (100k Steam items: ~3 s in Node, bench/keyword-search.ts): a search, or `prepareSearch()` when
 * the page's search box gets focus, asks for it.
 */
import type { CatalogEntry } from '../../catalog/index.ts';
import { KeywordIndex, keywordDoc } from '../../recommend/index.ts';
import { runSliced } from '../../vector-index/slices.ts';

/** Keyword documents indexed per step of a sliced build: ~25-35 us each for Steam items (with `keywordDoc`), so ~10-15 ms. */
const KEYWORD_STEP = 400;

/**
 * Steps that index `entries` into `index`, KEYWORD_STEP at a time, for `runSliced`; the last moves
 * the postings into their flat arrays (one step of ~50-150 ms at 100k items, keyword-postings.ts).
 */
function* keywordSteps(entries: readonly CatalogEntry[], index: KeywordIndex): Generator<void, void> {
  for (let i = 0; i < entries.length; i += KEYWORD_STEP) {
    index.add(entries.slice(i, i + KEYWORD_STEP).map((e) => keywordDoc(e.item)));
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

  /** The index of `entries`, built at once (blocking the worker) if missing: the warming-up fallback's, before vectors exist. */
  get(entries: ReadonlyMap<string, CatalogEntry>): KeywordIndex {
    if (!this.index) this.keep(new KeywordIndex([...entries.values()].map((e) => keywordDoc(e.item))));
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
      await runSliced(keywordSteps([...entries.values()], index));
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
