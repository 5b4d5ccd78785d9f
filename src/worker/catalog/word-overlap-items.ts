/**
 * How catalog items go into the word-overlap builder (catalog-word-overlap.ts): each item's text,
 * its own name and the labels of its list fields (`itemFacets` under the page's text rule), from
 * the entries in slices, or from the trust check as it computes each text.
 */
import { type CatalogEntry, itemFacets, itemName, type ResolvedTextRule } from '../../catalog/index.ts';
import { type WordOverlapIndex, WordOverlapIndexBuilder } from '../../recommend/index.ts';
import type { CatalogItem } from '../../types/index.ts';

/** Entries added per step of a sliced build (~35 us each for Steam items, the text rule included). */
const TERM_STEP = 200;

type Entries = ReadonlyMap<string, CatalogEntry>;

/** Adds one item to `builder`: its text, its name and the labels of its list fields (`itemFacets` under `rule`). */
export function addItem(builder: WordOverlapIndexBuilder, rule: ResolvedTextRule, key: string, text: string, item: CatalogItem): void {
  builder.add(key, text, itemName(item), itemFacets(item, rule));
}

/** Adds every entry to `builder`, yielding every `TERM_STEP` entries (a sliced build). */
export function* termSteps(entries: Entries, builder: WordOverlapIndexBuilder, rule: ResolvedTextRule): Generator<void, void> {
  let n = 0;
  for (const e of entries.values()) {
    addItem(builder, rule, e.key, e.text, e.item);
    if (++n % TERM_STEP === 0) yield;
  }
}

/**
 * The index a first visit's trust check builds from the texts it computes anyway
 * (trusted-catalog.ts), with the entries it was built for; undefined when the check failed.
 */
export type CheckedWords = Promise<{ entries: Entries; index: WordOverlapIndex } | undefined>;

/**
 * A builder for the trust check to fill (`sink`: each item's text as the check computes it, under
 * the page's text `rule`), and how to hand its index over (`CatalogWordOverlap.restore`'s `fromCheck`).
 */
export function wordsFromCheck(rule: ResolvedTextRule): {
  builder: WordOverlapIndexBuilder;
  sink: { add(key: string, text: string, item: CatalogItem): void };
  index: CheckedWords;
  give: (built: Awaited<CheckedWords>) => void;
} {
  let give: (built: Awaited<CheckedWords>) => void = () => {};
  const index: CheckedWords = new Promise((ok) => {
    give = ok;
  });
  const builder = new WordOverlapIndexBuilder();
  return { builder, sink: { add: (key, text, item) => addItem(builder, rule, key, text, item) }, index, give };
}
