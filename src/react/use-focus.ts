/**
 * Keyboard focus for the React component, with the element's rules (ui/focus.ts): after a
 * dismissal focus moves to the next card (else the previous, else the heading); after a refetch
 * that dropped the focused card, to the card now in its place. React keeps the nodes of unchanged
 * cards (they are keyed by item id), so focus on them survives a refetch by itself.
 */
import { type FocusEvent, type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import { type FocusMark, markOf, neighbourMark, restoreFocus } from '../ui/focus.ts';

const useIsoLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/** The section's focus handlers, and `dismissing(li)` to call before a card is removed. */
export function useListFocus(
  listRef: RefObject<HTMLUListElement | null>,
  headingRef: RefObject<HTMLHeadingElement | null>,
): { onFocus: (e: FocusEvent) => void; onBlur: (e: FocusEvent) => void; dismissing: (li: Element | null) => void } {
  const after = useRef<{ mark: FocusMark | undefined } | null>(null);
  const last = useRef<{ el: Element; mark: FocusMark } | null>(null);
  useIsoLayoutEffect(() => {
    const list = listRef.current;
    const heading = headingRef.current;
    if (!heading) return;
    const lost = last.current && !last.current.el.isConnected && (!document.activeElement || document.activeElement === document.body);
    const mark = after.current ? after.current.mark : lost ? last.current?.mark : undefined;
    if (!after.current && !lost) return;
    after.current = null;
    if (list) restoreFocus(list, mark, heading);
    else heading.focus();
  });
  return {
    onFocus: (e) => {
      const mark = listRef.current ? markOf(e.target, listRef.current) : undefined;
      last.current = mark ? { el: e.target, mark } : null;
    },
    // Focus left for somewhere else (not because its card was removed): nothing to restore.
    onBlur: (e) => {
      if (e.target.isConnected && !e.currentTarget.contains(e.relatedTarget)) last.current = null;
    },
    dismissing: (li) => {
      after.current = { mark: li && listRef.current ? neighbourMark(li, listRef.current) : undefined };
    },
  };
}
