/**
 * The catalog's word-overlap index (src/recommend/word-overlap.ts) in the worker: built when a
 * ranking first asks for it, from the entries' texts, and built anew for replaced entries.
 *
 * A small catalog builds it at once, so even its first answer uses it: up to 2,000 items, ~70 ms
 * for Steam's long texts (less for short ones). A bigger one builds it in ~10 ms slices while the
 * worker answers by content alone: 100k Steam items take ~3.3 s in Node, their texts included (a
 * returning visit computes them lazily), and 24 MiB (bench/word-overlap.ts); a returning visit's
 * first answer (~0.7 s) must not wait for that. When such a build lands, `onBuilt` tells the
 * engine, which tells the page (`refresh`, reason `words`): lists shown meanwhile ranked by
 * content alone, and would now differ.
 *
 * A big catalog's index is kept in storage once built, with the keys and content hashes it was
 * built from, and read back when the same entries return in any order (every page view of a shop
 * starts a new worker): `restore` starts that read as soon as the entries are known. Rankings do
 * not wait for it: it lands ~0.12 s (32k) to ~0.23 s (100k) after the first answer could be given,
 * and waiting measured a median first answer of 0.93 s against 0.68 s at 100k, over the 1 s goal
 * (bench/warm-start.ts). An answer given meanwhile is followed by `onBuilt`, as for a build.
 * Nothing is built unless a ranking asks: a page that only searches pays nothing.
 */
import { type CatalogEntry, type ResolvedTextRule, resolveTextRule } from '../../catalog/index.ts';
import { type SavedWordOverlapIndex, WordOverlapIndex, WordOverlapIndexBuilder } from '../../recommend/index.ts';
import { runSliced } from '../../vector-index/slices.ts';
import { addItem, type CheckedWords, termSteps } from './word-overlap-items.ts';

export { type CheckedWords, wordsFromCheck } from './word-overlap-items.ts';

/** Catalogs up to this size build the index in one go on first use (and are not stored). */
export const SYNC_WORD_OVERLAP = 2000;
type Entries = ReadonlyMap<string, CatalogEntry>;

/** A stored index and the content hash of each of its keys' entries, in order. */
export interface SavedWordOverlap extends SavedWordOverlapIndex {
  hashes: string[];
}

/**
 * Where a big catalog's index is kept between workers. A failing read costs a build; a failing write
 * (over quota) costs the next worker a build, and the store reports it (resilient-store.ts).
 */
export interface WordOverlapStorage {
  load(): Promise<unknown>;
  save(saved: SavedWordOverlap): Promise<void>;
  remove(): Promise<void>;
}

/**
 * The stored index when it was built from exactly `entries`' keys and texts. Their order does not
 * matter (a feed re-sorted by the shop ranks the same: scores differ by ~1e-16, ties go by key).
 */
function readSaved(saved: unknown, entries: Entries): WordOverlapIndex | undefined {
  const hashes = (saved as Partial<SavedWordOverlap> | undefined)?.hashes;
  if (!Array.isArray(hashes) || hashes.length !== entries.size) return undefined;
  const index = WordOverlapIndex.fromSaved(saved);
  if (!index || index.size !== entries.size) return undefined;
  const keys = (saved as SavedWordOverlap).keys;
  // The usual case, the same order, needs no map (~2 ms at 100k); a re-sorted feed builds one.
  let i = 0;
  let inOrder = true;
  for (const e of entries.values()) {
    if (keys[i] !== e.key || hashes[i] !== e.hash) {
      inOrder = false;
      break;
    }
    i++;
  }
  if (inOrder) return index;
  const hashOf = new Map(keys.map((key, k) => [key, hashes[k]]));
  for (const e of entries.values()) if (hashOf.get(e.key) !== e.hash) return undefined;
  return index;
}

/** Equal keys with equal content hashes: an index of one serves the other. */
function sameEntries(a: Entries, b: Entries): boolean {
  return a === b || (a.size === b.size && [...b.values()].every((e) => a.get(e.key)?.hash === e.hash));
}

/** Where the current index came from, when it was ready and (built ones) when it was stored. */
export interface WordOverlapLanded {
  from: 'storage' | 'built';
  at: number;
  savedAt?: number;
}

/** A background read-or-build for one set of entries. */
interface Pending {
  /** Whose index this is (`replace` may hand it equal entries). */
  entries: Entries;
  abort: AbortController;
  /** A ranking asked (and was answered without the index): the page hears when it lands. */
  asked: boolean;
  /** Lets a read that found nothing go on to build. */
  wake: () => void;
  done: Promise<WordOverlapIndex | undefined>;
}

/**
 * One catalog's term index, read back or built on demand. A build that fails (a lazily read item
 * text whose storage failed, memory) is not retried for the same entries: rankings use content
 * alone, as before word overlap existed, and the next catalog gets a new try.
 */
export class CatalogWordOverlap {
  private built: { entries: Entries; index: WordOverlapIndex | undefined } | undefined;
  private pending: Pending | undefined;
  /** Where the current index came from and when (`performance.now()`), for the engine's status. */
  private landed: WordOverlapLanded | undefined;
  private storageChecked = false;
  /** An index the trust check is building (see `restore`). */
  private fromCheck: CheckedWords | undefined;

  /**
   * `onBuilt`: called when a background read or build lands an index after a ranking asked for it
   * (never for one built at once, a failed or a replaced one). `storage`: where big catalogs'
   * indexes are kept (none: always built). `rule`: the page's text rule, whose list fields give each
   * item's labels (`itemFacets`).
   */
  constructor(
    private readonly onBuilt: () => void = () => {},
    private readonly storage?: WordOverlapStorage,
    private readonly rule: ResolvedTextRule = resolveTextRule(),
  ) {}

