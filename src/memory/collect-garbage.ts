/**
 * Asks V8 for a full garbage collection in this worker, which it may otherwise not run for the
 * whole visit.
 *
 * A first visit allocates several times what it keeps (the trust check's texts, parsed items, the
 * index's steps, IndexedDB's copies of what it writes: docs/notes/first-visit-memory.md). The
 * young generation promotes what happens to be alive at each scavenge, and dead objects then pile
 * up in the old generation until its allocation limit, which a worker's heap of a few tens of live
 * MB may never reach; an idle worker gets no memory-reducing GC either. So the renderer's resident
 * set climbs to its peak and stays there.
 *
 * A page cannot call `gc()`. But V8 counts ArrayBuffer backing stores as external memory and
 * starts a full collection when that grows by more than its limit (64 MB) since the last one.
 * Allocating a large ArrayBuffer and dropping it at once does that: its pages are freshly mapped
 * and zero by construction, never written, so they never become resident. (A synthetic worker
 * that churns 600 MB of objects with 60k alive at a time: renderer peak 305-313 MB without the
 * request, 203-205 MB with one after every 200k objects.)
 *
 * The worker asks before the catalog's download (the head's answers' garbage), every 4,000 items
 * of the trust check, after each step of vectors and every 8 snapshot parts written to IndexedDB,
 * and once the check and the snapshot are done. The phone's 32k first visit, 6 pairs against the
 * build before: renderer peak at the cards -20 MB, settled -35 MB (lower in every pair); 100k items
 * 639 / 656 against 711 / 699 MB, first answer and `ready` unchanged.
 *
 * A pass over a bigger catalog asks less often per item (`collectionStride`): a full GC takes time
 * in proportion to the live heap, which grows with the catalog, so requests at a fixed count of
 * items cost time growing with its square (100k items: ~60 requests before `ready`).
 */

/** Above V8's external-memory step (64 MiB), so one allocation crosses it whatever came before. */
const PRESSURE_BYTES = 96 * 1024 * 1024;

/**
 * Requests a full GC of this worker's heap soon (see the module comment). Returns whether it could
 * ask; never throws.
 */
export function collectGarbage(): boolean {
  try {
    // Dropped at once: the request is the allocation itself.
    return new ArrayBuffer(PRESSURE_BYTES).byteLength === PRESSURE_BYTES;
  } catch {
    // No address space for it (a 32-bit device): nothing is asked, nothing is lost.
    return false;
  }
}

/**
 * Requests a pass makes at most, whatever the catalog's size: 9 keeps the cadence the phone's 32k
 * visit was measured with (the check's 17 slices, the 8 adoption steps, the 33 snapshot parts),
 * and a 100k visit asks ~25 times instead of ~60 (`ready` 5.22-5.50 against 5.45-5.55 s over 3
 * alternating pairs, renderer peak not higher: docs/notes/first-visit-memory.md).
 */
export const COLLECTIONS_PER_PASS = 9;

/**
 * How many of a pass's `steps` go between two requests: `atLeast` (the cadence chosen for small
 * catalogs), more when the pass is long enough that `COLLECTIONS_PER_PASS` requests would be
 * exceeded.
 */
export function collectionStride(steps: number, atLeast: number): number {
  return Math.max(atLeast, Math.ceil(steps / COLLECTIONS_PER_PASS));
}
