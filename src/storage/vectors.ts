import { createError, ErrorCodes } from '../errors.ts';
import { checkModelKey } from '../model-key.ts';
import {
  appendChunks,
  CHUNK_SIZE,
  checkChunk,
  chunkFloats,
  concatChunks,
  isQuantized,
  packChunks,
  type StoredRows,
  survivingRows,
  type VectorBatch,
  type VectorSet,
} from './chunks.ts';
import type { StoreDb, VectorChunk } from './schema.ts';
import { readInGroups, withStore } from './tx.ts';

// Vectors can always be recomputed from the catalog, so their writes need not wait for the disk.
const RELAXED = { durability: 'relaxed' } as const;

/** Keys `[modelKey, chunk]` from `firstChunk` on: all chunks of one model, in chunk order. */
function modelRange(modelKey: string, firstChunk = -Infinity): IDBKeyRange {
  return IDBKeyRange.bound([modelKey, firstChunk], [modelKey, Infinity]);
}

/**
 * Appends vectors of `modelKey` in one transaction: all of them are stored, or none. `rows` are
 * float32, or a prebuilt artifact's codes and scales, kept in that form (chunks.ts).
 *
 * The model's last chunk is rewritten with the new vectors until it holds `CHUNK_SIZE`, so callers
 * can persist every encoded batch (a reload then resumes) without piling up small records.
 */
export async function putVectors(db: StoreDb, modelKey: string, dims: number, hashes: string[], rows: StoredRows): Promise<void> {
  checkModelKey(modelKey, 'putVectors');
  if (!Number.isInteger(dims) || dims <= 0)
    throw createError(ErrorCodes.INVALID_OPTION, `putVectors: dims must be a positive integer, got ${dims}`);
  if (!Array.isArray(hashes) || hashes.some((h) => typeof h !== 'string')) {
    throw createError(ErrorCodes.INVALID_OPTION, `putVectors: hashes must be an array of strings`);
  }
  checkRows(rows, hashes.length, dims);
  if (hashes.length === 0) return;
  await withStore(
    db,
    'vectors',
    'readwrite',
    async (store) => {
      const cursor = await store.openCursor(modelRange(modelKey), 'prev');
      const tail = cursor?.value;
      if (tail && tail.dims !== dims) {
        throw createError(ErrorCodes.INVALID_OPTION, `putVectors: "${modelKey}" holds ${tail.dims}-dim vectors, got ${dims} dims`);
      }
      if (tail) checkChunk('putVectors', tail, dims);
      await Promise.all(appendChunks(modelKey, tail, { dims, hashes, rows }).map((c) => store.put(c)));
    },
    RELAXED,
  );
}

/** Throws `INVALID_OPTION` unless `rows` holds `count` rows of `dims`. */
function checkRows(rows: StoredRows, count: number, dims: number): void {
  const got = isQuantized(rows)
    ? (rows.codes instanceof Int8Array || rows.codes instanceof Int16Array) &&
      rows.scales instanceof Float32Array &&
      rows.scales.length === count
      ? rows.codes.length
      : -1
    : rows instanceof Float32Array
      ? rows.length
      : -1;
  if (got !== count * dims) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `putVectors: expected ${count} x ${dims} = ${count * dims} values (and ${count} scales for codes), got ${got}`,
    );
  }
}

/**
 * All vectors of `modelKey` in one contiguous array, read with a single `getAll`: the store's
 * inspection read (tests, tools). The engine reads with {@link eachVectorChunk}, which never holds
 * the whole set as float32.
 *
 * A hash written twice keeps its first position with its last value. A model with no vectors
 * gives `dims: 0` and empty arrays.
 */
export async function loadVectors(db: StoreDb, modelKey: string): Promise<VectorSet> {
  checkModelKey(modelKey, 'loadVectors');
  const chunks = await db.getAll('vectors', modelRange(modelKey));
  return concatChunks(chunks);
}

/** Records per read of {@link eachVectorChunk}: see there. */
const READ_GROUP = 16;

/**
 * Hands the vectors of `modelKey` to `sink` a record at a time, in chunk order, as float32 rows: a
 * later write of a hash comes after the earlier one, so a sink that replaces keeps the newest.
 * `vectors` is a view of one buffer decoded into for every record: copy what you keep.
 *
 * Why not `loadVectors`: a returning 100k visit held every stored vector as float32 (51 MB at 128
 * dims) beside the records it read and the index it filled, for the ~0.5 s the adoption took. Read
 * here `group` records per request (`readInGroups`), only one record's floats and two groups'
 * records are held at once.
 */
