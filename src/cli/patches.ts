/**
 * The patches a build writes beside its binary (src/artifact/patch.ts): one from the previous
 * build in the output folder, and one from each build that build still had a patch from (the
 * items changed since then, accumulated), newest first, at most `MAX_PATCHES`, none over
 * `MAX_PATCH_SHARE` of the items. A visitor who adopted any of those builds then fetches one patch
 * instead of the binary; one further behind fetches the binary.
 */

import type { ArtifactModel } from '../artifact/format.ts';
import {
  type ArtifactItem,
  type ArtifactTextRule,
  changedSince,
  MAX_PATCH_SHARE,
  MAX_PATCHES,
  type WrittenPatch,
  writePatch,
} from '../artifact/index.ts';

/** What the previous build tells about older builds. */
export interface PatchHistory {
  /** SHA-256 of the previous build's binary. */
  base: string;
  /** Its items' content hashes by key. */
  hashes: ReadonlyMap<string, string>;
  /** Its patches that could be read back: the build each starts from and the keys it holds. */
  patches: readonly { from: string; keys: ReadonlySet<string> }[];
  /** SHA-256s of the catalogs a catalog patch could start from: the previous build's, then those it had patches from. */
  catalogs?: readonly string[];
}

/** What a patch is written with. */
interface PatchInput {
  model: ArtifactModel;
  textRule: ArtifactTextRule;
  generator: string;
  /** The artifact's code width: a patch codes its items as the binary does. */
  codeBits?: number;
}

/**
 * The patches from the builds `history` knows to the build of `items` whose binary has SHA-256
 * `base`. Deterministic: the same items and history give the same bytes.
 */
export async function buildPatches(
  input: PatchInput,
  items: readonly ArtifactItem[],
  base: string,
  history: PatchHistory | undefined,
): Promise<WrittenPatch[]> {
  if (!history) return [];
  const changed = new Set(changedSince(items, history.hashes).map((item) => item.key));
  const candidates = [
    { from: history.base, keys: changed },
    ...history.patches.map((p) => ({ from: p.from, keys: new Set([...p.keys, ...changed]) })),
  ];
  const limit = Math.floor(MAX_PATCH_SHARE * items.length);
  const out: WrittenPatch[] = [];
  const seen = new Set<string>([base]);
  for (const { from, keys } of candidates) {
    if (out.length === MAX_PATCHES) break;
    // A visitor of this very build needs nothing; a build met twice keeps its newest patch.
    if (seen.has(from)) continue;
    seen.add(from);
    const chosen = items.filter((item) => keys.has(item.key));
    if (chosen.length > limit) continue;
    out.push(await writePatch(input, from, chosen));
  }
  return out;
}
