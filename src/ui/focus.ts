/**
 * Keeps keyboard focus where the visitor expects it when a list changes under it. After a dismiss
 * focus moves to the next card (else the previous, else the list's heading); after a refetch that
 * replaced or dropped the focused card it goes to the same item's card, else the card now at the
 * same position. Shared by the element (shadow root) and the React component (document).
 */

/** Where focus was inside a list: the card's item id, which control, and its position. */
export interface FocusMark {
  id: string | null;
  part: 'card' | 'dismiss';
  index: number;
}

const CARD_SELECTOR = 'a.inpage-rec-card';
const DISMISS_SELECTOR = '.inpage-rec-dismiss';

function cards(list: Element): Element[] {
  return Array.from(list.children).filter((li) => li.hasAttribute('data-id'));
}

/** The focus mark of `active` when it is inside `list`, else undefined. */
export function markOf(active: Element | null, list: Element): FocusMark | undefined {
  if (!active || !list.contains(active)) return undefined;
  const li = cards(list).find((c) => c.contains(active));
  if (!li) return undefined;
  return { id: li.getAttribute('data-id'), part: active.matches(DISMISS_SELECTOR) ? 'dismiss' : 'card', index: cards(list).indexOf(li) };
}

/** The mark of the card focus should move to when `li` goes away: the next card, else the previous. */
export function neighbourMark(li: Element, list: Element): FocusMark | undefined {
  const all = cards(list);
  const at = all.indexOf(li);
  const next = all[at + 1] ?? all[at - 1];
  return next ? { id: next.getAttribute('data-id'), part: 'card', index: all.indexOf(next) } : undefined;
}

/** The control of `li` to focus for `part`: its link (cards without a link: their dismiss button). */
function control(li: Element, part: FocusMark['part']): HTMLElement | null {
  const link = li.querySelector<HTMLElement>(CARD_SELECTOR);
  const dismiss = li.querySelector<HTMLElement>(DISMISS_SELECTOR);
  return part === 'dismiss' ? (dismiss ?? link) : (link ?? dismiss);
}

/** Focuses the card `mark` names (by id, else by position), else `heading`. */
export function restoreFocus(list: Element, mark: FocusMark | undefined, heading: HTMLElement): void {
  const all = cards(list);
  const li =
    (mark && all.find((c) => c.getAttribute('data-id') === mark.id)) ??
    (mark && all.length ? all[Math.min(mark.index, all.length - 1)] : undefined);
  const target = li ? control(li, mark?.part ?? 'card') : null;
  (target ?? heading).focus({ preventScroll: !!target && isVisibleIn(target) });
}

function isVisibleIn(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= (globalThis.innerHeight ?? r.bottom);
}

/**
 * Runs `render`, then puts focus back if it was inside `list` and the render lost it (the focused
 * card was replaced or dropped).
 */
export function keepFocus(root: DocumentOrShadowRoot, list: Element, heading: HTMLElement, render: () => void): void {
  const active = root.activeElement;
  const mark = markOf(active, list);
  render();
  if (!mark || (active?.isConnected && root.activeElement === active)) return;
  if (active?.isConnected && list.contains(active)) (active as HTMLElement).focus({ preventScroll: true });
  else restoreFocus(list, mark, heading);
}
