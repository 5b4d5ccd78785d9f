import { createError, ErrorCodes } from '../errors.ts';
import type { CatalogPart, StoreDb, StoredEntry } from './schema.ts';
import { withStore } from './tx.ts';

/** Entries per `items` record: few records keep reads fast, small ones keep each clone cheap. */
export const CATALOG_CHUNK_SIZE = 1000;

/** The last catalog saved with {@link saveSnapshot}. */
export interface CatalogSnapshot {
  modelKey: string;
  entries: StoredEntry[];
  /** When it was saved, in milliseconds since the epoch, so callers can judge its age. */
  savedAt: number;
}

/**
 * Replaces the stored catalog snapshot with `entries`, in one transaction.
 *
 * The snapshot lets a later visit show recommendations before the catalog is fetched again.
 * Only `key`, `hash` and `item` of each entry are stored.
 */
export async function saveSnapshot(db: StoreDb, modelKey: string, entries: StoredEntry[]): Promise<void> {
  if (typeof modelKey !== 'string' || modelKey === '')
    throw createError(ErrorCodes.INVALID_OPTION, `saveSnapshot: modelKey must be a non-empty string`);
  if (!Array.isArray(entries)) throw createError(ErrorCodes.INVALID_OPTION, `saveSnapshot: entries must be an array`);
  const savedAt = Date.now();
  // An empty catalog still gets one part, so the snapshot remembers its model key.
  const parts = Math.max(1, Math.ceil(entries.length / CATALOG_CHUNK_SIZE));
  const records: CatalogPart[] = [];
  for (let part = 0; part < parts; part++) {
    const slice = entries.slice(part * CATALOG_CHUNK_SIZE, (part + 1) * CATALOG_CHUNK_SIZE);
    records.push({ part, parts, modelKey, savedAt, entries: slice.map(({ key, hash, item }) => ({ key, hash, item })) });
  }
  await withStore(
    db,
    'items',
    'readwrite',
    async (store) => {
      await store.clear();
      await Promise.all(records.map((r) => store.put(r)));
    },
    // The snapshot is a cache of a catalog that can be fetched again.
    { durability: 'relaxed' },
  );
}

/** The stored catalog snapshot, or `undefined` when there is none (first visit, or erased). */
export async function loadSnapshot(db: StoreDb): Promise<CatalogSnapshot | undefined> {
  const records = await db.getAll('items');
  const first = records[0];
  if (!first) return undefined;
  // Saves are atomic, so a mismatch means someone else wrote here; treat it as a cache miss.
  const consistent =
    records.length === first.parts && records.every((r, i) => r.part === i && r.modelKey === first.modelKey && r.savedAt === first.savedAt);
  if (!consistent) return undefined;
  return { modelKey: first.modelKey, entries: records.flatMap((r) => r.entries), savedAt: first.savedAt };
}
