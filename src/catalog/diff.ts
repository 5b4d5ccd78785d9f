import type { CatalogEntry } from './types.ts';

/** How a new catalog differs from what is stored. */
export interface CatalogDiff {
  /** Entries whose key is not stored yet: embed them. */
  added: CatalogEntry[];
  /** Entries stored under a different hash (text or model changed): embed them again. */
  changed: CatalogEntry[];
  /** Entries stored with the same hash: their vectors can be reused. */
  unchanged: CatalogEntry[];
  /** Stored keys absent from the new catalog: delete their vectors. */
  removed: string[];
}

/**
 * Compares the stored catalog (`previous`: key -> content hash) with freshly validated entries, so
 * `update(catalog)` re-embeds only what is new or changed. Lists keep the order of `next`
 * (`removed`: the order of `previous`). `next` is expected to have unique keys, as
 * `validateCatalog` guarantees; if a key repeats, only its first entry counts.
 */
export function diffCatalog(previous: ReadonlyMap<string, string>, next: readonly CatalogEntry[]): CatalogDiff {
  const diff: CatalogDiff = { added: [], changed: [], unchanged: [], removed: [] };
  const present = new Set<string>();
  for (const entry of next) {
    if (present.has(entry.key)) continue;
    present.add(entry.key);
    const stored = previous.get(entry.key);
    if (stored === undefined) diff.added.push(entry);
    else if (stored === entry.hash) diff.unchanged.push(entry);
    else diff.changed.push(entry);
  }
  for (const key of previous.keys()) if (!present.has(key)) diff.removed.push(key);
  return diff;
}
