/**
 * A click on a recommendation card, shared by the element and the React component. A plain click
 * navigates away, which would kill the worker mid-write, so it records the click first (waiting at
 * most 500 ms), then follows the link; modified clicks (new tab, download) just record. When the
 * page handles the navigation itself (it cancelled the widget's click event, e.g. an SPA router),
 * the click is recorded and the widget leaves the navigation to the page.
 */
import type { Recommendation, Recommender } from '../types/index.ts';

/** The parts of a DOM or React mouse event this needs. */
export interface ClickLike {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  preventDefault(): void;
}

/** Longest wait for the click to be stored before navigating anyway. */
const TRACK_WAIT_MS = 500;

/** True for a click that follows the link in this tab (no modifier, main button). */
export function isPlainClick(e: ClickLike): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

/**
 * Records a click on `rec`, then (plain clicks) navigates to `href`; with `pageNavigates` (the page
 * cancelled the widget's click event and routes itself) it only stops the browser's own navigation.
 */
export async function trackThenFollow(
  e: ClickLike,
  r: Recommender,
  rec: Recommendation,
  href: string,
  pageNavigates = false,
): Promise<void> {
  const tracked = r.track({ type: 'click', itemId: rec.id }).catch(() => undefined);
  if (!isPlainClick(e)) return;
  e.preventDefault();
  if (pageNavigates) return;
  await Promise.race([tracked, new Promise((ok) => setTimeout(ok, TRACK_WAIT_MS))]);
  location.assign(href);
}
