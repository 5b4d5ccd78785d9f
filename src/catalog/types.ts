import type { CatalogItem } from '../types/index.ts';
import type { JsonElement } from './byte-items.ts';

/** A validated item, ready to be embedded. */
export interface CatalogEntry {
  /** `String(item.id)`: the item's identity everywhere else in the library (7 and "7" are the same item). */
  key: string;
  /** The item as given (the same object reference, not a copy). */
  item: CatalogItem;
  /** The text to embed, built by the text rule; `''` when the item has none (see `ITEM_NO_TEXT`). */
  text: string;
  /** Content hash of `text` for the model in use: equal hashes mean the stored vector is still good. */
  hash: string;
  /** Where the item's JSON lies, when the entry keeps its catalog as bytes (see `StoredEntry.element`). */
  element?(): JsonElement | undefined;
  /** `element` without running deferred field checks (see `StoredEntry.place`). */
  place?(): JsonElement | undefined;
}
