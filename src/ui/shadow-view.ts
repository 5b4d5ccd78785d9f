/**
 * The element's shadow DOM frame: heading, search form, status line (a polite live region that is
 * visually hidden when it has nothing to say), card list and empty text, and how a list snapshot
 * shows in it: placeholder cards before the first results, the progress bar only while the
 * catalog embeds, and the empty text never under an "unavailable" status.
 */

import { DEFAULT_K } from '../types/index.ts';
import { type Layout, readLayout } from './attributes.ts';
import { buildSkeleton, el } from './card.ts';
import type { ListSnapshot } from './controller.ts';
import { headingKey, modeOf, WIDGET_MODES, type WidgetMode, widgetMode } from './modes.ts';
import { readK } from './option-values.ts';
import type { MessageVars, StringKey } from './strings.ts';

/** Placeholder cards shown before the first results (at most this many). */
const MAX_SKELETONS = 8;

/** What the frame shows besides the snapshot. */
export interface FrameOptions {
  heading: string;
  layout: Layout;
  /** The search form is shown (search mode). */
  search: boolean;
  query: string;
  emptyKey: StringKey;
  /** Placeholder cards to show while the first results load. */
  skeletons: number;
  t: (key: StringKey, vars?: MessageVars) => string;
}

/**
 * The frame options of element `el` (from its attributes), with its string lookup `t`, for a list
 * showing `recs` (the default heading depends on them: see `headingKey`).
 */
export function frameOptions(
  el: Element,
  t: FrameOptions['t'],
  recs?: ListSnapshot['recs'],
  modes: Readonly<Record<string, WidgetMode>> = WIDGET_MODES,
): FrameOptions {
  const mode = modeOf(el.getAttribute('mode'), modes);
  const spec = widgetMode(mode, modes);
  const query = el.getAttribute('query') ?? '';
  return {
    heading: el.getAttribute('heading') ?? t(headingKey(mode, recs, modes)),
    layout: readLayout(el.getAttribute('layout')),
    search: spec.searchForm,
    query,
    emptyKey: spec.emptyText({ itemId: el.getAttribute('item-id'), query }),
    // An unusable k shows no results (the list reports it); its placeholders count as the default.
    skeletons: Math.min(readK(el.getAttribute('k')).value ?? DEFAULT_K, MAX_SKELETONS),
    t,
  };
}

/** The frame's nodes. */
export class ShadowView {
  readonly section = el('section', 'container', { 'aria-labelledby': 'heading' });
  readonly heading = el('h2', 'heading', { id: 'heading', tabindex: '-1' });
  readonly form = el('form', 'search', { role: 'search' });
  readonly input = el('input', 'search-input', { type: 'search' });
  readonly button = el('button', 'search-button', { type: 'submit' });
  readonly status = el('div', 'status', { role: 'status', 'aria-live': 'polite', 'data-empty': '' });
  readonly statusText = el('span', 'status-text');
  readonly progress = el('progress', 'progress', { max: '1' });
  readonly list = el('ul', 'list', { role: 'list' });
  readonly empty = el('p', 'empty');

  /**
   * @param onSearch the visitor submitted a query
   * @param onSearchFocus the search input got focus: a query is coming (the element prepares search)
   */
  constructor(
    private readonly root: ShadowRoot,
    onSearch: (query: string) => void,
    onSearchFocus: () => void,
  ) {
    this.section.classList.add('inpage-rec');
    this.form.append(this.input, this.button);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      onSearch(this.input.value);
    });
    this.input.addEventListener('focus', onSearchFocus);
    this.status.append(this.statusText, this.progress);
    this.section.append(this.heading, this.form, this.status, this.list, this.empty);
    root.append(this.section);
  }

  /** Shows `snapshot`; `renderCards` fills the list when there are results. */
  render({ recs, status }: ListSnapshot, o: FrameOptions, renderCards: (recs: NonNullable<ListSnapshot['recs']>) => void): void {
    this.heading.textContent = o.heading;
    this.section.dataset.layout = o.layout;
    this.section.setAttribute('aria-busy', String(status.busy));
    this.form.hidden = !o.search;
    this.input.setAttribute('aria-label', o.t('search.label'));
    this.input.placeholder = o.t('search.placeholder');
    this.button.textContent = o.t('search.button');
    if (o.search && this.input.value !== o.query && this.root.activeElement !== this.input) this.input.value = o.query;
    const text = status.key ? o.t(status.key, status.vars) : '';
    if (this.statusText.textContent !== text) this.statusText.textContent = text;
    this.progress.hidden = status.progress === undefined;
    this.progress.setAttribute('aria-label', o.t('progress.label'));
    if (status.progress !== undefined) this.progress.value = status.progress;
    this.status.toggleAttribute('data-empty', !text && status.progress === undefined);
    this.status.dataset.tone = status.tone;
    if (recs) renderCards(recs);
    else {
      const count = status.busy ? o.skeletons : 0;
      if (this.list.querySelectorAll('.skeleton').length !== count || this.list.childElementCount !== count)
        this.list.replaceChildren(...Array.from({ length: count }, buildSkeleton));
    }
    this.list.hidden = this.list.childElementCount === 0;
    this.list.toggleAttribute('data-warming', recs?.some((x) => x.warming) ?? false);
    this.empty.hidden = !(recs?.length === 0 && status.key !== 'status.unavailable');
    this.empty.textContent = o.t(o.emptyKey);
  }
}
