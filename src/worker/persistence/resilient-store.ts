/**
 * Storage that degrades instead of breaking, the way Dexie and localForage users expect: when
 * IndexedDB cannot be opened (missing, blocked, erroring) the visit runs on an in-memory store;
 * when a write fails later (a quota hit mid-embedding) what was stored stays stored, the vectors
 * stay in memory and later writes are still tried, so whatever fits persists. Either way the page
 * hears one `warning` with a code, and `status().storage` says which mode is in use.
 */
import { createError, ErrorCodes, InpageRecError } from '../../errors.ts';
import { createMemoryStore, type Store } from '../../storage/index.ts';

/** Where this visit's data lives: IndexedDB, memory only, or IndexedDB with some writes lost. */
export type StorageMode = 'indexeddb' | 'memory' | 'partial';

/** A storage problem the visit survived. */
export interface StorageWarning {
  code: string;
  message: string;
}

/** A store plus the mode it ended up in. */
export interface ResilientStore {
  store: Store;
  mode(): StorageMode;
}

function asError(err: unknown): InpageRecError {
  return err instanceof InpageRecError ? err : createError(ErrorCodes.STORAGE_FAILED, String(err), err);
}

/**
 * Opens the store with `open`, falling back to memory. Write failures of a working store are
 * reported once and swallowed, read failures read as empty; erasing history is the exception and
 * still rejects, because a visitor who asked to be forgotten must learn that it did not happen.
 */
export async function openResilientStore(
  namespace: string,
  open: (namespace: string) => Promise<Store>,
  onWarning: (w: StorageWarning) => void,
): Promise<ResilientStore> {
  let inner: Store;
  try {
    inner = await open(namespace);
  } catch (err) {
    const e = asError(err);
    onWarning({ code: e.code, message: `${e.message}; this visit runs in memory: vectors and history are not kept after it` });
    return { store: createMemoryStore(namespace), mode: () => 'memory' };
  }
  let mode: StorageMode = 'indexeddb';
  const degrade = (err: unknown): void => {
    const e = asError(err);
    if (e.code !== ErrorCodes.STORAGE_FAILED) throw e; // a bad argument is a bug, not a storage problem
    if (mode === 'indexeddb')
      onWarning({ code: e.code, message: `${e.message}; results are kept in memory and the rest of this visit's data may not be saved` });
    mode = 'partial';
  };
  const write =
    <A extends unknown[]>(fn: (...a: A) => Promise<unknown>) =>
    async (...a: A): Promise<void> => {
      try {
        await fn(...a);
      } catch (err) {
        degrade(err);
      }
    };
  const read =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>, empty: () => R) =>
    async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (err) {
        degrade(err);
        return empty();
      }
    };
  const store: Store = {
    namespace,
    putVectors: write(inner.putVectors.bind(inner)),
    loadVectors: read(inner.loadVectors.bind(inner), () => ({ dims: 0, hashes: [], vectors: new Float32Array(0) })),
    eachVectors: read(inner.eachVectors.bind(inner), () => undefined),
    pruneVectors: read(inner.pruneVectors.bind(inner), () => 0),
    deleteModel: write(inner.deleteModel.bind(inner)),
    saveIndexCodes: write(inner.saveIndexCodes.bind(inner)),
    loadIndexCodes: read(inner.loadIndexCodes.bind(inner), () => undefined),
    deleteIndexCodes: write(inner.deleteIndexCodes.bind(inner)),
    listModelKeys: read(inner.listModelKeys.bind(inner), () => []),
    saveSnapshot: write(inner.saveSnapshot.bind(inner)),
    completeSnapshot: read(inner.completeSnapshot.bind(inner), () => false),
    loadSnapshot: read(inner.loadSnapshot.bind(inner), () => undefined),
    addEvent: write(inner.addEvent.bind(inner)),
    recentEvents: read(inner.recentEvents.bind(inner), () => []),
    clearHistory: inner.clearHistory.bind(inner),
    getSetting: <T>(key: string) => read(inner.getSetting.bind(inner), () => undefined)(key) as Promise<T | undefined>,
    setSetting: write(inner.setSetting.bind(inner)),
    close: () => inner.close(),
  };
  return { store, mode: () => mode };
}