  /**
   * The index of `entries` when it is ready. Otherwise starts reading or building it and returns
   * undefined, unless the catalog is small enough to build at once (`SYNC_WORD_OVERLAP`).
   */
  get(entries: Entries): WordOverlapIndex | undefined {
    if (this.built?.entries === entries) return this.built.index;
    if (entries.size > SYNC_WORD_OVERLAP) {
      this.ask(entries);
      return undefined;
    }
    this.stopPending();
    let index: WordOverlapIndex | undefined;
    try {
      const builder = new WordOverlapIndexBuilder();
      for (const e of entries.values()) addItem(builder, this.rule, e.key, e.text, e.item);
      index = builder.finish();
    } catch {
      index = undefined;
    }
    this.built = { entries, index };
    this.landed = index && { from: 'built', at: performance.now() };
    return index;
  }

  /** Where the current index came from and when; undefined while there is none. */
  get status(): WordOverlapLanded | undefined {
    return this.built?.index ? this.landed : undefined;
  }

  /**
   * Starts reading the stored index of big `entries`, if any; builds only once a ranking asks
   * (`get`). `fromCheck`: the trust check will give the index (a first visit computes every text
   * for it): a build waits for that instead of computing every text a second time.
   */
  restore(entries: Entries, fromCheck?: CheckedWords): void {
    if (fromCheck) this.fromCheck = fromCheck;
    if (entries.size > SYNC_WORD_OVERLAP && this.built?.entries !== entries) this.start(entries);
  }

  /**
   * The entries were replaced by `entries`. An index read or built (or being so) for the same keys
   * and texts carries over: a returning visit sets the stored entries, then the fetched catalog's
   * equal ones. Anything else is dropped, its build stopped.
   */
  replace(entries: Entries): void {
    if (entries.size <= SYNC_WORD_OVERLAP) this.removeStored();
    if (this.built) this.built = sameEntries(this.built.entries, entries) ? { ...this.built, entries } : undefined;
    if (this.pending && sameEntries(this.pending.entries, entries)) this.pending.entries = entries;
    else this.stopPending();
  }

  /**
   * Resolves with the index of `entries` once read or built, undefined when the build failed or
   * other entries replaced them meanwhile (their build stops at its next slice).
   */
  whenBuilt(entries: Entries): Promise<WordOverlapIndex | undefined> {
    if (this.built?.entries === entries || entries.size <= SYNC_WORD_OVERLAP) return Promise.resolve(this.get(entries));
    return this.ask(entries).done;
  }

  private ask(entries: Entries): Pending {
    const p = this.start(entries);
    p.asked = true;
    p.wake();
    return p;
  }

  private start(entries: Entries): Pending {
    if (this.pending?.entries === entries) return this.pending;
    this.stopPending();
    const abort = new AbortController();
    let wake = () => {};
    const woken = new Promise<void>((ok) => {
      wake = ok;
      abort.signal.addEventListener('abort', () => ok());
    });
    const p: Pending = { entries, abort, asked: false, wake, done: Promise.resolve(undefined) };
    this.pending = p;
    p.done = this.run(p, woken);
    return p;
  }

  private async run(p: Pending, woken: Promise<void>): Promise<WordOverlapIndex | undefined> {
    let index = await this.load(p.entries);
    const read = index !== undefined;
    if (!read && this.fromCheck) {
      const given = await this.fromCheck;
      if (given && sameEntries(given.entries, p.entries)) index = given.index;
    }
    if (!index) {
      await woken;
      if (p.abort.signal.aborted) return undefined;
      const builder = new WordOverlapIndexBuilder();
      // The last step, assembling the flat arrays, is one block: ~0.3 s at 100k Steam items.
      index = await runSliced(termSteps(p.entries, builder, this.rule), { signal: p.abort.signal })
        .then(() => builder.finish())
        .catch(() => undefined);
    }
    if (this.pending !== p) return undefined;
    this.built = { entries: p.entries, index };
    this.pending = undefined;
    if (index) this.landed = { from: read ? 'storage' : 'built', at: performance.now() };
    if (index && p.asked) this.onBuilt();
    if (index && !read) this.save(p.entries, index);
    return index;
  }

  private async load(entries: Entries): Promise<WordOverlapIndex | undefined> {
    if (!this.storage) return undefined;
    try {
      return readSaved(await this.storage.load(), entries);
    } catch {
      return undefined;
    }
  }

  private save(entries: Entries, index: WordOverlapIndex): void {
    if (!this.storage) return;
    const hashes = Array.from(entries.values(), (e) => e.hash);
    const landed = this.landed;
    this.storage
      .save({ ...index.toSaved(), hashes })
      .then(() => {
        if (landed) landed.savedAt = performance.now();
      })
      .catch(() => undefined);
  }

  /**
   * A catalog that shrank to a size never stored leaves its old index in storage (up to ~40 MiB at
   * 100k items): removed here. One read per worker, of a missing key on every later page view.
   */
  private removeStored(): void {
    if (!this.storage || this.storageChecked) return;
    this.storageChecked = true;
    const storage = this.storage;
    storage
      .load()
      .then((saved) => (saved === undefined ? undefined : storage.remove()))
      .catch(() => undefined);
  }

  private stopPending(): void {
    this.pending?.abort.abort();
    this.pending = undefined;
  }
}
