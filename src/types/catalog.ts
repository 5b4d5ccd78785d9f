/** The catalog as a site gives it, and what validation makes of it. */
import type { ErrorCode } from '../errors.ts';

/**
 * One item of a site's catalog, as the site gives it. Only `id` is required; every other attribute
 * (`title`, `description`, `category`, `brand`, `price`, `url`, `image`, `tags`, nested objects...)
 * is optional and free-form. A few known fields are type-checked when the catalog is validated.
 */
export type CatalogItem = { id: string | number; [field: string]: unknown };

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
  /** Every problem found, in input order; an item can have more than one (but see `unlisted`). */
  problems: CatalogProblem[];
  /**
   * Problems found beyond those in `problems`. Only `status()` (and so `ready`) leaves any out: it
   * lists the first 20. The `report` event and `update()` carry every one.
   */
  unlisted?: number;
}

/** How an item becomes the text the encoder embeds. Every option is optional; see `DEFAULT_TEXT_RULE`. */
export interface TextRule {
  /** Top-level fields used first, in this order, as bare values (no `key:` prefix). */
  fields?: readonly string[];
  /** Also add every other field as `key: value` (default `true`). */
  flattenOthers?: boolean;
  /** Fields never used: top-level names (`'sku'`) or dotted paths into nested objects (`'specs.ean'`). */
  exclude?: readonly string[];
  /** Maximum length of the text in characters (UTF-16 code units), default 1,000. */
  maxLength?: number;
}
