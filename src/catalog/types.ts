import type { ErrorCode } from '../errors.ts';

/**
 * One item of a site's catalog, as the site gives it. Only `id` is required; every other attribute
 * (`title`, `description`, `category`, `brand`, `price`, `url`, `image`, `tags`, nested objects...)
 * is optional and free-form. A few known fields are type-checked by `validateCatalog`.
 */
export type CatalogItem = { id: string | number; [field: string]: unknown };

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
}

/** `'error'`: the item was skipped. `'warning'`: the item was kept, but something about it is off. */
export type ProblemSeverity = 'error' | 'warning';

/** One thing wrong with one input item. */
export interface CatalogProblem {
  /** 0-based position of the item in the input (for JSON Lines sources, the line is in the message). */
  index: number;
  /** `String(id)` when the item has a usable id. */
  id?: string;
  /** The field at fault (`'id'`, `'price'`...); `''` when the problem is the whole item. */
  field: string;
  code: ErrorCode;
  severity: ProblemSeverity;
  /** Names the item (by id when it has one, else by position) and the field, e.g.
   * `item "42" (position 17): field "price" must be a number, got string "abc"`. */
  message: string;
}

/** What validation made of a catalog. `total === valid + skipped`. */
export interface CatalogReport {
  /** Number of input items. */
  total: number;
  /** Number of items kept (including those with warnings). */
  valid: number;
  /** Number of items dropped because of an error. */
  skipped: number;
  /** Every problem found, in input order; an item can have more than one. */
  problems: CatalogProblem[];
}
