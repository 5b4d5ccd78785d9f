/**
 * A first visit's head-ranked answers: before the catalog is in, a mode that ranks an item's
 * nearest neighbours by content (`Mode.nearestFirst`: similar items) is answered from the
 * artifact's head alone (artifact-head.ts: keys and sign bits, ~42 B per item at 128 dimensions),
 * with the records of the shown items from the build's catalog parts (catalog-parts.ts). Marked
 * warming: the catalog's arrival brings the full ranking (the blend, the site's signals, the
 * codes). On a phone's link at 32k items this is the first vector-ranked answer at ~3 s instead
 * of ~8 s (docs/notes/phone-first-visit.md).
 */
import type { AnyMode } from '../../modes/index.ts';
import type { Recommendation } from '../../types/index.ts';
import { checkInput, checkRankOptions } from '../ranking/rank-options.ts';
import type { ArtifactHead } from './artifact-head.ts';
import type { ArtifactSource } from './artifact-source.ts';
import { CatalogParts } from './catalog-parts.ts';
import { HEAD_WORTH_MS } from './prebuilt.ts';

/** What a first visit ranks with before the catalog: the head, and the records of its rows. */
export interface EarlyHead {
  head: ArtifactHead;
  parts: Pick<CatalogParts, 'records'>;
}

/**
 * The head and its catalog parts once the head is in, or undefined: no head (a small or older
 * artifact, one of another model), no catalog parts, or the rest of the artifact near enough
 * (`HEAD_WORTH_MS`: a fast link, where the full answers come about as soon).
 */
export async function earlyHead(source: ArtifactSource, url: string): Promise<EarlyHead | undefined> {
  // Decided on the manifest first (the visit has it already): a build without parts holds nothing back.
  const manifest = await source.fetchManifest().catch(() => undefined);
  if (!manifest?.catalogParts) return undefined;
  const head = await source.ranking();
  const entry = head?.manifest.catalogParts;
  if (!head || !entry || source.remainingMs() <= HEAD_WORTH_MS) return undefined;
  return { head, parts: new CatalogParts(url, entry, head.keys) };
}

/**
 * The head's answer to a call of `mode` with the page's `args` (item, then options): the asked
 * item's nearest neighbours by sign bits, `excludeIds` left out, `k` of them with their records,
 * marked warming. Undefined when the head cannot answer: an item it lacks, or a `filter` (which
 * reads records the page does not have yet). `diversity` and `minScore` are the full ranking's:
 * the sign bits' scores are not on its scale. Rejects when a catalog part cannot be fetched.
 */
export async function headRecommendations(
  early: EarlyHead,
  mode: AnyMode,
  args: readonly unknown[],
): Promise<Recommendation[] | undefined> {
  if (mode.input !== 'item') return undefined;
  const key = checkInput(mode.method, mode.input, args[0]);
  const { k, filter, excludeIds } = checkRankOptions(mode.method, args[1]);
  if (filter) return undefined;
  const excluded = new Set((excludeIds ?? []).map(String));
  const near = early.head.nearest(key, k, (other) => excluded.has(other));
  if (!near) return undefined;
  const items = await early.parts.records(near.map((r) => r.row));
  return near.map((r, i) => ({ id: items[i]!.id, item: items[i]!, score: r.score, warming: true }));
}
