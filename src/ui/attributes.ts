/**
 * Reading the widget's options from attribute text (the element) or props (React): one reading
 * for both, with the same defaults and bounds.
 */
import type { Filter } from '../types.ts';
import type { ListInput } from './list-types.ts';
import { modeOf } from './modes.ts';

/** How cards are laid out: a wrapping grid (default), or one row that scrolls sideways. */
export type Layout = 'grid' | 'carousel';

/** Default and largest number of cards. */
export const DEFAULT_K = 8;
const MAX_K = 100;

/** The number of cards: an integer in 1..100, default 8. */
export function readK(value: unknown): number {
  const n = Math.floor(Number(value));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_K) : DEFAULT_K;
}

/** The layout named by `value`; `grid` for anything else. */
export function readLayout(value: unknown): Layout {
  return value === 'carousel' ? 'carousel' : 'grid';
}

/**
 * Item ids from an attribute: a JSON array (`["sku-1", 42]`) or ids separated by commas or spaces
 * (`sku-1, sku-2`). Undefined when there are none.
 */
export function readIdList(value: string | null): (string | number)[] | undefined {
  if (!value?.trim()) return undefined;
  if (value.trim().startsWith('[')) {
    try {
      const list: unknown = JSON.parse(value);
      if (Array.isArray(list)) return list.filter((id): id is string | number => typeof id === 'string' || typeof id === 'number');
    } catch {
      // not JSON: read as a plain list below
    }
  }
  return value.split(/[\s,]+/).filter(Boolean);
}

/** A filter from attribute JSON, or the reason it is unusable. */
export function readFilter(value: string | null): { filter?: Filter; error?: string } {
  if (!value?.trim()) return {};
  try {
    const filter: unknown = JSON.parse(value);
    if (typeof filter === 'object' && filter !== null && !Array.isArray(filter)) return { filter: filter as Filter };
  } catch {
    // reported below
  }
  return { error: `the filter attribute must be a JSON object, e.g. {"category":"Tents"}; got ${JSON.stringify(value.slice(0, 80))}` };
}

/** The list input of an element, from its attributes (plus ids set through its `excludeIds` property). */
export function readListInput(el: Element, moreExcludeIds: readonly (string | number)[] = []): ListInput {
  const { filter, error } = readFilter(el.getAttribute('filter'));
  const excludeIds = [...(readIdList(el.getAttribute('exclude-ids')) ?? []), ...moreExcludeIds];
  return {
    mode: modeOf(el.getAttribute('mode')),
    itemId: el.getAttribute('item-id'),
    query: el.getAttribute('query'),
    k: readK(el.getAttribute('k') ?? undefined),
    ...(filter ? { filter } : {}),
    ...(excludeIds.length ? { excludeIds } : {}),
    ...(el.hasAttribute('allow-repeats') ? { allowRepeats: true } : {}),
    ...(el.hasAttribute('track-view') ? { trackView: true } : {}),
    ...(error ? { invalid: error } : {}),
  };
}

/**
 * Properties a page set on the element before it was defined are own properties that shadow the
 * class's accessors: take them off and set them again through the accessors.
 */
export function upgradeProperties<T extends object>(el: T, names: readonly (keyof T)[]): void {
  for (const name of names) {
    if (!Object.hasOwn(el, name)) continue;
    const value = el[name];
    delete el[name];
    el[name] = value;
  }
}
