/**
 * On-device storage of inpage-rec (IndexedDB through `idb`): chunked vectors per model, the last
 * catalog snapshot, the visitor's event history and settings. Nothing here does network I/O.
 */

export { CATALOG_CHUNK_SIZE, type CatalogSnapshot, type SaveSnapshotOptions } from './catalog.ts';
export { CHUNK_SIZE, type QuantizedRows, type StoredRows, type VectorBatch, type VectorSet } from './chunks.ts';
export { CODES_PART_ROWS, type SavedIndexCodes } from './codes.ts';
export { MAX_EVENTS, trimEvents } from './history.ts';
export { createMemoryStore } from './memory-store.ts';
export { deleteDatabase, type FactoryOptions } from './open.ts';
export { DB_PREFIX, SCHEMA_VERSION, type StoredEntry } from './schema.ts';
export { getFromParts, removeParts, type Settings, setInParts } from './setting-parts.ts';
export type { SnapshotAmendment } from './snapshot-amendment.ts';
export { openStore, type Store } from './store.ts';
