/**
 * The build's catalog parts (src/artifact/catalog-parts.ts): the valid records in the artifact's
 * row order, a few hundred per file, for a first visit that shows its first ranked cards before
 * the whole catalog is in.
 */
import { encodeCatalogParts } from '../artifact/catalog-parts.ts';
import type { ArtifactCatalogParts } from '../artifact/format.ts';
import { sortKeys } from '../artifact/keys.ts';
import type { CatalogEntry } from '../catalog/index.ts';

/**
 * Catalogs from this many items get parts (as they get a starter file: src/cli/starter-step.ts).
 * A page uses them only when it fetches the artifact's head first, which a smaller catalog's
 * artifact is too small for (src/worker/prebuilt/artifact-head.ts `HEAD_MIN_BYTES`).
 */
export const CATALOG_PARTS_MIN_ITEMS = 5_000;

/** The parts' files and manifest entry for `entries`, or undefined below {@link CATALOG_PARTS_MIN_ITEMS}. */
export async function catalogPartFiles(
  entries: readonly CatalogEntry[],
): Promise<{ entry: ArtifactCatalogParts; files: { name: string; bytes: Uint8Array }[] } | undefined> {
  if (entries.length < CATALOG_PARTS_MIN_ITEMS) return undefined;
  const byKey = new Map(entries.map((e) => [e.key, e.item]));
  return encodeCatalogParts(sortKeys([...byKey.keys()]).map((key) => byKey.get(key)!));
}
