/**
 * A click on a recommendation card, shared by the element and the React component. A plain click
 * navigates away, which would kill the worker mid-write, so it records the click first (waiting at
 * most 500 ms), then follows the link; modified clicks (new tab, download) just record.
 */
import type { Recommendation, Recommender } from '../types.ts';

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

/** Records a click on `rec`, then (plain clicks) navigates to `href`. */
export async function trackThenFollow(e: ClickLike, r: Recommender, rec: Recommendation, href: string): Promise<void> {
  const plain = e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
  const tracked = r.track({ type: 'click', itemId: rec.id }).catch(() => undefined);
  if (!plain) return;
  e.preventDefault();
  await Promise.race([tracked, new Promise((ok) => setTimeout(ok, TRACK_WAIT_MS))]);
  location.assign(href);
}
