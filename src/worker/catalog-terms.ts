/**
 * The catalog's word-overlap index (src/recommend/term-index.ts) in the worker: built when a
 * ranking first asks for it, from the entries' texts, and built anew for replaced entries.
 *
 * A small catalog builds it at once, so even its first answer uses it: up to 2,000 items, ~70 ms
 * for Steam's long texts (less for short ones). A bigger one builds it in ~10 ms slices while the
 * worker answers by content alone: 100k Steam items take ~3.3 s in Node, their texts included (a
 * returning visit computes them lazily), and 36 MiB (bench/term-index.ts); a returning visit's
 * first answer (~0.7 s) must not wait for that. When such a build lands, `onBuilt` tells the
 * engine, which tells the page (`refresh`, reason `words`): lists shown meanwhile ranked by
 * content alone, and would now differ.
 */
import type { CatalogEntry } from '../catalog/index.ts';
import { type TermIndex, TermIndexBuilder } from '../recommend/index.ts';
import { runSliced } from '../vector-index/slices.ts';

/** Catalogs up to this size build the index in one go on first use. */
export const SYNC_TERMS = 2000;
/** Entries added per step of a sliced build (~35 us each for Steam items, the text rule included). */
const TERM_STEP = 200;

type Entries = ReadonlyMap<string, CatalogEntry>;

function* termSteps(entries: Entries, builder: TermIndexBuilder): Generator<void, void> {
  let n = 0;
  for (const e of entries.values()) {
    builder.add(e.key, e.text);
    if (++n % TERM_STEP === 0) yield;
  }
}

/**
 * One catalog's term index, built on demand. A build that fails (a lazily read item text whose
 * storage failed, memory) is not retried for the same entries: rankings use content alone, as
 * before word overlap existed, and the next catalog gets a new try.
 */
export class CatalogTerms {
  private built: { entries: Entries; index: TermIndex | undefined } | undefined;
  private building: { entries: Entries; done: Promise<TermIndex | undefined>; abort: AbortController } | undefined;

  /** `onBuilt`: called when a background build lands an index (never for one built at once, a failed or a replaced build). */
  constructor(private readonly onBuilt: () => void = () => {}) {}

  /**
   * The index of `entries` when it is built. Otherwise starts building it and returns undefined,
   * unless the catalog is small enough to build at once (`SYNC_TERMS`).
   */
  get(entries: Entries): TermIndex | undefined {
    if (this.built?.entries === entries) return this.built.index;
    if (entries.size > SYNC_TERMS) {
      void this.whenBuilt(entries);
      return undefined;
    }
    this.stopBuilding();
    let index: TermIndex | undefined;
    try {
      const builder = new TermIndexBuilder();
      for (const e of entries.values()) builder.add(e.key, e.text);
      index = builder.finish();
    } catch {
      index = undefined;
    }
    this.built = { entries, index };
    return index;
  }

  /**
   * Resolves with the index of `entries` once built, undefined when the build failed or other
   * entries replaced them meanwhile (their build stops at its next slice).
   */
  whenBuilt(entries: Entries): Promise<TermIndex | undefined> {
    if (this.built?.entries === entries) return Promise.resolve(this.built.index);
    if (this.building?.entries !== entries) {
      this.stopBuilding();
      const builder = new TermIndexBuilder();
      const abort = new AbortController();
      // The last step, assembling the flat arrays, is one block: ~0.3 s at 100k Steam items.
      const done = runSliced(termSteps(entries, builder), { signal: abort.signal })
        .then(() => builder.finish())
        .catch(() => undefined)
        .then((index) => {
          if (this.building?.entries !== entries) return undefined;
          this.built = { entries, index };
          this.building = undefined;
          if (index) this.onBuilt();
          return index;
        });
      this.building = { entries, done, abort };
    }
    return this.building.done;
  }

  private stopBuilding(): void {
    this.building?.abort.abort();
    this.building = undefined;
  }
}
