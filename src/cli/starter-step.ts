/**
 * The build's starter file (src/artifact/starter-file.ts): the catalog records a first visit shows
 * while the catalog downloads. With the site's signals, the most popular items by the published
 * popularity, which is differentially private already (src/signals/private.ts), so choosing from
 * it reveals nothing more about any session; without them, a spread over the catalog's categories,
 * what "for you" shows a new visitor before vectors exist (src/recommend/cold-start.ts).
 */
import type { ArtifactStarter } from '../artifact/format.ts';
import { sortKeys } from '../artifact/keys.ts';
import { encodeStarter, STARTER_ITEMS, type Starter } from '../artifact/starter-file.ts';
import type { CatalogEntry } from '../catalog/index.ts';
import { fieldSpread } from '../recommend/index.ts';
import { decodeSignals, SignalLookup } from '../signals/index.ts';

/** Fewer popular items than this and the starter is a spread instead (a sparse log's few items). */
const MIN_POPULAR = 8;

/** The starter of `entries` (in catalog order) and, with `signals` (the section, rows in `sortedKeys` order), its popularity. */
export function starterOf(entries: readonly CatalogEntry[], signals?: { bytes: Uint8Array; sortedKeys: readonly string[] }): Starter {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  if (signals) {
    const lookup = new SignalLookup(decodeSignals(signals.bytes, signals.sortedKeys), signals.sortedKeys);
    const popular = lookup.popular(STARTER_ITEMS).filter((key) => byKey.has(key));
    if (popular.length >= MIN_POPULAR) return { basis: 'popular', items: popular.map((key) => byKey.get(key)!.item) };
  }
  return {
    basis: 'sample',
    items: fieldSpread(byKey)
      .slice(0, STARTER_ITEMS)
      .map((key) => byKey.get(key)!.item),
  };
}

/**
 * Catalogs from this many items get a starter file. A smaller catalog is itself a few hundred KB
 * of brotli at most (Steam-like records: ~60 B per item), so it comes about as soon as a starter
 * would, and every first visit would pay one more request for nothing.
 */
export const STARTER_MIN_ITEMS = 5_000;

/** The starter file (name and bytes) and its manifest entry for `entries` (see `starterOf`), or undefined below {@link STARTER_MIN_ITEMS}. */
export async function starterFile(
  entries: readonly CatalogEntry[],
  signals: Uint8Array | undefined,
): Promise<{ entry: ArtifactStarter; file: { name: string; bytes: Uint8Array } } | undefined> {
  if (entries.length < STARTER_MIN_ITEMS) return undefined;
  const { bytes, entry } = await encodeStarter(
    starterOf(entries, signals && { bytes: signals, sortedKeys: sortKeys(entries.map((e) => e.key)) }),
  );
  return { entry, file: { name: entry.file.name, bytes } };
}
