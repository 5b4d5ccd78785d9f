/**
 * The first-visit fast path for prebuilt vectors. Validating a big catalog costs most of a first
 * visit: for the 32k-item Steam catalog the text rule and the content hash of every item took
 * ~0.8 s of the worker's ~1.8 s before its first answer. When the artifact's manifest records the
 * SHA-256 of the exact catalog bytes it was built from (`catalog.sha256`), and this page fetched
 * bytes with that digest under the same model key and text-rule fingerprint, the browser would
 * compute the same texts and hashes the CLI did: so each item takes its content hash from the
 * artifact by key, its text is computed only if something reads it, and the vectors are adopted
 * and answer queries at once.
 *
 * Trust is then checked, not assumed: `verifyTrusted` runs after the first answers (yielding to
 * queries) and computes every item's real text and hash. An item whose hash differs (a library
 * whose text rule changed in a way the fingerprint's probe items miss) loses its vector and is
 * embedded like any changed item, so no stale vector outlives the check. Anything else -- no
 * digest in the manifest, another digest, another rule, an artifact that failed, a catalog given
 * as an array, a visit that already knows items -- takes the ordinary path (full validation first).
 */

import type { HashLookup } from '../../artifact/index.ts';
import { ByteItems, type JsonElement } from '../../catalog/byte-items.ts';
import { contentHashNow } from '../../catalog/hash.ts';
import {
  type CatalogEntry,
  hashTexts,
  mergeProblems,
  noTextProblem,
  type ResolvedTextRule,
  type ScreenedItem,
  screenCatalog,
  textWithRule,
} from '../../catalog/index.ts';
import { quickScreen } from '../../catalog/quick-screen.ts';
import { collectGarbage, collectionStride } from '../../memory/collect-garbage.ts';
import { checkModelKey } from '../../model-key.ts';
import type { CatalogItem, CatalogProblem, CatalogReport } from '../../types/index.ts';
import { nextTask } from '../../vector-index/slices.ts';

/**
 * Items checked between yields (~30-120 ms at Steam's sizes, by machine). Every other task of the
 * worker waits for a slice to end: queries, and the snapshot's IndexedDB requests, which are
 * written and read back beside the check (early-snapshot.ts). Until stop 76 the fetched body went
 * only once they were done: with 2,000 items per slice a 100k first visit held its 71 MB body for
 * ~5 s of a ~9 s check, its peak; with 500, ~1.5 s. (It now goes before the write.)
 */
const TEXTS_PER_SLICE = 500;

/**
 * Slices between requests for a full GC (memory/collect-garbage.ts): 4,000 items, ~25 MB of Steam's
 * garbage, or more on a catalog with more than `COLLECTIONS_PER_PASS` such runs (`collectionStride`).
 */
const SLICES_PER_COLLECTION = 8;

/** Entries whose hashes came from the artifact, and how to check them once queries are answered. */
export interface TrustedCatalog {
  entries: CatalogEntry[];
  /**
   * Computes every entry's real text and hash (see `verifyTrusted`), handing each text to `words`
   * too; leaves room between slices for `writing` while it runs (see `verifyTrusted`).
   */
  verify(words?: TextSink, writing?: Promise<unknown>): Promise<VerifiedCatalog>;
}

/**
 * Takes each item's real text as the check computes it, with the item (the word-overlap builder,
 * which reads its name and labels: one text rule run, not two).
 */
export interface TextSink {
  add(key: string, text: string, item: CatalogItem): void;
}

/** What the check found: the entries with their real hashes and texts, and the catalog's report. */
export interface VerifiedCatalog {
  entries: CatalogEntry[];
  /** Entries (as verified) whose real hash differs from the artifact's: their adopted vectors are stale. */
  stale: CatalogEntry[];
  report: CatalogReport;
}

/**
 * Screens `raw` as validation does and builds entries whose hashes come from `artifactHashes`
 * (key -> content hash); items the artifact lacks get their real text and hash now. `rule` and
 * `modelKey` are this page's (the caller has checked that the artifact's fingerprint matches).
 */
export async function trustedEntries(
  raw: readonly unknown[] | ByteItems,
  artifactHashes: HashLookup,
  rule: ResolvedTextRule,
  modelKey: string,
): Promise<TrustedCatalog> {
  // Bytes the build read: ids from each element's first bytes, field checks during the check below.
  const quick = raw instanceof ByteItems ? quickScreen(raw) : undefined;
  const screened = quick ?? screenCatalog(raw);
  const deferred = quick?.fieldProblems;
  // A catalog held as bytes keeps no text either: each read computes it (keyword and word-overlap
  // builds and the check below read every item's once), so no 24 MB of Steam texts outlive them.
  const keepTexts = !(raw instanceof ByteItems);
  const lacking = screened.kept.filter((s) => !artifactHashes.has(s.key));
  const lackingTexts = lacking.map((s) => textWithRule(s.item, rule));
  const lackingHashes = await hashTexts(lackingTexts, modelKey);
  const real = new Map(lacking.map((s, i) => [s.key, { text: lackingTexts[i]!, hash: lackingHashes[i]! }]));
  const entries = screened.kept.map((s): CatalogEntry => {
    const known = real.get(s.key);
    if (!known) return new TrustedEntry(s, artifactHashes.get(s.key)!, rule, keepTexts);
    return keepTexts ? { key: s.key, item: s.item, ...known } : new TrustedEntry(s, known.hash, rule, false);
  });
  return {
    entries,
    verify: (words, writing) =>
      verifyTrusted(
        screened.kept,
        entries,
        screened.problems,
        raw.length,
        modelKey,
        keepTexts ? undefined : rule,
        words,
        deferred,
        (read) => (raw instanceof ByteItems ? raw.scan(read) : read()),
        writing,
      ),
  };
}

