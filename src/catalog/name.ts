/**
 * An item's own name: what word overlap's described view counts less (src/recommend/overlap-terms.ts),
 * so that "similar items" match on what an item is, not on the words of its name.
 */
import type { CatalogItem } from '../types/index.ts';
import { capLength, cleanText } from './clean.ts';

/** Fields that name an item, in the order the default text rule and keyword search read them. */
export const NAME_FIELDS: readonly string[] = Object.freeze(['title', 'name']);

/** Longest name read (a name is a few words; a hostile 1 MB title is not cleaned whole). */
const NAME_MAX = 1000;

/**
 * The item's name as the text rule writes it: its first non-blank `title` or `name` string, with
 * HTML stripped and entities decoded (`cleanText`), so it matches the words of the item's text;
 * undefined when it has none.
 */
export function itemName(item: CatalogItem): string | undefined {
  for (const field of NAME_FIELDS) {
    const value = item[field];
    if (typeof value !== 'string') continue;
    const name = cleanText(capLength(value, NAME_MAX));
    if (name) return name;
  }
  return undefined;
}
