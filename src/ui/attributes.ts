/**
 * Reading the element's options from its attributes (and the ids set through its `excludeIds`
 * property) into the list's input. The values are read by option-values.ts, which React shares:
 * one reading, with the same defaults, bounds and errors.
 */
import type { ListInput } from './list-types.ts';
import { modeOf, WIDGET_MODES, type WidgetMode } from './modes.ts';
import { checkIds, listOptions, readFilter, readIdList, readK, readUnit } from './option-values.ts';

/** How cards are laid out: a wrapping grid (default), or one row that scrolls sideways. */
export type Layout = 'grid' | 'carousel';

/** The attributes whose change the element handles (re-query, restyle or reconnect). */
export const OBSERVED_ATTRIBUTES: readonly string[] = [
  ...['mode', 'item-id', 'k', 'catalog', 'vectors', 'remote', 'filter', 'exclude-ids', 'diversity', 'min-score', 'allow-repeats'],
  ...['track-view', 'heading', 'query', 'currency', 'locale', 'layout', 'translations'],
];

/** The layout named by `value`; `grid` for anything else. */
export function readLayout(value: unknown): Layout {
  return value === 'carousel' ? 'carousel' : 'grid';
}

/**
 * The list input of an element, from its attributes plus `ownExcludeIds` (its `excludeIds`
 * property, unchecked: a page without types may set a string or null there), for the element's
 * mode table. Unusable values are named in `invalid`, attribute or property by name.
 */
export function readListInput(el: Element, ownExcludeIds?: unknown, modes: Readonly<Record<string, WidgetMode>> = WIDGET_MODES): ListInput {
  const options = listOptions({
    k: readK(el.getAttribute('k')),
    diversity: readUnit(el.getAttribute('diversity'), 'the diversity attribute'),
    minScore: readUnit(el.getAttribute('min-score'), 'the min-score attribute'),
    filter: readFilter(el.getAttribute('filter')),
    excludeIds: [readIdList(el.getAttribute('exclude-ids')), checkIds(ownExcludeIds, 'the excludeIds property')],
  });
  return {
    mode: modeOf(el.getAttribute('mode'), modes),
    itemId: el.getAttribute('item-id'),
    query: el.getAttribute('query'),
    ...options,
    ...(el.hasAttribute('allow-repeats') ? { allowRepeats: true } : {}),
    ...(el.hasAttribute('track-view') ? { trackView: true } : {}),
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