/**
 * An entry whose text is computed on first read: before the check, nothing on the way to the first
 * answer reads it (ranking uses vectors and items), and whatever does read it gets the real text.
 * A class rather than a closure per item (32k of them on the critical path); entries are never
 * spread or cloned, which would drop a prototype getter.
 */
class TrustedEntry implements CatalogEntry {
  readonly key: string;
  private computed: string | undefined;

  constructor(
    private readonly screened: ScreenedItem,
    readonly hash: string,
    private readonly rule: ResolvedTextRule,
    private readonly keepText: boolean,
  ) {
    this.key = screened.key;
  }

  get item(): CatalogItem {
    return this.screened.item;
  }

  element(): JsonElement | undefined {
    return this.screened.element?.();
  }

  place(): JsonElement | undefined {
    return this.screened.place?.() ?? this.screened.element?.();
  }

  get text(): string {
    if (!this.keepText) return textWithRule(this.item, this.rule);
    this.computed ??= textWithRule(this.item, this.rule);
    return this.computed;
  }
}

/**
 * The real text and content hash of every item, computed in slices with yields between them so
 * queries keep being answered; returns the entries as the ordinary path would have built them,
 * those whose hash differs from the trusted one, and the full report (with `ITEM_NO_TEXT`).
 * `scan` runs each slice: `ByteItems.scan` for a catalog held as bytes, so the pass keeps no
 * parsed item beyond the one it reads.
 */
export async function verifyTrusted(
  kept: readonly ScreenedItem[],
  trusted: readonly CatalogEntry[],
  screenedProblems: readonly CatalogProblem[],
  total: number,
  modelKey: string,
  lazyTexts?: ResolvedTextRule,
  words?: TextSink,
  deferred?: (s: ScreenedItem) => CatalogProblem[],
  scan: <T>(read: () => T) => T = (read) => read(),
  writing?: Promise<unknown>,
): Promise<VerifiedCatalog> {
  // The queries that waited for the first vectors are answered before the check takes the thread.
  await new Promise((ok) => setTimeout(ok, 0));
  const texts = new Array<string>(kept.length);
  const hashes = new Array<string>(kept.length);
  const noText: CatalogProblem[] = [];
  const fieldProblems: CatalogProblem[] = [];
  checkModelKey(modelKey, 'verifyTrusted');
  const slice = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const entry = trusted[i]!;
      // Read once and handed on, held by nothing but this loop: screening's deferred field checks
      // run on this first read (quick-screen.ts), so the item comes without its faulty fields.
      const item = entry.item;
      if (deferred) fieldProblems.push(...deferred(kept[i]!));
      // Held as bytes, the text is made from the item just read (the entry's getter would read it
      // again); held as parsed items, the entry's own text is reused, not computed again.
      const text = lazyTexts ? textWithRule(item, lazyTexts) : entry.text;
      if (text === '') noText.push(noTextProblem(kept[i]!.index, kept[i]!.key));
      // Hashed at once, not a slice later: a text held across young-generation GCs is copied and
      // promoted, and grows the worker's heap for good (first-visit-memory.md).
      // The usual result is the hash the item was trusted with: that string is kept, and the new
      // one dies young (32k hashes held twice grew the young generation: first-visit-memory.md).
      const hash = contentHashNow(text, modelKey);
      hashes[i] = hash === entry.hash ? entry.hash : hash;
      if (words) words.add(kept[i]!.key, text, item);
      if (!lazyTexts) texts[i] = text;
    }
  };
  // Between slices: while `writing` runs (the snapshot's write, after which the browser keeps its
  // parts on disk rather than in memory), a timer, whose 4 ms of idle leave this core to IndexedDB;
  // then a message task, which has no such wait (4 ms over a 100k check's 200 slices is 0.8 s). With
  // message tasks throughout, the write ended 1.9-2.1 s into a 100k check on a two-core machine;
  // with timers, 1.0-1.5 s.
  let written = writing === undefined;
  writing?.then(
    () => (written = true),
    () => (written = true),
  );
  const stride = collectionStride(Math.ceil(kept.length / TEXTS_PER_SLICE), SLICES_PER_COLLECTION);
  for (let from = 0, n = 0; from < kept.length; from += TEXTS_PER_SLICE, n++) {
    if (from > 0) await (written ? nextTask() : new Promise((ok) => setTimeout(ok, 0)));
    // What the first answers and the slices before left behind, before it fills the old generation.
    if (n % stride === 0) collectGarbage();
    const to = Math.min(kept.length, from + TEXTS_PER_SLICE);
    scan(() => slice(from, to));
  }
  const entries: CatalogEntry[] = [];
  const stale: CatalogEntry[] = [];
  kept.forEach((s, i) => {
    // An entry whose hash held is the trusted one as it was (the same item, rule and hash): kept,
    // not made again, so the check leaves 32k fewer objects behind (first-visit-memory.md).
    const same = lazyTexts !== undefined && trusted[i] instanceof TrustedEntry && hashes[i] === trusted[i].hash;
    const entry: CatalogEntry = same
      ? trusted[i]!
      : lazyTexts
        ? new TrustedEntry(s, hashes[i]!, lazyTexts, false)
        : { key: s.key, item: s.item, text: texts[i]!, hash: hashes[i]! };
    entries.push(entry);
    if (entry.hash !== trusted[i]!.hash) stale.push(entry);
  });
  const problems = mergeProblems(screenedProblems, [...fieldProblems, ...noText]);
  return { entries, stale, report: { total, valid: entries.length, skipped: total - entries.length, problems } };
}
