/**
 * An item's facets: the labels in its list fields (`tags: ["Open World", "Crafting"]`,
 * `genres: [...]`), each one whole. "Similar items" read them as what an item is: word overlap's
 * described view counts each label as one term (src/recommend/word-overlap-builder.ts), so
 * "Open World" matches "Open World", not any text holding "open" and "world", and a game's
 * developer or a film's title words weigh less beside them.
 *
 * Which fields: every list the text rule embeds (its `fields`, then, when it flattens the rest, any
 * top-level field it writes), never an excluded or identifier field. The library does not know
 * which lists a catalog has; any list of short strings is read, and IDF weighs a label every item
 * carries ("Single-player") to nearly nothing. Chosen on the validation half of the substitute
 * truths (docs/quality.md, "Similar reads an item's labels").
 */
import type { CatalogItem } from '../types/index.ts';
import { capLength, cleanText } from './clean.ts';
import { isIdentifierKey, type ResolvedTextRule } from './text.ts';

/** Most labels read per item (Steam's games carry up to 20 tags, 5 genres and 10 features). */
export const MAX_FACETS = 32;
/** Longest label in characters: a longer string in a list is prose (a review, a bullet), not a label. */
export const FACET_MAX_LENGTH = 48;

/** The item's labels, in field order, as cleaned text (HTML stripped, entities decoded); duplicates kept. */
export function itemFacets(item: CatalogItem, rule: ResolvedTextRule): string[] {
  const out: string[] = [];
  const read = (value: unknown) => {
    if (!Array.isArray(value)) return;
    for (const v of value) {
      if (out.length >= MAX_FACETS) return;
      if (typeof v !== 'string') continue;
      const label = cleanText(capLength(v, 4 * FACET_MAX_LENGTH));
      if (label && label.length <= FACET_MAX_LENGTH) out.push(label);
    }
  };
  for (const field of rule.fields) read(item[field]);
  if (!rule.flattenOthers) return out;
  for (const key in item) {
    // The cheap test first: most fields are no list (a 32k catalog asks ~400k times).
    if (Array.isArray(item[key]) && Object.hasOwn(item, key) && !rule.skipTop.has(key) && !isIdentifierKey(key) && !rule.exclude.has(key))
      read(item[key]);
  }
  return out;
}
