/**
 * The "for you" request's profile (docs/guide/remote.md): the weighted mean of the history
 * anchors' vectors, and the ids to leave out. This is all a retrieval endpoint learns of the
 * history: no event, no type, no time, no order (the ids are sorted).
 *
 * A mean ranks the next item worse than the page's own per-anchor neighbour lists merged by max
 * (recommend/history.ts measured 1.5-3x); the issue's privacy line (one vector, never the events)
 * is kept over that, and the page ranks "for you" itself whenever it holds the catalog's vectors
 * and the endpoint is down.
 */
import type { HistoryProfile } from '../../recommend/index.ts';
import { MAX_EXCLUDE } from '../../types/remote-limits.ts';

/** Digits kept of each profile number: a halfvec holds fewer. */
const SCALE = 1e6;

/** The unit-length weighted mean of the anchors' vectors that `vectors` holds; null when none does. */
export function profileVector(profile: HistoryProfile, vectors: ReadonlyMap<string, Float32Array>): number[] | null {
  let sum: Float64Array | undefined;
  for (const anchor of profile.anchors) {
    const v = vectors.get(anchor.key);
    if (!v) continue;
    sum ??= new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) sum[i]! += anchor.weight * v[i]!;
  }
  if (!sum) return null;
  const norm = Math.hypot(...sum);
  if (norm === 0) return null;
  return Array.from(sum, (x) => Math.round((x / norm) * SCALE) / SCALE);
}

/** Seen and dismissed items, sorted, with the call's own `excludeIds` first; at most `MAX_EXCLUDE`. */
export function excludedIds(profile: HistoryProfile, callExcludes: readonly string[]): string[] {
  const history = [...new Set([...profile.seen, ...profile.dismissed])].sort();
  return [...new Set([...callExcludes, ...history])].slice(0, MAX_EXCLUDE);
}
