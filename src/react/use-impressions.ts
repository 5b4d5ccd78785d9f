/**
 * Impressions for the React component: one `ImpressionTracker` (ui/impressions.ts) per component,
 * reset when the list's context (mode, item, query, filter) changes, reporting the card's detail.
 */
import { useEffect, useRef } from 'react';
import type { Recommendation } from '../types/index.ts';
import { type CardEventDetail, cardDetail } from '../ui/events.ts';
import { ImpressionTracker } from '../ui/impressions.ts';
import type { Mode } from '../ui/modes.ts';
import { safeHttpUrl } from '../ui/safe-url.ts';

/** The tracker of a list showing `recs`; `observe` each card's node with its item id. */
export function useImpressions(
  recs: readonly Recommendation[],
  mode: Mode,
  context: string,
  onImpression: ((detail: CardEventDetail) => void) | undefined,
): ImpressionTracker {
  const latest = useRef({ recs, mode, onImpression });
  latest.current = { recs, mode, onImpression };
  const tracker = useRef<ImpressionTracker | null>(null);
  tracker.current ??= new ImpressionTracker((id) => {
    const { recs: shown, mode: m, onImpression: report } = latest.current;
    const at = shown.findIndex((x) => String(x.id) === id);
    if (at >= 0) report?.(cardDetail(shown[at]!, at, m, safeHttpUrl(shown[at]!.item.url)));
  });
  const seenContext = useRef(context);
  if (seenContext.current !== context) {
    seenContext.current = context;
    tracker.current.reset();
  }
  useEffect(() => () => tracker.current?.disconnect(), []);
  return tracker.current;
}