export async function eachVectorChunk(
  db: StoreDb,
  modelKey: string,
  sink: (batch: VectorBatch) => void,
  group = READ_GROUP,
): Promise<void> {
  checkModelKey(modelKey, 'eachVectorChunk');
  await withStore(db, 'vectors', 'readonly', async (store) => {
    let scratch: Float32Array | undefined;
    let dims = 0;
    await readInGroups(
      (range, count) => store.getAll(range, count),
      (last: VectorChunk | undefined) => modelRange(modelKey, last ? last.chunk + 1 : undefined),
      group,
      (chunks) => {
        for (const c of chunks) {
          dims ||= c.dims;
          checkChunk('eachVectorChunk', c, dims);
          scratch ??= new Float32Array(CHUNK_SIZE * dims);
          sink({ dims, hashes: c.hashes, vectors: chunkFloats(c, scratch) });
        }
      },
    );
  });
}

/** Which entries of `chunks` survive a prune: the last write of each hash in `keep`. */
function survivors(chunks: VectorChunk[], keep: ReadonlySet<string>): boolean[][] {
  const seen = new Set<string>();
  const alive = chunks.map((c) => c.hashes.map(() => false));
  // Walk backwards so the first time we meet a hash is its last write.
  for (let c = chunks.length - 1; c >= 0; c--) {
    const hashes = chunks[c]?.hashes ?? [];
    const row = alive[c] ?? [];
    for (let i = hashes.length - 1; i >= 0; i--) {
      const h = hashes[i] as string;
      if (seen.has(h)) continue;
      seen.add(h);
      row[i] = keep.has(h);
    }
  }
  return alive;
}

/**
 * Removes the vectors of `modelKey` whose hash is not in `keep`, and returns how many distinct
 * hashes were removed (what `loadVectors` no longer returns).
 *
 * Chunks before the first one that loses an entry stay untouched; from there on, the survivors are
 * rewritten compactly, which also drops superseded duplicates. All in one transaction.
 */
export async function pruneVectors(db: StoreDb, modelKey: string, keep: ReadonlySet<string>): Promise<number> {
  checkModelKey(modelKey, 'pruneVectors');
  return withStore(
    db,
    'vectors',
    'readwrite',
    async (store) => {
      const chunks = await store.getAll(modelRange(modelKey));
      const first = chunks[0];
      if (!first) return 0;
      for (const c of chunks) checkChunk('pruneVectors', c, first.dims);
      const alive = survivors(chunks, keep);
      const dirty = alive.findIndex((row) => row.includes(false));
      const from = chunks[dirty];
      if (!from) return 0;

      const distinctBefore = new Set(chunks.flatMap((c) => c.hashes)).size;
      const dims = first.dims;
      // Survivors per form, each packed from the next free chunk number (an int8 row stays int8).
      const batches = survivingRows(chunks.slice(dirty), alive.slice(dirty), dims);
      await store.delete(modelRange(modelKey, from.chunk));
      let next = from.chunk;
      const records: VectorChunk[] = [];
      for (const batch of batches) {
        const packed = packChunks(modelKey, dims, next, batch);
        records.push(...packed);
        next += packed.length;
      }
      await Promise.all(records.map((c) => store.put(c)));
      // Chunks before `dirty` lost nothing, so they hold no duplicates; the survivors are distinct.
      const untouched = chunks.slice(0, dirty).reduce((n, c) => n + c.hashes.length, 0);
      const kept = batches.reduce((n, b) => n + b.hashes.length, 0);
      return distinctBefore - untouched - kept;
    },
    RELAXED,
  );
}

/** Removes every vector of `modelKey`, e.g. after the site switched to another model. */
export async function deleteModel(db: StoreDb, modelKey: string): Promise<void> {
  checkModelKey(modelKey, 'deleteModel');
  await withStore(db, 'vectors', 'readwrite', (store) => store.delete(modelRange(modelKey)));
}

/** Model keys that have vectors stored, sorted; callers delete the ones they no longer use. */
export async function listModelKeys(db: StoreDb): Promise<string[]> {
  return withStore(db, 'vectors', 'readonly', async (store) => {
    const keys: string[] = [];
    let cursor = await store.openKeyCursor();
    while (cursor) {
      const [modelKey] = cursor.key;
      keys.push(modelKey);
      // Jump past this model's chunks instead of visiting each one.
      cursor = await cursor.continue([modelKey, Infinity]);
    }
    return keys;
  });
}
