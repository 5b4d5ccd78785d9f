import { createError, ErrorCodes } from '../errors.ts';
import { checkModelKey } from '../model-key.ts';
import type { IndexCodes } from '../vector-index/index.ts';
import type { IndexCodesPart, StoreDb } from './schema.ts';
import { withStore } from './tx.ts';

/**
 * Rows per `codes` record: 8,192 rows of the default 512-d index are ~5 MB, so 100k rows are 13
 * records (reads of records of a few MB measured as fast as one big one, and each stays cheap to clone).
 */
export const CODES_PART_ROWS = 8192;

/** An index's codes as stored: the codes, and the content hash each row's vector was made from. */
export interface SavedIndexCodes {
  codes: IndexCodes;
  /** `hashes[i]` is the content hash of the item `codes.keys[i]` when its vector was made. */
  hashes: string[];
  /** When they were saved, in milliseconds since the epoch. */
  savedAt: number;
}

/** Keys `[modelKey, part]` of every part of one model's codes. */
function modelParts(modelKey: string): IDBKeyRange {
  return IDBKeyRange.bound([modelKey, -Infinity], [modelKey, Infinity]);
}

/**
 * Replaces the stored index codes of `modelKey` in one transaction. A derived cache (the vectors
 * stay the source of truth), so the write is relaxed like theirs.
 */
export async function saveIndexCodes(db: StoreDb, modelKey: string, codes: IndexCodes, hashes: readonly string[]): Promise<void> {
  checkModelKey(modelKey, 'saveIndexCodes');
  const n = codes.keys.length;
  if (hashes.length !== n) throw createError(ErrorCodes.INVALID_OPTION, `saveIndexCodes: ${n} rows but ${hashes.length} hashes`);
  const savedAt = Date.now();
  const parts = Math.max(1, Math.ceil(n / CODES_PART_ROWS));
  const records: IndexCodesPart[] = [];
  for (let part = 0; part < parts; part++) {
    const from = part * CODES_PART_ROWS;
    const to = Math.min(n, from + CODES_PART_ROWS);
    const slice: IndexCodesPart['codes'] = {};
    for (const [name, bytes] of Object.entries(codes.codes) as Array<[keyof IndexCodes['codes'], Uint8Array]>) {
      const stride = n === 0 ? 0 : bytes.length / n;
      slice[name] = bytes.slice(from * stride, to * stride);
    }
    records.push({
      modelKey,
      part,
      parts,
      savedAt,
      keys: codes.keys.slice(from, to),
      hashes: hashes.slice(from, to),
      codes: slice,
      ...(part === 0 ? { state: codes.state, ...(codes.lists ? { lists: codes.lists } : {}) } : {}),
    });
  }
  await withStore(
    db,
    'codes',
    'readwrite',
    async (store) => {
      await store.delete(modelParts(modelKey));
      await Promise.all(records.map((r) => store.put(r)));
    },
    { durability: 'relaxed' },
  );
}

/**
 * The stored index codes of `modelKey`, reassembled; undefined when there are none or the parts do
 * not belong to one save (then the caller falls back to the vectors).
 */
export async function loadIndexCodes(db: StoreDb, modelKey: string): Promise<SavedIndexCodes | undefined> {
  checkModelKey(modelKey, 'loadIndexCodes');
  const records = await db.getAll('codes', modelParts(modelKey));
  const first = records[0];
  if (!first?.state) return undefined;
  const consistent = records.length === first.parts && records.every((r, i) => r.part === i && r.savedAt === first.savedAt);
  if (!consistent) return undefined;
  const keys = records.flatMap((r) => r.keys);
  const hashes = records.flatMap((r) => r.hashes);
  const codes: IndexCodes['codes'] = {};
  for (const name of Object.keys(first.codes) as Array<keyof IndexCodes['codes']>) {
    const all = new Uint8Array(records.reduce((total, r) => total + (r.codes[name]?.length ?? 0), 0));
    let off = 0;
    for (const r of records) {
      const bytes = r.codes[name] ?? new Uint8Array(0);
      all.set(bytes, off);
      off += bytes.length;
    }
    codes[name] = all;
  }
  return {
    codes: { version: 1, state: first.state, keys, codes, ...(first.lists ? { lists: first.lists } : {}) },
    hashes,
    savedAt: first.savedAt,
  };
}

/** Removes the stored index codes of `modelKey` (e.g. the index kind changed, or the model did). */
export async function deleteIndexCodes(db: StoreDb, modelKey: string): Promise<void> {
  checkModelKey(modelKey, 'deleteIndexCodes');
  await withStore(db, 'codes', 'readwrite', (store) => store.delete(modelParts(modelKey)));
}
