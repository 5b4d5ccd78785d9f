/**
 * Items a page passes as an array travel to the worker by structured clone, which throws on a
 * function, a DOM node, a Symbol... for the whole call. `toCloneable` finds the items at fault and
 * puts a marker in their place, so one bad item costs that item (reported by `validateCatalog` as
 * `ITEM_NOT_CLONEABLE`), not the catalog.
 */
import { errorMessage } from '../errors.ts';
import { isRecord } from './text.ts';

/** Stands in for an item that cannot be structured-cloned. A plain object, so it clones. */
export interface UncloneableItem {
  readonly $inpageRecUncloneable: true;
  /** The item's id when it had a usable one. */
  readonly id?: string;
  /** What the browser said, e.g. `function () {} could not be cloned`. */
  readonly reason: string;
}

/** Whether `value` is the marker `toCloneable` puts in place of an item. */
export function isUncloneableItem(value: unknown): value is UncloneableItem {
  return isRecord(value) && value.$inpageRecUncloneable === true && typeof value.reason === 'string';
}

/** Whether `error` is the structured-clone failure of `postMessage`. */
export function isDataCloneError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'DataCloneError';
}

/**
 * `items` with every item that cannot be structured-cloned replaced by an `UncloneableItem`.
 * Items are checked one by one (call it after a whole-catalog clone has failed, not before).
 */
export function toCloneable(items: readonly unknown[]): unknown[] {
  return items.map((item) => {
    try {
      structuredClone(item);
      return item;
    } catch (err) {
      const id = isRecord(item) && (typeof item.id === 'string' || typeof item.id === 'number') ? String(item.id) : undefined;
      const reason = errorMessage(err);
      return id === undefined ? { $inpageRecUncloneable: true, reason } : { $inpageRecUncloneable: true, id, reason };
    }
  });
}
