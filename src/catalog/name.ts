/**
 * An item's own name: what word overlap's described view counts less (src/recommend/overlap-terms.ts),
 * so that "similar items" match on what an item is, not on the words of its name.
 */

import { capLength, cleanText } from './clean.ts';
import type { CatalogEntry } from './types.ts';

/** Fields that name an item, in the order the default text rule and keyword search read them. */
export const NAME_FIELDS: readonly string[] = Object.freeze(['title', 'name']);

/** Longest name read (a name is a few words; a hostile 1 MB title is not cleaned whole). */
const NAME_MAX = 1000;

/**
 * What the name readers read of an item: its fields by name. A whole `CatalogItem` is one; so is
 * the small record of its name fields alone (`NameColumn.get`), which a big catalog keeps in memory
 * when its items live on disk (catalog/byte-items.ts).
 */
export type NamedItem = Readonly<Record<string, unknown>>;

/** `item[field]` as a name column keeps it: a string cut to `NAME_MAX` characters, else undefined. */
export function nameField(item: NamedItem, field: string): string | undefined {
  const value = item[field];
  return typeof value === 'string' ? capLength(value, NAME_MAX) : undefined;
}

/** The name fields of an item without any. */
export const NO_NAMES: NamedItem = Object.freeze({});

/**
 * The item's name as the text rule writes it: its first non-blank `title` or `name` string, with
 * HTML stripped and entities decoded (`cleanText`), so it matches the words of the item's text;
 * undefined when it has none.
 */
export function itemName(item: NamedItem): string | undefined {
  for (const field of NAME_FIELDS) {
    const value = item[field];
    if (typeof value !== 'string') continue;
    const name = cleanText(capLength(value, NAME_MAX));
    if (name) return name;
  }
  return undefined;
}

/** An entry as name readers read it: its item, or its names alone where its catalog keeps them. */
export type NamedEntry = Pick<CatalogEntry, 'item' | 'place'>;

/**
 * The name fields of a catalog entry: from its catalog's names column when it keeps one (a big
 * first visit's items, once on disk: `ByteItems.named`), else its item. Product lines read them for
 * every candidate of a list, ~50 per `similar()`, where reading each item from disk costs ~0.3 ms.
 */
export function entryNames(entry: NamedEntry): NamedItem {
  const at = entry.place?.();
  return at?.items.named(at.index) ?? entry.item;
}

/** `entryNames` of each key's entry in `entries`; undefined for a key not there. */
export function entryNamesOf(entries: ReadonlyMap<string, NamedEntry>): (key: string) => NamedItem | undefined {
  return (key) => {
    const entry = entries.get(key);
    return entry && entryNames(entry);
  };
}
