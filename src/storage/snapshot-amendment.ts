/**
 * A catalog snapshot written before its items were verified, and the small record that completes it.
 *
 * Why: a big first visit with prebuilt vectors trusts the artifact's hashes, then checks every item
 * (~3 s at 100k). Writing the snapshot's parts only after that check kept the fetched catalog's body
 * in the worker to the end (71 MB at 100k Steam items) and put the write itself (~0.5 s) before
 * `ready`. Written while the check runs, the parts let the body go early (stored-elements.ts); what
 * the check then finds (a changed hash, an item's faulty field left out) is one amendment of a few
 * KB, not every part again. A snapshot whose amendment never came (the tab closed mid-check) is
 * no snapshot: its parts might show a field the check would have left out.
 */
import type { StoredNames } from '../catalog/name-column.ts';
import type { CatalogPart, StoreDb } from './schema.ts';
import { withStore } from './tx.ts';

/** The amendment's part number: outside the parts' 0, 1, 2, ..., and read first. */
export const AMENDMENT_PART = -1;

/** What the check found after a pending snapshot was written (see the module comment). */
export interface SnapshotAmendment {
  /** `SaveSnapshotOptions.source`, now that the entries are verified. */
  source?: string;
  /** `[entry index, hash]` of each entry whose content hash is not the one written. */
  hashes: [number, string][];
  /** `[entry index, fields]` of every entry with fields left out, in place of what the parts hold. */
  omitted: [number, string[]][];
  /** Every entry's name fields, in entry order, when the check recorded them (disk-snapshot.ts). */
  names?: StoredNames;
}

/**
 * Stores the amendment of the pending snapshot written with `token` (`SaveSnapshotOptions.pending`).
 * Resolves to false, writing nothing, when the stored snapshot is not that one (another tab saved
 * since, or it was never written).
 */
export async function completeSnapshot(db: StoreDb, token: string, amendment: SnapshotAmendment): Promise<boolean> {
  return withStore(db, 'items', 'readwrite', async (store) => {
    const first = await store.get(0);
    if (!first || first.pending !== token) return false;
    await store.put({
      part: AMENDMENT_PART,
      parts: first.parts,
      modelKey: first.modelKey,
      savedAt: first.savedAt,
      pending: token,
      ...(amendment.source !== undefined ? { source: amendment.source } : {}),
      amendHashes: amendment.hashes,
      amendOmitted: amendment.omitted,
      ...(amendment.names ? { amendNames: amendment.names } : {}),
    });
    return true;
  });
}

/**
 * Applies `amendment` to the parts of its snapshot (records as read, changed in place; `partSize`
 * entries each). False when it is not theirs or is malformed: the snapshot is then not used.
 */
export function applyAmendment(parts: CatalogPart[], amendment: CatalogPart | undefined, partSize: number): boolean {
  const first = parts[0];
  if (!first || !amendment || amendment.pending !== first.pending || amendment.savedAt !== first.savedAt) return false;
  const { amendHashes, amendOmitted } = amendment;
  if (!Array.isArray(amendHashes) || !Array.isArray(amendOmitted)) return false;
  const place = (index: unknown) => {
    if (!Number.isInteger(index) || (index as number) < 0) return undefined;
    const part = parts[Math.floor((index as number) / partSize)];
    const at = (index as number) % partSize;
    return part && Array.isArray(part.keys) && at < part.keys.length ? { part, at } : undefined;
  };
  for (const change of amendHashes) {
    const where = Array.isArray(change) ? place(change[0]) : undefined;
    if (!where || typeof change[1] !== 'string' || !Array.isArray(where.part.hashes)) return false;
    where.part.hashes[where.at] = change[1];
  }
  for (const part of parts) part.omitted = [];
  for (const fields of amendOmitted) {
    const where = Array.isArray(fields) ? place(fields[0]) : undefined;
    if (!where || !Array.isArray(fields[1])) return false;
    where.part.omitted!.push([where.at, fields[1]]);
  }
  return true;
}
